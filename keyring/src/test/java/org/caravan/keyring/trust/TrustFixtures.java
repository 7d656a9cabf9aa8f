package org.caravan.keyring.trust;

import java.time.Instant;
import java.util.Date;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.api.OpenPGPKey;
import org.bouncycastle.openpgp.api.OpenPGPKeyReader;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.SecretKey;

/** Signatures Caravan itself never makes, built with Bouncy Castle to test how the engine treats them. */
final class TrustFixtures {
    private TrustFixtures() {}

    /** A certification with a trust level but no scope notation, as another tool might make. */
    static Certificate certificationWithoutScope(SecretKey certifier, Certificate subject, Instant at) throws Exception {
        PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
        hashed.setSignatureCreationTime(true, Date.from(at));
        hashed.setTrust(true, Level.DEVELOPER.rank(), 120);
        return sign(certifier, subject, PGPSignature.CASUAL_CERTIFICATION, hashed, true);
    }

    /** The key revokes itself (0x20) at {@code at}. */
    static Certificate selfRevoked(SecretKey key, Instant at) throws Exception {
        PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
        hashed.setSignatureCreationTime(true, Date.from(at));
        hashed.setRevocationReason(false, (byte) RevocationReason.COMPROMISED.openPgpCode(), "lost it");
        return sign(key, key.certificate(), PGPSignature.KEY_REVOCATION, hashed, false);
    }

    private static Certificate sign(SecretKey certifier, Certificate subject, int type,
            PGPSignatureSubpacketGenerator hashed, boolean onUserId) throws Exception {
        OpenPGPKey signer = new OpenPGPKeyReader().parseKey(certifier.encoded());
        OpenPGPCertificate target = new OpenPGPKeyReader().parseCertificate(subject.encoded());
        PGPPublicKey signerPub = signer.getPrimaryKey().getPGPPublicKey();
        hashed.setIssuerFingerprint(false, signerPub);
        PGPSignatureGenerator gen = new PGPSignatureGenerator(
                new BcPGPContentSignerBuilder(signerPub.getAlgorithm(), HashAlgorithmTags.SHA256), signerPub);
        gen.init(type, signer.getPrimarySecretKey().unlock().getKeyPair().getPrivateKey());
        gen.setHashedSubpackets(hashed.generate());
        PGPPublicKey targetPub = target.getPrimaryKey().getPGPPublicKey();
        PGPPublicKey signed = onUserId
                ? PGPPublicKey.addCertification(targetPub, subject.userId(), gen.generateCertification(subject.userId(), targetPub))
                : PGPPublicKey.addCertification(targetPub, gen.generateCertification(targetPub));
        return Certificate.parse(PGPPublicKeyRing.insertPublicKey(target.getPGPPublicKeyRing(), signed).getEncoded());
    }
}
