package org.caravan.core.net;

import java.util.Optional;

/**
 * The value of a store's BEP 46 mutable item: the info-hash of the newest catalog generation and its
 * generation number (kept inside the signed value because libtorrent picks the item's seq itself), and
 * optionally the info-hash of the delta that turns generation {@code generation - 1} into it.
 * Bencoded as {@code {"d": <20 raw bytes>, "g": generation, "ih": <20 raw bytes>}} ({@code d} only when
 * there is a delta), well under BEP 44's 1000-byte limit.
 */
public record ChannelPointer(InfoHash infoHash, long generation, Optional<InfoHash> delta) {
    public ChannelPointer {
        if (generation < 1) {
            throw new IllegalArgumentException("generation must be >= 1: " + generation);
        }
        if (delta.isPresent() && generation < 2) {
            throw new IllegalArgumentException("generation 1 has no previous generation to be a delta from");
        }
    }

    public ChannelPointer(InfoHash infoHash, long generation) {
        this(infoHash, generation, Optional.empty());
    }
}
