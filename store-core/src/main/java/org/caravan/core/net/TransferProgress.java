package org.caravan.core.net;

/** Download progress, sampled (not one call per alert); called off the caller's thread. */
@FunctionalInterface
public interface TransferProgress {
    void update(long bytesDone, long bytesTotal);

    /**
     * One sample with what the session knows besides the bytes: the current payload rate and how many peers are
     * connected. A listener that shows speed and peers overrides this; the default passes the bytes on.
     */
    default void sample(long bytesDone, long bytesTotal, long bytesPerSecond, int peers) {
        update(bytesDone, bytesTotal);
    }

    /**
     * Asked between samples: true stops the fetch at the next poll (within ~100 ms) with a
     * {@link FetchCancelledException}, and the half-fetched data is deleted.
     */
    default boolean cancelled() {
        return false;
    }

    TransferProgress NONE = (d, t) -> { };
}
