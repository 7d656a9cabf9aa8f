package org.caravan.core.pkg;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One payload file as the manifest lists it.
 *
 * @param path       relative, '/'-separated path inside the install folder (the archive entry is
 *                   {@code files/} + path); see docs/package-format.md for the exact rules
 * @param size       exact length in bytes
 * @param sha256     SHA-256 of the content, 64 lower-case hex digits
 * @param executable whether the file gets the execute permission when installed (java.util.zip
 *                   cannot carry Unix modes, so the manifest does)
 */
public record FileEntry(String path, long size, String sha256, boolean executable) {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public FileEntry {
        String problem = PackagePaths.problem(path);
        if (problem != null) {
            throw new IllegalArgumentException("invalid file path " + PackagePaths.quote(path) + ": " + problem);
        }
        if (size < 0) {
            throw new IllegalArgumentException("invalid size " + size + " of file '" + path + "': must not be negative");
        }
        if (sha256 == null || !SHA256_HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("invalid sha256 " + PackagePaths.quote(sha256) + " of file '" + path
                    + "': must be 64 lower-case hex digits"
                    + (sha256 != null && SHA256_HEX.matcher(sha256.toLowerCase(Locale.ROOT)).matches()
                            ? " (it is upper case)" : ""));
        }
    }

    /** A file without the execute permission. */
    public FileEntry(String path, long size, String sha256) {
        this(path, size, sha256, false);
    }

    /** The name of this file's entry in the archive. */
    public String entryName() {
        return PackagePaths.FILES_PREFIX + path;
    }
}
