package org.caravan.keyring.trust;

import java.io.IOException;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.api.OpenPGPKey;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.caravan.keyring.key.Bc;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.KeyComponents;
import org.caravan.keyring.key.KeyFormatException;
import org.caravan.keyring.key.SecretKey;

/**
 * Revocations of a whole key, as opposed to a store withdrawing its certification ({@link StoreAuthority#revoke}):
 * the key revoking itself, or a revoker the key designated beforehand (OpenPGP "revocation key"). Both are
 * standard key revocation signatures (type 0x20) that GnuPG understands; see docs/trust-encoding.md.
 */
public final class KeyRevocations {
    private KeyRevocations() {}

    /** The key revokes itself: compromised (hard) or retired/superseded (soft). Returns the certificate with it. */
    public static Certificate revokeSelf(SecretKey key, RevocationReason reason, String comment, Instant at) {
        return revokeAs(key, key.certificate(), reason, comment, at);
    }

    /**
     * {@code revoker} revokes {@code target}. The engine honours it only when {@code revoker} is the target
     * itself or a revoker the target designated; anyone else's key revocation is ignored.
     */
    public static Certificate revokeAs(SecretKey revoker, Certificate target, RevocationReason reason, String comment,
            Instant at) {
        if (revoker == null || target == null || reason == null || at == null) {
            throw new IllegalArgumentException("a key revocation needs a revoker, a target, a reason and a time");
        }
        PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
        hashed.setSignatureCreationTime(true, Date.from(seconds(at)));
        hashed.setRevocationReason(false, (byte) reason.openPgpCode(), comment == null ? "" : comment);
        return attach(revoker, target, PGPSignature.KEY_REVOCATION, hashed);
    }

    /**
     * {@code key} designates {@code revoker} as allowed to revoke it (a direct-key self-signature with a
     * revocation-key subpacket), so a maintainer or a second device can retire a lost key.
     */
    public static Certificate designateRevoker(SecretKey key, Certificate revoker, Instant at) {
        if (key == null || revoker == null || at == null) {
            throw new IllegalArgumentException("designating a revoker needs the key, the revoker and a time");
        }
        if (key.fingerprint().equals(revoker.fingerprint())) {
            throw new IllegalArgumentException("key " + key.fingerprint() + " can always revoke itself; designate another key");
        }
        PGPPublicKey revokerKey = Bc.of(revoker).getPrimaryKey().getPGPPublicKey();
        PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
        hashed.setSignatureCreationTime(true, Date.from(seconds(at)));
        hashed.addRevocationKey(true, revokerKey.getAlgorithm(), revokerKey.getFingerprint());
        keepKeyProperties(key.certificate(), at, hashed);
        return attach(key, key.certificate(), PGPSignature.DIRECT_KEY, hashed);
    }

    /** What a key's newest self-signature says of the whole key, carried into a new direct-key self-signature. */
    private static final int[] KEY_PROPERTIES = {org.bouncycastle.bcpg.SignatureSubpacketTags.KEY_FLAGS,
            org.bouncycastle.bcpg.SignatureSubpacketTags.KEY_EXPIRE_TIME,
            org.bouncycastle.bcpg.SignatureSubpacketTags.PREFERRED_SYM_ALGS,
            org.bouncycastle.bcpg.SignatureSubpacketTags.PREFERRED_HASH_ALGS,
            org.bouncycastle.bcpg.SignatureSubpacketTags.PREFERRED_COMP_ALGS,
            org.bouncycastle.bcpg.SignatureSubpacketTags.FEATURES};

    /**
     * A newer direct-key self-signature is the key's authoritative self-signature for Sequoia (and RFC 9580):
     * one without key flags or expiry leaves a key that may do nothing (sq) or anything (gpg: [SCA]). So it
     * repeats the usage flags, expiry and preferences of the newest self-signature before it.
     */
    private static void keepKeyProperties(Certificate key, Instant at, PGPSignatureSubpacketGenerator hashed) {
        OpenPGPCertificate.OpenPGPComponentSignature latest =
                Bc.of(key).getPrimaryKey().getLatestSelfSignature(Date.from(seconds(at)));
        if (latest == null || latest.getSignature().getHashedSubPackets() == null) {
            return;
        }
        org.bouncycastle.openpgp.PGPSignatureSubpacketVector v = latest.getSignature().getHashedSubPackets();
        for (int type : KEY_PROPERTIES) {
            for (org.bouncycastle.bcpg.SignatureSubpacket sp : v.getSubpackets(type)) {
                hashed.addCustomSubpacket(sp);
            }
        }
    }

    private static Certificate attach(SecretKey signerKey, Certificate target, int type, PGPSignatureSubpacketGenerator hashed) {
        OpenPGPKey signer = Bc.of(signerKey);
        OpenPGPCertificate subject = Bc.of(target);
        // A key's own signatures over itself are the primary's; a designated revoker's is a certification
        // and comes from its certify-capable (sub)key.
        boolean self = signerKey.fingerprint().equals(target.fingerprint());
        Bc.Signer revoker = self ? null : Bc.certifier(signerKey,
                hashed.generate().getSignatureCreationTime().toInstant(), HashAlgorithmTags.SHA512);
        try {
            PGPPublicKey signerPub = self ? signer.getPrimaryKey().getPGPPublicKey() : revoker.publicKey();
            hashed.setIssuerFingerprint(false, signerPub);
            PGPSignatureSubpacketGenerator unhashed = new PGPSignatureSubpacketGenerator();
            unhashed.setIssuerKeyID(false, signerPub.getKeyID());
            PGPSignatureGenerator generator = new PGPSignatureGenerator(
                    new BcPGPContentSignerBuilder(signerPub.getAlgorithm(), KeyComponents.hashFor(signerPub,
                            HashAlgorithmTags.SHA512)), signerPub);
            generator.init(type, self ? Bc.privateKey(signerKey) : revoker.privateKey());
            generator.setHashedSubpackets(hashed.generate());
            generator.setUnhashedSubpackets(unhashed.generate());
            PGPPublicKey targetPub = subject.getPrimaryKey().getPGPPublicKey();
            PGPSignature sig = generator.generateCertification(targetPub);
            PGPPublicKey signed = PGPPublicKey.addCertification(targetPub, sig);
            return Certificate.parse(PGPPublicKeyRing.insertPublicKey(subject.getPGPPublicKeyRing(), signed).getEncoded());
        } catch (PGPException | IOException e) {
            throw new KeyFormatException("cannot sign key " + target.fingerprint() + " with " + signerKey.fingerprint()
                    + ": " + e.getMessage(), e);
        }
    }

    private static Instant seconds(Instant t) {
        return Instant.ofEpochSecond(t.getEpochSecond());
    }
}
