package org.caravan.keyring.trust;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicSubkeyPacket;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.api.OpenPGPKey;
import org.bouncycastle.openpgp.api.OpenPGPKeyReader;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
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

    // --------------------------------------------------------------------------------------------
    // Subkeys and v3 keys (see FixtureKeys).

    /**
     * A Caravan-style certification (level, scope) made by component {@code component} of {@code certifier}
     * (0 = primary key, 1.. = subkeys in certificate order), naming that component as the issuer.
     */
    static Certificate certifyWithComponent(SecretKey certifier, int component, Certificate subject, Level level,
            Scope scope, Instant at) throws Exception {
        OpenPGPKey key = new OpenPGPKeyReader().parseKey(certifier.encoded());
        OpenPGPCertificate.OpenPGPComponentKey signer = key.getKeys().get(component);
        PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
        hashed.setSignatureCreationTime(true, Date.from(at));
        hashed.setTrust(true, level.rank(), 120);
        hashed.addNotationData(false, true, "scope@caravan.org", scope.value());
        hashed.setIssuerFingerprint(false, signer.getPGPPublicKey());
        PGPSignatureGenerator gen = new PGPSignatureGenerator(
                new BcPGPContentSignerBuilder(signer.getAlgorithm(), HashAlgorithmTags.SHA512), signer.getPGPPublicKey());
        gen.init(PGPSignature.CASUAL_CERTIFICATION, key.getSecretKey(signer).unlock().getKeyPair().getPrivateKey());
        gen.setHashedSubpackets(hashed.generate());
        return attach(subject, gen);
    }

    /** A detached signature over {@code data} by component {@code component} of {@code key} (0 = primary). */
    static byte[] signWithComponent(SecretKey key, int component, byte[] data, Instant at) throws Exception {
        OpenPGPKey k = new OpenPGPKeyReader().parseKey(key.encoded());
        OpenPGPCertificate.OpenPGPComponentKey signer = k.getKeys().get(component);
        PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
        hashed.setSignatureCreationTime(true, Date.from(at));
        hashed.setIssuerFingerprint(false, signer.getPGPPublicKey());
        PGPSignatureGenerator gen = new PGPSignatureGenerator(
                new BcPGPContentSignerBuilder(signer.getAlgorithm(), HashAlgorithmTags.SHA256), signer.getPGPPublicKey());
        gen.init(PGPSignature.BINARY_DOCUMENT, k.getSecretKey(signer).unlock().getKeyPair().getPrivateKey());
        gen.setHashedSubpackets(hashed.generate());
        gen.update(data);
        return gen.generate().getEncoded();
    }

    /**
     * A certification made by the v3 fixture key: a v3 signature, which has no subpackets, so no room for
     * Caravan's level and scope either. A policy that allows v3 keys reads it, and finds no scope.
     */
    static Certificate certifyWithV3Key(Certificate subject, Instant at) throws Exception {
        PGPSecretKeyRing ring = FixtureKeys.legacyV3Secret();
        OpenPGPCertificate target = new OpenPGPKeyReader().parseCertificate(subject.encoded());
        PGPPublicKey targetPub = target.getPrimaryKey().getPGPPublicKey();
        PGPSignature sig = FixtureKeys.v3Signature(v3Private(ring), ring.getPublicKey(), PGPSignature.CASUAL_CERTIFICATION,
                at, FixtureKeys.v3CertificationContent(targetPub, subject.userId()));
        PGPPublicKey signed = PGPPublicKey.addCertification(targetPub, subject.userId(), sig);
        return Certificate.parse(PGPPublicKeyRing.insertPublicKey(target.getPGPPublicKeyRing(), signed).getEncoded());
    }

    /** A detached signature (v3, SHA-256) over {@code data} by the v3 fixture key. */
    static byte[] signWithV3Key(byte[] data, Instant at) throws Exception {
        PGPSecretKeyRing ring = FixtureKeys.legacyV3Secret();
        return FixtureKeys.v3Signature(v3Private(ring), ring.getPublicKey(), PGPSignature.BINARY_DOCUMENT, at, data)
                .getEncoded();
    }

    private static org.bouncycastle.openpgp.PGPPrivateKey v3Private(PGPSecretKeyRing ring) throws Exception {
        return ring.getSecretKey().extractPrivateKey(null);
    }

    /**
     * {@code victim}'s certificate with {@code attacker}'s key attached as a subkey, "bound" by a subkey
     * binding signature the attacker made itself: anyone can append such packets to a certificate they pass on.
     */
    static Certificate withForeignSubkey(Certificate victim, SecretKey attacker) throws Exception {
        OpenPGPKey thief = new OpenPGPKeyReader().parseKey(attacker.encoded());
        PGPPublicKey stolenShape = thief.getPrimaryKey().getPGPPublicKey();
        PublicSubkeyPacket packet = new PublicSubkeyPacket(stolenShape.getVersion(), stolenShape.getAlgorithm(),
                stolenShape.getCreationTime(), stolenShape.getPublicKeyPacket().getKey());
        PGPPublicKey subkey = new PGPPublicKey(packet, new BcKeyFingerprintCalculator());
        OpenPGPCertificate target = new OpenPGPKeyReader().parseCertificate(victim.encoded());
        PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
        hashed.setSignatureCreationTime(true, Date.from(victim.creationTime()));
        hashed.setKeyFlags(true, org.bouncycastle.bcpg.sig.KeyFlags.CERTIFY_OTHER
                | org.bouncycastle.bcpg.sig.KeyFlags.SIGN_DATA);
        PGPSignatureGenerator gen = new PGPSignatureGenerator(
                new BcPGPContentSignerBuilder(stolenShape.getAlgorithm(), HashAlgorithmTags.SHA512), stolenShape);
        gen.init(PGPSignature.SUBKEY_BINDING, thief.getPrimarySecretKey().unlock().getKeyPair().getPrivateKey());
        gen.setHashedSubpackets(hashed.generate());
        PGPSignature binding = gen.generateCertification(target.getPrimaryKey().getPGPPublicKey(), subkey);
        PGPPublicKey bound = PGPPublicKey.addCertification(subkey, binding);
        List<PGPPublicKey> keys = new ArrayList<>();
        target.getPGPPublicKeyRing().getPublicKeys().forEachRemaining(keys::add);
        keys.add(bound);
        return Certificate.parse(new PGPPublicKeyRing(keys).getEncoded());
    }

    private static Certificate attach(Certificate subject, PGPSignatureGenerator gen) throws Exception {
        OpenPGPCertificate target = new OpenPGPKeyReader().parseCertificate(subject.encoded());
        PGPPublicKey targetPub = target.getPrimaryKey().getPGPPublicKey();
        PGPPublicKey signed = PGPPublicKey.addCertification(targetPub, subject.userId(),
                gen.generateCertification(subject.userId(), targetPub));
        return Certificate.parse(PGPPublicKeyRing.insertPublicKey(target.getPGPPublicKeyRing(), signed).getEncoded());
    }
}
