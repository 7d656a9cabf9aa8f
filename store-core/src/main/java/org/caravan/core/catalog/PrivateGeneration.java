package org.caravan.core.catalog;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Collection;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.seal.ContentKey;
import org.caravan.keyring.seal.KeyWrap;
import org.caravan.keyring.seal.SealBrokenException;
import org.caravan.keyring.seal.SealedStream;
import org.caravan.keyring.seal.Unwrapped;

/**
 * A private store's generation as it travels (docs/protocol.md section 10): the plain generation file sealed under a
 * fresh content key, that key wrapped (OpenPGP) for every subscriber's certificate. Anyone may fetch and seed it;
 * without a subscriber's key it shows only its size and how many keys it is wrapped for.
 */
public final class PrivateGeneration {
    private static final byte[] MAGIC = {'C', 'R', 'V', 'N', 'P', 'R', 'I', 'V', 1};
    /** 10 000 X25519 recipients take ~1 MB; far more is not a generation but an attack on the reader. */
    static final int MAX_WRAPPED_BYTES = 64 * 1024 * 1024;

    private PrivateGeneration() {}

    /** Whether {@code file} is a sealed private generation (by its first bytes). */
    public static boolean isSealed(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(MAGIC.length), MAGIC);
        }
    }

    /** Seals {@code plain} into {@code out} for {@code subscribers}; returns the bytes the wrapped key takes. */
    public static long seal(Path plain, Path out, Collection<Certificate> subscribers) throws IOException {
        if (subscribers.isEmpty()) {
            throw new IllegalStateException("a private generation needs at least one subscriber");
        }
        ContentKey key = ContentKey.random();
        byte[] wrapped = KeyWrap.wrap(key.bytes(), subscribers, false);
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20);
                DataOutputStream d = new DataOutputStream(o);
                InputStream in = new BufferedInputStream(Files.newInputStream(plain), 1 << 20)) {
            d.write(MAGIC);
            d.writeInt(wrapped.length);
            d.write(wrapped);
            SealedStream.seal(in, d, key);
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return wrapped.length;
    }

    /**
     * Opens a sealed generation with this home's key into {@code plainOut}.
     *
     * @throws NotSubscribedException when the content key is wrapped for other keys only
     * @throws CatalogFormatException when the file is not a sealed generation or does not open whole
     */
    public static void open(Path file, SecretKey identity, String storeName, Path plainOut) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 20);
                DataInputStream in = new DataInputStream(raw)) {
            if (!Arrays.equals(in.readNBytes(MAGIC.length), MAGIC)) {
                throw new CatalogFormatException(file.getFileName() + " is not a private generation of format 1");
            }
            int n = in.readInt();
            if (n <= 0 || n > MAX_WRAPPED_BYTES) {
                throw new CatalogFormatException(file.getFileName() + " declares a wrapped key of " + n + " bytes");
            }
            byte[] wrapped = in.readNBytes(n);
            if (wrapped.length != n) {
                throw new CatalogFormatException(file.getFileName() + " is cut short in its wrapped key");
            }
            Unwrapped u = KeyWrap.unwrap(wrapped, identity);
            if (u instanceof Unwrapped.NotForThisKey other) {
                throw new NotSubscribedException(storeName, identity.fingerprint().hex(),
                        other.recipientKeyIds().size());
            }
            if (u instanceof Unwrapped.Broken b) {
                throw new CatalogFormatException(file.getFileName() + ": its wrapped key does not open: " + b.reason());
            }
            byte[] secret = ((Unwrapped.Opened) u).secret();
            if (secret.length != ContentKey.BYTES) {
                throw new CatalogFormatException(file.getFileName() + ": its wrapped key is " + secret.length + " bytes");
            }
            try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(plainOut), 1 << 20)) {
                SealedStream.open(in, o, ContentKey.of(secret), file.getFileName().toString());
            } catch (SealBrokenException e) {
                Files.deleteIfExists(plainOut);
                throw new CatalogFormatException(e.getMessage());
            }
        } catch (java.io.EOFException e) {
            throw new CatalogFormatException(file.getFileName() + " is cut short");
        }
    }

    /** The key ids a sealed generation's content key is wrapped for (its public part). */
    public static java.util.List<String> recipients(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            in.readNBytes(MAGIC.length);
            byte[] wrapped = in.readNBytes(in.readInt());
            return KeyWrap.recipientKeyIds(wrapped);
        }
    }

    /** The wrapped key alone (an OpenPGP message), e.g. for {@code gpg --decrypt}. */
    public static byte[] wrappedKey(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            in.readNBytes(MAGIC.length);
            return in.readNBytes(in.readInt());
        }
    }

    /** A home that is not among a private store's subscribers for a generation. */
    public static final class NotSubscribedException extends IllegalStateException {
        public NotSubscribedException(String storeName, String me, int recipients) {
            super("this home (key " + me + ") is not a subscriber of private store " + storeName
                    + ": its new generation is encrypted for " + recipients + " other key(s); send the output of "
                    + "'caravan client identity' to its publisher to subscribe (a removed subscriber keeps what it "
                    + "already had)");
        }
    }

}
