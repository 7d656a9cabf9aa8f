package org.caravan.core.net;

import java.io.IOException;

/** A fetch refused because the torrent's metadata announced more bytes than the caller allowed. */
public final class TorrentTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;
    private final InfoHash infoHash;
    private final long announcedBytes;
    private final long maxBytes;

    public TorrentTooLargeException(InfoHash infoHash, long announcedBytes, long maxBytes) {
        super("torrent " + infoHash + " announces " + announcedBytes + " bytes, more than the allowed " + maxBytes
                + "; refused before downloading");
        this.infoHash = infoHash;
        this.announcedBytes = announcedBytes;
        this.maxBytes = maxBytes;
    }

    public InfoHash infoHash() {
        return infoHash;
    }

    public long announcedBytes() {
        return announcedBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }
}
