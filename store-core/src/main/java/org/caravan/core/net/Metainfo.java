package org.caravan.core.net;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * A v1 single-file .torrent built in Java. libtorrent's own {@code TorrentBuilder} (create_torrent)
 * mmaps the file and installs a SIGSEGV/SIGBUS handler that kills the JVM, so it is never used.
 */
record Metainfo(byte[] torrent, InfoHash infoHash, String name, long length, int pieceLength) {
    static final int MIN_PIECE = 16 * 1024;
    static final int MAX_PIECE = 16 * 1024 * 1024;
    /** Keep the piece list (20 bytes each) small enough for a quick metadata exchange. */
    static final int TARGET_PIECES = 1500;

    /** Hashes {@code file} piece by piece and bencodes {@code {info: {length, name, piece length, pieces}}}. */
    static Metainfo of(Path file) throws IOException {
        return of(file, done -> { });
    }

    /** As {@link #of(Path)}, telling {@code bytesRead} how many bytes were hashed so far (for a progress bar). */
    static Metainfo of(Path file, java.util.function.LongConsumer bytesRead) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("not a regular file, cannot seed it: " + file);
        }
        long length = Files.size(file);
        if (length == 0) {
            throw new IllegalArgumentException("cannot seed an empty file (a torrent needs at least one byte): " + file);
        }
        String name = file.getFileName().toString();
        int pieceLength = pieceLengthFor(length);
        int pieces = (int) ((length + pieceLength - 1) / pieceLength);
        byte[] hashes = new byte[pieces * 20];
        MessageDigest sha1 = sha1();
        byte[] buf = new byte[pieceLength];
        try (InputStream in = Files.newInputStream(file)) {
            for (int i = 0; i < pieces; i++) {
                int want = (int) Math.min(pieceLength, length - (long) i * pieceLength);
                int n = in.readNBytes(buf, 0, want);
                if (n != want) {
                    throw new IOException("file changed while it was hashed: " + file);
                }
                sha1.update(buf, 0, n);
                System.arraycopy(sha1.digest(), 0, hashes, i * 20, 20);
                bytesRead.accept((long) i * pieceLength + n);
            }
        }
        Map<String, Object> info = Map.of(
                "length", length,
                "name", name,
                "piece length", (long) pieceLength,
                "pieces", hashes);
        byte[] infoBytes = Bencode.encode(info);
        InfoHash ih = new InfoHash(HexFormat.of().formatHex(sha1().digest(infoBytes)));
        byte[] torrent = Bencode.encode(Map.of("info", info));
        return new Metainfo(torrent, ih, name, length, pieceLength);
    }

    /** How many pieces the torrent has. */
    int pieceCount() {
        return (int) ((length + pieceLength - 1) / pieceLength);
    }

    static int pieceLengthFor(long length) {
        int piece = MIN_PIECE;
        while (piece < MAX_PIECE && length / piece > TARGET_PIECES) {
            piece *= 2;
        }
        return piece;
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    }
}
