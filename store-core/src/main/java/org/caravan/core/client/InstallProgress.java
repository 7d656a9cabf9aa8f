package org.caravan.core.client;

/** Progress of one install, for a progress bar: a stage name and a fraction in [0, 1]. */
@FunctionalInterface
public interface InstallProgress {
    void update(String stage, double fraction);

    /**
     * While downloading, a few times a second: bytes so far of {@code totalBytes} (0 when not yet known), the
     * current speed and how many peers are connected. Ignored by default.
     */
    default void transfer(long bytes, long totalBytes, long bytesPerSecond, int peers) {
    }

    InstallProgress NONE = (s, f) -> { };
}
