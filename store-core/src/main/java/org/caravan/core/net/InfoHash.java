package org.caravan.core.net;

/** A BitTorrent v1 info-hash: 40 lower-case hex digits. */
public record InfoHash(String hex) {
    public InfoHash {
        if (hex == null || !hex.toLowerCase(java.util.Locale.ROOT).matches("[0-9a-f]{40}")) {
            throw new IllegalArgumentException("not a v1 info-hash (40 hex digits): " + hex);
        }
        hex = hex.toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        return hex;
    }
}
