package org.caravan.core.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether a folder's disk has room, decided on the space the file system reports rather than on an error's text
 * (Java gives "No space left on device" as a plain IOException, libtorrent as "file too short" or a write error):
 * a write that failed on a disk with less than {@link #LOW} bytes left failed because the disk is full, and the
 * user is told so, with the folder, instead of the low-level message alone.
 */
public final class DiskSpace {
    /** Under this many usable bytes a failed write is put down to a full disk (H2 and Lucene write in ~MiB steps). */
    public static final long LOW = 1L << 20;

    private DiskSpace() {}

    /** Bytes usable by this process on the file system of {@code path} (or of its nearest existing parent). */
    public static long usable(Path path) throws IOException {
        Path p = path.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IOException("no existing folder above " + path);
        }
        return Files.getFileStore(p).getUsableSpace();
    }

    /**
     * The refusal when {@code folder}'s disk has fewer than {@code needed} (+ {@link #LOW}) bytes usable, else empty;
     * empty too when the space cannot be read (the operation then fails, or not, on its own).
     */
    public static Optional<String> shortOf(Path folder, long needed) {
        try {
            long free = usable(folder);
            return free < needed + LOW ? Optional.of(full(folder, free, needed)) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** For a write that failed: "disk full: ..." when {@code folder}'s disk is (nearly) full, else empty. */
    public static Optional<String> fullAfter(Path folder, Exception failure) {
        return shortOf(folder, 0).map(m -> m + " (" + (failure.getMessage() == null ? failure.toString()
                : failure.getMessage()) + ")");
    }

    private static String full(Path folder, long free, long needed) {
        return "disk full: " + folder + " has " + free + " bytes free"
                + (needed > 0 ? ", about " + (needed + LOW) + " needed" : "") + "; free some space and try again";
    }
}
