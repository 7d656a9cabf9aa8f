package org.caravan.keyring.seal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Bulk encryption under a {@link ContentKey}, in constant memory: AES-256-GCM over chunks of
 * {@value #CHUNK} bytes (the STREAM construction: each chunk's nonce holds its index and whether it is the last,
 * so chunks cannot be reordered, dropped or cut off unnoticed). Format (docs/protocol.md section 9):
 * the 10-byte header {@code "CRVNSEAL" 0x01 0x12} (version 1, chunk size 2^18), then chunks of
 * {@code CHUNK + 16} bytes, the last one shorter (0 to {@code CHUNK - 1} plaintext bytes, so there always is
 * one); the header is the additional data of every chunk.
 * <p>
 * Why not an OpenPGP message: Bouncy Castle's OpenPGP (SEIPD v1, AES-CFB with a SHA-1 MDC) decrypted 25-45 MB/s
 * here, GnuPG 2.2 reads no AEAD packets, and the JDK's AES-GCM runs on the CPU's AES instructions. The content
 * key itself is carried in OpenPGP ({@link KeyWrap}), which GnuPG opens.
 */
public final class SealedStream {
    public static final int CHUNK = 1 << 18;
    static final int TAG = 16;
    private static final byte[] HEADER = {'C', 'R', 'V', 'N', 'S', 'E', 'A', 'L', 1, 18};

    private SealedStream() {}

    /** The sealed size of {@code plainSize} bytes. */
    public static long sealedSize(long plainSize) {
        long chunks = plainSize / CHUNK + 1;
        return HEADER.length + plainSize + chunks * TAG;
    }

    /** Encrypts all of {@code in} to {@code out}; returns the plaintext length. */
    public static long seal(InputStream in, OutputStream out, ContentKey key) throws IOException {
        out.write(HEADER);
        byte[] buf = new byte[CHUNK];
        byte[] enc = new byte[CHUNK + TAG];
        Crypt c = new Crypt(key);
        long index = 0;
        long total = 0;
        while (true) {
            int n = in.readNBytes(buf, 0, CHUNK);
            boolean last = n < CHUNK;
            c.warmAt(index);
            int m = c.run(Cipher.ENCRYPT_MODE, index, last, buf, n, enc);
            out.write(enc, 0, m);
            total += n;
            index++;
            if (last) {
                return total;
            }
        }
    }

    /**
     * Decrypts {@code in} to {@code out}, writing each chunk only once it authenticated; returns the plaintext
     * length. Refuses (naming {@code what}) a wrong header, a chunk changed or under another key, and a stream cut
     * short or followed by more data. On a refusal {@code out} may hold earlier chunks: callers write to a file
     * they delete then.
     */
    public static long open(InputStream in, OutputStream out, ContentKey key, String what) throws IOException {
        byte[] header = in.readNBytes(HEADER.length);
        if (!Arrays.equals(header, HEADER)) {
            throw new SealBrokenException(what + " is not sealed content of format 1 (header "
                    + (header.length < HEADER.length ? "cut short" : "differs") + ")");
        }
        byte[] buf = new byte[CHUNK + TAG];
        byte[] plain = new byte[CHUNK + TAG];
        Crypt c = new Crypt(key);
        long index = 0;
        long total = 0;
        while (true) {
            int n = in.readNBytes(buf, 0, CHUNK + TAG);
            boolean last = n < CHUNK + TAG;
            if (n < TAG) {
                throw new SealBrokenException(what + " is cut short after " + total
                        + " bytes of content (its last chunk is missing); fetch it again");
            }
            int m;
            c.warmAt(index);
            try {
                m = c.run(Cipher.DECRYPT_MODE, index, last, buf, n, plain);
            } catch (SealBrokenException e) {
                throw new SealBrokenException(what + ": chunk " + index + (last ? " (the last one read)" : "")
                        + " does not authenticate: the content was changed or cut, or sealed under another key", e);
            }
            out.write(plain, 0, m);
            total += m;
            index++;
            if (last) {
                if (in.read() != -1) {
                    throw new SealBrokenException(what + " has data after its last chunk");
                }
                return total;
            }
        }
    }

    /** One cipher and key for a whole stream: one {@code Cipher.getInstance} per chunk cost a lookup each. */
    private static final class Crypt {
        private final Cipher cipher;
        private final SecretKeySpec key;

        Crypt(ContentKey key) {
            this.key = new SecretKeySpec(key.bytes(), "AES");
            try {
                this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK's AES-256-GCM is not usable: " + e.getMessage(), e);
            }
        }

        /** A long stream gets the JIT's fast AES-GCM before its bulk (see {@link SealedReader}'s warm-up). */
        void warmAt(long index) {
            if (index == WARM_AT_CHUNK) {
                SealedReader.warmUp();
            }
        }

        int run(int mode, long index, boolean last, byte[] in, int len, byte[] out) throws SealBrokenException {
            try {
                cipher.init(mode, key, new GCMParameterSpec(TAG * 8, nonce(index, last)));
                cipher.updateAAD(HEADER);
                return cipher.doFinal(in, 0, len, out, 0);
            } catch (AEADBadTagException e) {
                throw new SealBrokenException("authentication tag mismatch", e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK's AES-256-GCM is not usable: " + e.getMessage(), e);
            }
        }
    }

    /** After this many chunks (8 MiB) a stream is long enough for the warm-up (~0.2 s, once per JVM) to pay. */
    private static final long WARM_AT_CHUNK = 32;

    static byte[] nonce(long index, boolean last) {
        return ByteBuffer.allocate(12).putLong(index).put(new byte[3]).put((byte) (last ? 1 : 0)).array();
    }

    static int headerLength() {
        return HEADER.length;
    }

    static byte[] header() {
        return HEADER.clone();
    }

    static boolean isHeader(byte[] b) {
        return Arrays.equals(b, HEADER);
    }

    /** The header's text, for error messages of readers that sniff formats. */
    static String magic() {
        return new String(HEADER, 0, 8, StandardCharsets.US_ASCII);
    }
}
