package org.caravan.core.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Makes libtorrent4j's native library loadable without any manual step: the {@code .so} ships inside
 * the libtorrent4j-linux jar, but the library only loads it from a file named by
 * {@code libtorrent4j.jni.path} (or from {@code java.library.path}). So it is copied once to a cache
 * file named after its SHA-256, and the property is set before any libtorrent4j class is touched.
 */
public final class NativeLibrary {
    /** The system property libtorrent4j's JNI class reads in its static initialiser. */
    public static final String PATH_PROPERTY = "libtorrent4j.jni.path";
    static final String RESOURCE = "lib/x86_64/libtorrent4j.so";

    private static Path loaded;

    private NativeLibrary() {}

    /**
     * Copies the native library to {@code ${java.io.tmpdir}/caravan-native-<sha256 prefix>/libtorrent4j.so}
     * (atomically; reused when a file with the same hash is there) and points libtorrent4j at it.
     * Idempotent and thread-safe; returns the file used.
     */
    public static synchronized Path ensureLoaded() {
        if (loaded != null) {
            return loaded;
        }
        String preset = System.getProperty(PATH_PROPERTY);
        if (preset != null && !preset.isBlank() && Files.isRegularFile(Path.of(preset))) {
            // Someone (a packaged installation) already chose a file: respect it.
            loaded = Path.of(preset);
            return loaded;
        }
        try {
            byte[] bytes = readResource();
            String hash = HexFormat.of().formatHex(sha256(bytes));
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "caravan-native-" + hash.substring(0, 16));
            Path target = dir.resolve("libtorrent4j.so");
            if (!isSameContent(target, hash)) {
                Files.createDirectories(dir);
                Path tmp = Files.createTempFile(dir, "libtorrent4j", ".tmp");
                try {
                    Files.write(tmp, bytes);
                    try {
                        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            System.setProperty(PATH_PROPERTY, target.toAbsolutePath().toString());
            loaded = target;
            return loaded;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the native library " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    private static byte[] readResource() throws IOException {
        ClassLoader cl = NativeLibrary.class.getClassLoader();
        try (InputStream in = cl.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("resource " + RESOURCE
                        + " is not on the classpath (is org.libtorrent4j:libtorrent4j-linux a dependency?)");
            }
            return in.readAllBytes();
        }
    }

    private static boolean isSameContent(Path file, String hash) throws IOException {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        return HexFormat.of().formatHex(sha256(Files.readAllBytes(file))).equals(hash);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
