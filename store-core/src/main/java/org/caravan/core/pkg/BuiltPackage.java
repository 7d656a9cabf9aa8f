package org.caravan.core.pkg;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A package the builder wrote: where, what it contains, and the size and SHA-256 of the {@code .car}
 * file itself (the values a catalog release records).
 */
public record BuiltPackage(Path file, Manifest manifest, long size, String sha256) {
    public BuiltPackage {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(manifest, "manifest");
        if (size <= 0) {
            throw new IllegalArgumentException("size of package " + file + " must be positive: " + size);
        }
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 of package " + file + " must be 64 lower-case hex digits: "
                    + sha256);
        }
    }
}
