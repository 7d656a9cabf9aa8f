package org.caravan.core.catalog;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One signed generation of a store's catalog. Serialized as canonical JSON by {@link CatalogCodec};
 * {@code storeKey} is the store's Ed25519 public key (hex), the key of its DHT channel and of its first root.
 */
public record Catalog(
        int formatVersion,
        String storeKey,
        String storeName,
        long generation,
        Instant issued,
        Instant expires,
        String previousHash,
        List<String> roots,
        String keyringSha256,
        StorePolicy policy,
        List<CatalogApp> apps) {
    public static final int FORMAT_VERSION = 1;
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public Catalog {
        if (formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported catalog format version " + formatVersion);
        }
        if (storeKey == null || !HEX64.matcher(storeKey).matches()) {
            throw new IllegalArgumentException("bad store key " + storeKey);
        }
        if (generation < 1) {
            throw new IllegalArgumentException("generation must be >= 1, not " + generation);
        }
        if (issued == null || expires == null || !expires.isAfter(issued)) {
            throw new IllegalArgumentException("catalog must have issued < expires");
        }
        if (previousHash != null && !HEX64.matcher(previousHash).matches()) {
            throw new IllegalArgumentException("bad previous-generation hash " + previousHash);
        }
        if (roots == null || roots.isEmpty()) {
            throw new IllegalArgumentException("catalog names no root key");
        }
        roots = List.copyOf(roots);
        if (keyringSha256 == null || !HEX64.matcher(keyringSha256).matches()) {
            throw new IllegalArgumentException("bad keyring hash " + keyringSha256);
        }
        policy = policy == null ? StorePolicy.DEFAULT : policy;
        apps = apps.stream().sorted(Comparator.comparing(CatalogApp::id)).toList();
        if (apps.stream().map(CatalogApp::id).distinct().count() != apps.size()) {
            throw new IllegalArgumentException("catalog lists an app id twice");
        }
    }

    public Optional<CatalogApp> app(String id) {
        return apps.stream().filter(a -> a.id().equals(id)).findFirst();
    }
}
