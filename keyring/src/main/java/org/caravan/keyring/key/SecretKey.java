package org.caravan.keyring.key;

import java.time.Instant;

/** An OpenPGP secret key (unprotected in this version). Never log it. */
public final class SecretKey {

    /** Generates an Ed25519 signing/certifying primary key with one user id, created at {@code creationTime}. */
    public static SecretKey generate(String userId, Instant creationTime) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Parses an armored or binary transferable secret key (unprotected). */
    public static SecretKey parse(byte[] data) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** ASCII-armored transferable secret key. */
    public String armored() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    public Certificate certificate() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    public Fingerprint fingerprint() {
        return certificate().fingerprint();
    }

    public String userId() {
        return certificate().userId();
    }

    /**
     * The 32-byte Ed25519 seed of the primary key (RFC 8032 private key), from which BEP 44 key pairs
     * are derived. Throws {@link KeyFormatException} if the primary key is not Ed25519.
     */
    public byte[] ed25519Seed() {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
