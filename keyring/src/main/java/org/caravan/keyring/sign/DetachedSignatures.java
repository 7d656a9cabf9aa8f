package org.caravan.keyring.sign;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.SecretKey;

/** Standard OpenPGP detached signatures (binary document, SHA-256+), compatible with gpg --verify. */
public final class DetachedSignatures {
    private DetachedSignatures() {}

    /** Signs the file's bytes; returns an ASCII-armored detached signature dated {@code signedAt}. */
    public static String sign(SecretKey key, Path file, Instant signedAt) throws IOException {
        throw new UnsupportedOperationException("not yet implemented");
    }

    public static String sign(SecretKey key, byte[] data, Instant signedAt) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * Checks every signature in {@code armoredSignature} (a file may hold several) over the file
     * against {@code candidates}; one result per signature packet.
     */
    public static List<SignatureCheck> verify(Path file, byte[] armoredSignature, Collection<Certificate> candidates)
            throws IOException {
        throw new UnsupportedOperationException("not yet implemented");
    }

    public static List<SignatureCheck> verify(byte[] data, byte[] armoredSignature, Collection<Certificate> candidates) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
