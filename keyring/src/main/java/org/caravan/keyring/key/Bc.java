package org.caravan.keyring.key;

import java.io.IOException;
import java.time.Instant;
import java.util.Date;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.api.OpenPGPImplementation;
import org.bouncycastle.openpgp.api.OpenPGPKey;
import org.bouncycastle.openpgp.api.OpenPGPKeyReader;
import org.bouncycastle.openpgp.api.bc.BcOpenPGPImplementation;

/**
 * Decoded Bouncy Castle views of Caravan keys. {@link Certificate} and {@link SecretKey} expose only
 * their encoded packets, so decoding happens here; the cache keeps repeated verifications from paying
 * for decoding again (it dominates Ed25519 checks, see FINDINGS). One cache for the whole keyring module.
 * Internal to keyring: other modules never see Bouncy Castle types.
 */
public final class Bc {
    public static final OpenPGPImplementation IMPLEMENTATION = new BcOpenPGPImplementation();
    private static final Map<Certificate, OpenPGPCertificate> CERTS = Collections.synchronizedMap(new WeakHashMap<>());
    private static final Map<SecretKey, OpenPGPKey> KEYS = Collections.synchronizedMap(new WeakHashMap<>());

    private Bc() {}

    public static OpenPGPCertificate of(Certificate c) {
        return CERTS.computeIfAbsent(c, k -> {
            try {
                return reader().parseCertificate(k.encoded());
            } catch (IOException e) {
                throw new KeyFormatException("cannot decode certificate " + k.fingerprint() + ": " + e.getMessage(), e);
            }
        });
    }

    public static OpenPGPKey of(SecretKey s) {
        return KEYS.computeIfAbsent(s, k -> {
            try {
                return reader().parseKey(k.encoded());
            } catch (IOException e) {
                throw new KeyFormatException("cannot decode secret key " + k.fingerprint() + ": " + e.getMessage(), e);
            }
        });
    }

    /**
     * The private primary key of {@code s}, to sign with; a protected key asks its passphrase the first time.
     *
     * @throws KeyFormatException when a protected key gets no passphrase or a wrong one
     */
    public static PGPPrivateKey privateKey(SecretKey s) {
        return s.primaryPrivateKey();
    }

    /** A component key chosen to sign, its unlocked private part and the hash it signs with. */
    public record Signer(PGPPublicKey publicKey, PGPPrivateKey privateKey, int hashAlgorithm) {}

    /**
     * The component of {@code s} that makes data signatures dated {@code at}, as GnuPG picks it (newest valid
     * signing subkey, else a signing primary), unlocked, with the hash its curve needs ({@code usualHash} unless
     * the curve needs a longer one).
     *
     * @throws UnusableKeyException when no component may sign data (certify-only, expired, revoked, weak, stub)
     */
    public static Signer dataSigner(SecretKey s, Instant at, int usualHash) {
        return signer(s, KeyComponents.Job.SIGN_DATA, at, usualHash);
    }

    /** As {@link #dataSigner}, for certifications and revocations of other keys (a certify-capable component). */
    public static Signer certifier(SecretKey s, Instant at, int usualHash) {
        return signer(s, KeyComponents.Job.CERTIFY, at, usualHash);
    }

    private static Signer signer(SecretKey s, KeyComponents.Job job, Instant at, int usualHash) {
        KeyComponents.Choice c = s.choose(job, Date.from(Instant.ofEpochSecond(at.getEpochSecond())));
        if (c.key() == null) {
            throw new UnusableKeyException(s.fingerprint(), c.refusal());
        }
        PGPPublicKey pub = c.key().getPGPPublicKey();
        PGPPrivateKey priv = s.privateKeyOf(c.key(), job == KeyComponents.Job.CERTIFY ? "certify" : "sign");
        return new Signer(pub, priv, KeyComponents.hashFor(pub, usualHash));
    }

    private static OpenPGPKeyReader reader() {
        return new OpenPGPKeyReader(IMPLEMENTATION, IMPLEMENTATION.policy());
    }
}
