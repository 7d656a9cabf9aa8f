package org.caravan.core.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 through the JDK (uses the CPU's SHA instructions: ~5x Bouncy Castle's digest here). */
public final class Sha256 {
    private Sha256() {}

    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    public static String hex(byte[] data) {
        return HexFormat.of().formatHex(digest().digest(data));
    }

    public static String hex(Path file) throws IOException {
        return hex(file, done -> { });
    }

    /** As {@link #hex(Path)}, telling {@code bytesRead} how many bytes were hashed so far (for a progress bar). */
    public static String hex(Path file, java.util.function.LongConsumer bytesRead) throws IOException {
        MessageDigest md = digest();
        byte[] buf = new byte[1 << 20];
        long done = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
                done += n;
                bytesRead.accept(done);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
