package org.caravan.keyring.key;

import java.time.Instant;
import java.util.List;

/**
 * An OpenPGP certificate (public key with its user ids, bindings and third-party signatures).
 * Immutable; wraps Bouncy Castle's OpenPGPCertificate without exposing it.
 */
public final class Certificate {
    // TODO(keyring helper): hold the BC OpenPGPCertificate (package-private accessor for keyring internals).

    /** Parses one armored or binary certificate. A secret key is refused. */
    public static Certificate parse(byte[] data) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Parses a keyring file holding any number of armored or binary certificates. */
    public static List<Certificate> parseAll(byte[] data) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** ASCII-armored form, with every signature this certificate carries. */
    public String armored() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    public Fingerprint fingerprint() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** The primary user id, e.g. {@code Alice <alice@example.org>}. */
    public String userId() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    public Instant creationTime() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * The 32-byte raw Ed25519 public key of the primary key (RFC 8032 encoding), as used by
     * BEP 44 / BEP 46 channels. Throws {@link KeyFormatException} if the primary key is not Ed25519.
     */
    public byte[] ed25519PublicKey() {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
