package org.caravan.keyring.key;

import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import org.caravan.keyring.key.KeyComponents.Job;

/**
 * Whether a key can do a job now, asked before anything is signed: so that an expired, revoked, weak,
 * certify-only, stub or unsupported-curve key is refused when {@code package sign} or {@code store certify}
 * runs, with the key, the reason and the fix in one line, rather than later as an untrusted or "bad"
 * signature on every client.
 */
public sealed interface KeyUsability {
    /** The key can do it; {@code component} is the fingerprint of the (sub)key that will sign. */
    record Usable(Fingerprint key, String component) implements KeyUsability {}

    /** It cannot; {@code reason} names the key, what is missing and the fix. */
    record Unusable(Fingerprint key, String reason) implements KeyUsability {}

    /** Whether {@code key} can make data signatures (packages, catalogs, root sets) dated {@code at}. */
    static KeyUsability forSigning(SecretKey key, Instant at) {
        return of(key, Job.SIGN_DATA, at);
    }

    /** Whether {@code key} can certify or revoke other keys at {@code at}. */
    static KeyUsability forCertifying(SecretKey key, Instant at) {
        return of(key, Job.CERTIFY, at);
    }

    /**
     * Whether signatures {@code key} makes at {@code at} could be checked and trusted: what a store asks of a
     * developer key before certifying it (a key that cannot sign anything Caravan can verify is not worth a
     * certification).
     */
    static KeyUsability asSigner(Certificate key, Instant at) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(at, "time");
        KeyComponents.Choice c = KeyComponents.choose(Bc.of(key), Job.SIGN_DATA, Date.from(at), null);
        return c.key() == null ? new Unusable(key.fingerprint(), c.refusal())
                : new Usable(key.fingerprint(), KeyComponents.hex(c.key().getPGPPublicKey().getFingerprint()));
    }

    private static KeyUsability of(SecretKey key, Job job, Instant at) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(at, "time");
        KeyComponents.Choice c = key.choose(job, Date.from(Instant.ofEpochSecond(at.getEpochSecond())));
        return c.key() == null ? new Unusable(key.fingerprint(), c.refusal())
                : new Usable(key.fingerprint(), KeyComponents.hex(c.key().getPGPPublicKey().getFingerprint()));
    }
}
