package org.caravan.core.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * A place a publisher keeps files (packages, generations) behind credentials, so that entitled clients or the
 * publisher's own machines can fetch them besides the swarm. Names are plain file names (no folders).
 */
public interface StoragePlugin {
    StorageInfo info();

    /** Stores {@code file} under its file name, replacing what was there. */
    void upload(Path file) throws IOException;

    /**
     * Fetches {@code name} into {@code targetDir} (written to a temporary file, moved into place when complete) and
     * refuses more than {@code maxBytes}. Returns the file.
     */
    Path download(String name, Path targetDir, long maxBytes) throws IOException;

    /** Of {@code names}, those the storage does not hold, in the given order. */
    List<String> missing(Collection<String> names) throws IOException;
}
