package org.caravan.keyring.seal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Random access to the plaintext of a {@link SealedStream} held in a range of a file, without writing it anywhere:
 * each chunk carries its own index and last-chunk flag in its nonce, so any chunk opens on its own. Every byte
 * handed out comes from a chunk that authenticated; the last chunk is opened when the reader is made, so a stream
 * cut at a chunk boundary, or followed by more data, is refused before anything is read. Lets an installer check
 * and extract a sealed package in one decryption pass (a sequential reader opens each chunk once).
 * Not thread-safe.
 */
public final class SealedReader {
    private static final int FULL = SealedStream.CHUNK + SealedStream.TAG;
    private final FileChannel ch;
    private final long offset;
    private final long chunks;
    private final long plainSize;
    private final String what;
    private final Cipher cipher;
    private final SecretKeySpec key;
    // Two slots: the chunk being read sequentially, and the last one (where a ZIP keeps its directory).
    private final byte[][] slot = {new byte[FULL], new byte[FULL]};
    private final long[] slotIndex = {-1, -1};
    private final int[] slotLength = new int[2];
    private final byte[] cipherBuf = new byte[FULL];
    private final byte[] aad = SealedStream.header();

    /**
     * Checks the header of the sealed stream at [{@code offset}, {@code offset + length}) of {@code ch} and opens its
     * last chunk. {@code what} names the content in refusals.
     */
    public SealedReader(FileChannel ch, long offset, long length, ContentKey contentKey, String what)
            throws IOException {
        this.ch = ch;
        this.what = what;
        this.key = new SecretKeySpec(contentKey.bytes(), "AES");
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's AES-256-GCM is not usable: " + e.getMessage(), e);
        }
        int h = SealedStream.headerLength();
        byte[] header = new byte[(int) Math.min(h, Math.max(0, length))];
        readFully(ByteBuffer.wrap(header), offset);
        if (!SealedStream.isHeader(header)) {
            throw new SealBrokenException(what + " is not sealed content of format 1 (header "
                    + (header.length < h ? "cut short" : "differs") + ")");
        }
        this.offset = offset + h;
        long body = length - h;
        this.chunks = body / FULL + 1;
        long lastSealed = body - (chunks - 1) * FULL;
        if (lastSealed < SealedStream.TAG) {
            throw new SealBrokenException(what + " is cut short (its last chunk is missing); fetch it again");
        }
        this.plainSize = body - chunks * SealedStream.TAG;
        if (chunks > WARM_ABOVE_CHUNKS) {
            warmUp();
        }
        chunk(chunks - 1);
    }

    private static final int WARM_ABOVE_CHUNKS = 128; // 32 MiB
    private static volatile boolean warmed;

    /**
     * The JDK's AES-GCM reaches its AES-NI/CLMUL speed only once the JIT compiled its callers, which counts calls:
     * with one call per 256 KiB chunk a fresh JVM decrypted its first ~200 MB at 15-30 MB/s here (then ~1.3 GB/s).
     * Some thousands of tiny decryptions (~0.2 s, once per JVM) get it compiled before a large payload is read.
     */
    static void warmUp() {
        if (warmed) {
            return;
        }
        warmed = true;
        try {
            SecretKeySpec k = new SecretKeySpec(new byte[32], "AES");
            byte[] iv = new byte[12];
            byte[] sealed = new byte[64 + SealedStream.TAG];
            Cipher enc = Cipher.getInstance("AES/GCM/NoPadding");
            enc.init(Cipher.ENCRYPT_MODE, k, new GCMParameterSpec(128, iv));
            enc.doFinal(new byte[64], 0, 64, sealed, 0);
            Cipher dec = Cipher.getInstance("AES/GCM/NoPadding");
            byte[] out = new byte[sealed.length];
            for (int i = 0; i < 12_000; i++) {
                dec.init(Cipher.DECRYPT_MODE, k, new GCMParameterSpec(128, iv));
                dec.doFinal(sealed, 0, sealed.length, out, 0);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's AES-256-GCM is not usable: " + e.getMessage(), e);
        }
    }

    /** The plaintext's length. */
    public long size() {
        return plainSize;
    }

    /**
     * Reads plaintext at {@code position} into {@code dst}, as {@link FileChannel#read(ByteBuffer, long)}: returns
     * the bytes read, -1 at or past the end. Throws {@link SealBrokenException} for a chunk that does not
     * authenticate.
     */
    public int read(ByteBuffer dst, long position) throws IOException {
        if (position >= plainSize) {
            return -1;
        }
        int total = 0;
        while (dst.hasRemaining() && position < plainSize) {
            long index = position / SealedStream.CHUNK;
            int s = chunk(index);
            int within = (int) (position - index * SealedStream.CHUNK);
            int n = Math.min(dst.remaining(), slotLength[s] - within);
            dst.put(slot[s], within, n);
            position += n;
            total += n;
        }
        return total;
    }

    /** Opens chunk {@code index} into a slot (unless it is there already); returns the slot. */
    private int chunk(long index) throws IOException {
        for (int s = 0; s < 2; s++) {
            if (slotIndex[s] == index) {
                return s;
            }
        }
        boolean last = index == chunks - 1;
        int s = last ? 1 : 0;
        long start = offset + index * FULL;
        int len = last ? (int) (offset + (chunks - 1) * FULL + lastSealedLength() - start) : FULL;
        readFully(ByteBuffer.wrap(cipherBuf, 0, len), start);
        slotIndex[s] = -1;
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(SealedStream.TAG * 8,
                    SealedStream.nonce(index, last)));
            cipher.updateAAD(aad);
            slotLength[s] = cipher.doFinal(cipherBuf, 0, len, slot[s], 0);
        } catch (AEADBadTagException e) {
            throw new SealBrokenException(what + ": chunk " + index + (last ? " (the last one)" : "")
                    + " does not authenticate: the content was changed or cut, or sealed under another key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's AES-256-GCM is not usable: " + e.getMessage(), e);
        }
        slotIndex[s] = index;
        return s;
    }

    private long lastSealedLength() {
        return plainSize - (chunks - 1) * SealedStream.CHUNK + SealedStream.TAG;
    }

    private void readFully(ByteBuffer b, long position) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b, position + b.position()) < 0) {
                throw new SealBrokenException(what + " is cut short inside the file; fetch it again");
            }
        }
    }
}
