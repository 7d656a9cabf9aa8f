package org.caravan.keyring.trust;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.caravan.keyring.key.Bc;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.KeyFormatException;
import org.caravan.keyring.key.KeyUsability;
import org.caravan.keyring.key.UnusableKeyException;
import org.caravan.keyring.key.SecretKey;

/**
 * What a store root (or maintainer) signs about developer keys: certifications with a privilege level
 * and a scope, and revocations. Results are the developer certificate with the new signature attached.
 * The exact packet layout is in docs/trust-encoding.md.
 */
public final class StoreAuthority {
    private StoreAuthority() {}

    /**
     * Certifies {@code developer}'s primary user id with a level and scope, encoded as an OpenPGP
     * trust signature (level/amount) plus a {@code scope@caravan.org} notation. {@code expires} may be null.
     */
    public static Certificate certify(SecretKey certifier, Certificate developer, Level level, Scope scope,
            Instant signedAt, Instant expires) {
        require(certifier, developer, signedAt);
        if (level == null || scope == null) {
            throw new IllegalArgumentException("certification of " + developer.fingerprint() + " needs a level and a scope");
        }
        Instant at = seconds(signedAt);
        // A key that cannot sign anything Caravan could check and trust (certify-only, expired, revoked, weak,
        // an unsupported curve) gains nothing from a certification: say so now, not on every client later.
        if (KeyUsability.asSigner(developer, at) instanceof KeyUsability.Unusable u) {
            throw new UnusableKeyException(developer.fingerprint(), "refusing to certify: " + u.reason());
        }
        if (expires != null && !seconds(expires).isAfter(at)) {
            throw new IllegalArgumentException("certification of " + developer.fingerprint() + " would expire ("
                    + expires + ") before it is made (" + signedAt + ")");
        }
        PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
        hashed.setSignatureCreationTime(true, Date.from(at));
        // Critical, so an implementation that cannot honour the level refuses the certification rather than
        // reading it as an unlimited one.
        hashed.setTrust(true, level.rank(), Encoding.TRUST_AMOUNT);
        hashed.addNotationData(false, true, Encoding.SCOPE_NOTATION, scope.value());
        if (expires != null) {
            hashed.setSignatureExpirationTime(true, Duration.between(at, seconds(expires)).getSeconds());
        }
        return attach(certifier, developer, PGPSignature.CASUAL_CERTIFICATION, hashed);
    }

    /** Revokes the certifier's certification(s) of {@code developer} with a reason (hard or soft). */
    public static Certificate revoke(SecretKey certifier, Certificate developer, RevocationReason reason,
            String comment, Instant signedAt) {
        require(certifier, developer, signedAt);
        if (reason == null) {
            throw new IllegalArgumentException("revocation of " + developer.fingerprint() + " needs a reason");
        }
        PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
        hashed.setSignatureCreationTime(true, Date.from(seconds(signedAt)));
        hashed.setRevocationReason(false, (byte) reason.openPgpCode(), comment == null ? "" : comment);
        return attach(certifier, developer, PGPSignature.CERTIFICATION_REVOCATION, hashed);
    }

    /** Every certification and revocation other keys made on {@code key}, decoded but NOT verified. */
    public static List<Certification> signaturesOn(Certificate key) {
        return Encoding.thirdPartySignatures(Bc.of(key).getPrimaryKey().getPGPPublicKey()).stream()
                .map(Encoding.Found::meaning)
                .toList();
    }

    private static void require(SecretKey certifier, Certificate developer, Instant signedAt) {
        if (certifier == null || developer == null) {
            throw new IllegalArgumentException("a certifier key and a developer certificate are required");
        }
        if (signedAt == null) {
            throw new IllegalArgumentException("signature time for " + developer.fingerprint() + " is missing");
        }
        if (certifier.fingerprint().equals(developer.fingerprint())) {
            throw new IllegalArgumentException("key " + developer.fingerprint() + " cannot certify itself");
        }
    }

    private static Certificate attach(SecretKey certifier, Certificate developer, int type,
            PGPSignatureSubpacketGenerator hashed) {
        OpenPGPCertificate subject = Bc.of(developer);
        // The certify-capable (sub)key, as gpg picks it; refused here, with the fix, if there is none.
        Bc.Signer signer = Bc.certifier(certifier, hashed.generate().getSignatureCreationTime().toInstant(),
                HashAlgorithmTags.SHA512);
        try {
            PGPPublicKey signerPub = signer.publicKey();
            PGPPrivateKey priv = signer.privateKey();
            hashed.setIssuerFingerprint(false, signerPub);
            PGPSignatureSubpacketGenerator unhashed = new PGPSignatureSubpacketGenerator();
            unhashed.setIssuerKeyID(false, signerPub.getKeyID());
            // Certifications are tiny: BC's own digest is fine here, and keeps this free of JCA providers.
            PGPSignatureGenerator generator = new PGPSignatureGenerator(
                    new BcPGPContentSignerBuilder(signerPub.getAlgorithm(), signer.hashAlgorithm()), signerPub);
            generator.init(type, priv);
            generator.setHashedSubpackets(hashed.generate());
            generator.setUnhashedSubpackets(unhashed.generate());
            PGPPublicKey target = subject.getPrimaryKey().getPGPPublicKey();
            String uid = developer.userId();
            PGPSignature sig = generator.generateCertification(uid, target);
            PGPPublicKey signed = PGPPublicKey.addCertification(target, uid, sig);
            PGPPublicKeyRing ring = PGPPublicKeyRing.insertPublicKey(subject.getPGPPublicKeyRing(), signed);
            return Certificate.parse(ring.getEncoded());
        } catch (PGPException | java.io.IOException e) {
            throw new KeyFormatException("cannot sign " + developer.fingerprint() + " with " + certifier.fingerprint()
                    + ": " + e.getMessage(), e);
        }
    }

    private static Instant seconds(Instant t) {
        return Instant.ofEpochSecond(t.getEpochSecond());
    }
}
