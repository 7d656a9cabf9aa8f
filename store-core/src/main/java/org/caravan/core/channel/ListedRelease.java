package org.caravan.core.channel;

import java.util.List;

/** One package a developer offers in their channel: what it is, where to get it, and its signatures. */
public record ListedRelease(
        String id,
        String version,
        String type,
        String name,
        String summary,
        String category,
        String fileName,
        String infoHash,
        String sha256,
        long size,
        List<String> signatures) {
    public ListedRelease {
        if (id == null || version == null) {
            throw new IllegalArgumentException("a listed release needs an id and a version");
        }
        if (size <= 0) {
            throw new IllegalArgumentException("listed release " + id + " " + version + " has no size");
        }
        signatures = List.copyOf(signatures);
        if (signatures.isEmpty()) {
            throw new IllegalArgumentException("listed release " + id + " " + version + " carries no signature");
        }
    }
}
