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

    /** A Caravan-style certification (level, scope) hashed with the given OpenPGP hash algorithm, e.g. SHA-1. */
    static Certificate certificationWithHash(SecretKey certifier, Certificate subject, Level level, Scope scope,
            Instant at, int hashAlgorithm) throws Exception {
        PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
        hashed.setSignatureCreationTime(true, Date.from(at));
        hashed.setTrust(true, level.rank(), 120);
        hashed.addNotationData(false, true, "scope@caravan.org", scope.value());
        return sign(certifier, subject, PGPSignature.CASUAL_CERTIFICATION, hashed, true, hashAlgorithm);
    }

    /** An RSA key of the given size, as old GnuPG setups still carry. */
    static SecretKey rsaKey(String userId, int bits, Instant created) throws Exception {
        org.bouncycastle.crypto.generators.RSAKeyPairGenerator g = new org.bouncycastle.crypto.generators.RSAKeyPairGenerator();
        g.init(new org.bouncycastle.crypto.params.RSAKeyGenerationParameters(java.math.BigInteger.valueOf(65537),
                new java.security.SecureRandom(), bits, 80));
        org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair pair = new org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair(
                org.bouncycastle.bcpg.PublicKeyAlgorithmTags.RSA_GENERAL, g.generateKeyPair(), Date.from(created));
        PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
        hashed.setKeyFlags(true, org.bouncycastle.bcpg.sig.KeyFlags.CERTIFY_OTHER | org.bouncycastle.bcpg.sig.KeyFlags.SIGN_DATA);
        org.bouncycastle.openpgp.PGPKeyRingGenerator rings = new org.bouncycastle.openpgp.PGPKeyRingGenerator(
                PGPSignature.POSITIVE_CERTIFICATION, pair, userId,
                new org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1),
                hashed.generate(), null,
                new BcPGPContentSignerBuilder(org.bouncycastle.bcpg.PublicKeyAlgorithmTags.RSA_GENERAL, HashAlgorithmTags.SHA256),
                null);
        return SecretKey.parse(rings.generateSecretKeyRing().getEncoded());
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
        return sign(certifier, subject, type, hashed, onUserId, HashAlgorithmTags.SHA256);
    }

    private static Certificate sign(SecretKey certifier, Certificate subject, int type,
            PGPSignatureSubpacketGenerator hashed, boolean onUserId, int hashAlgorithm) throws Exception {
        OpenPGPKey signer = new OpenPGPKeyReader().parseKey(certifier.encoded());
        OpenPGPCertificate target = new OpenPGPKeyReader().parseCertificate(subject.encoded());
        PGPPublicKey signerPub = signer.getPrimaryKey().getPGPPublicKey();
        hashed.setIssuerFingerprint(false, signerPub);
        PGPSignatureGenerator gen = new PGPSignatureGenerator(
                new BcPGPContentSignerBuilder(signerPub.getAlgorithm(), hashAlgorithm), signerPub);
        gen.init(type, signer.getPrimarySecretKey().unlock().getKeyPair().getPrivateKey());
        gen.setHashedSubpackets(hashed.generate());
        PGPPublicKey targetPub = target.getPrimaryKey().getPGPPublicKey();
        PGPPublicKey signed = onUserId
                ? PGPPublicKey.addCertification(targetPub, subject.userId(), gen.generateCertification(subject.userId(), targetPub))
                : PGPPublicKey.addCertification(targetPub, gen.generateCertification(targetPub));
        return Certificate.parse(PGPPublicKeyRing.insertPublicKey(target.getPGPPublicKeyRing(), signed).getEncoded());
    }
}
