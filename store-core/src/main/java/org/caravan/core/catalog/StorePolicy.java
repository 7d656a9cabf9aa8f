package org.caravan.core.catalog;

import java.time.Duration;
import java.util.List;

/**
 * The store's rules, signed as part of every generation. Level names are data so a store may rename
 * or add levels; {@code catalogLifetime} bounds how long a generation stays fresh (freeze attacks).
 */
public record StorePolicy(List<String> levels, long catalogLifetimeSeconds) {
    public static final StorePolicy DEFAULT =
            new StorePolicy(List.of("newcomer", "developer", "mentor", "maintainer"), Duration.ofDays(7).toSeconds());

    public StorePolicy {
        levels = List.copyOf(levels);
        if (catalogLifetimeSeconds < 60) {
            throw new IllegalArgumentException("catalog lifetime must be at least 60 s, not " + catalogLifetimeSeconds);
        }
    }

    public Duration catalogLifetime() {
        return Duration.ofSeconds(catalogLifetimeSeconds);
    }
}
