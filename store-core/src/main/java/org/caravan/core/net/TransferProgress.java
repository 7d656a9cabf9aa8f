package org.caravan.core.net;

/** Download progress, sampled (not one call per alert); called off the caller's thread. */
@FunctionalInterface
public interface TransferProgress {
    void update(long bytesDone, long bytesTotal);

    TransferProgress NONE = (d, t) -> { };
}
