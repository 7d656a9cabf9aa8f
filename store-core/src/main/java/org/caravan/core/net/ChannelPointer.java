package org.caravan.core.net;

/**
 * The value of a store's BEP 46 mutable item: the info-hash of the newest catalog generation and its
 * generation number (kept inside the signed value because libtorrent picks the item's seq itself).
 * Bencoded as {@code {"g": generation, "ih": <20 raw bytes>}}, well under BEP 44's 1000-byte limit.
 */
public record ChannelPointer(InfoHash infoHash, long generation) {
    public ChannelPointer {
        if (generation < 1) {
            throw new IllegalArgumentException("generation must be >= 1: " + generation);
        }
    }
}
