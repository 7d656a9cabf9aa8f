package org.caravan.core.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What changed from generation {@code fromGeneration} to the next: the new catalog's fields without its
 * apps ({@code head}), the apps added or changed ({@code upserts}, whole) and the ids removed. Applied to
 * the catalog a client holds, it must give the exact bytes whose hash is {@code toHash} -- and those bytes
 * are then verified against the store's signature like any full generation. A delta is never trusted on
 * its own.
 */
public record CatalogDelta(
        int formatVersion,
        String storeKey,
        long fromGeneration,
        String fromHash,
        String toHash,
        Catalog head,
        List<CatalogApp> upserts,
        List<String> removals) {
    public static final int FORMAT_VERSION = 1;

    public CatalogDelta {
        if (formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported delta format version " + formatVersion);
        }
        Objects.requireNonNull(head, "delta has no head");
        if (!head.apps().isEmpty()) {
            throw new IllegalArgumentException("a delta's head carries no apps");
        }
        if (head.generation() != fromGeneration + 1) {
            throw new IllegalArgumentException("delta from generation " + fromGeneration + " cannot produce generation "
                    + head.generation());
        }
        if (!head.storeKey().equals(storeKey)) {
            throw new IllegalArgumentException("delta's head belongs to another store");
        }
        upserts = List.copyOf(upserts);
        removals = List.copyOf(removals);
    }

    /** The delta from {@code from} to {@code to}, two consecutive generations of one store. */
    public static CatalogDelta between(Catalog from, byte[] fromJson, Catalog to, byte[] toJson) {
        Map<String, CatalogApp> old = new LinkedHashMap<>();
        from.apps().forEach(a -> old.put(a.id(), a));
        List<CatalogApp> upserts = new ArrayList<>();
        for (CatalogApp a : to.apps()) {
            if (!a.equals(old.remove(a.id()))) {
                upserts.add(a);
            }
        }
        List<String> removals = new ArrayList<>(old.keySet());
        return new CatalogDelta(FORMAT_VERSION, to.storeKey(), from.generation(), Sha256.hex(fromJson), Sha256.hex(toJson),
                withApps(to, List.of()), upserts, removals);
    }

    /** The catalog this delta produces from {@code held}, which must be the generation it starts from. */
    public Catalog applyTo(Catalog held, byte[] heldJson) {
        if (held.generation() != fromGeneration || !Sha256.hex(heldJson).equals(fromHash)) {
            throw new CatalogFormatException("the delta starts from generation " + fromGeneration + " (" + fromHash
                    + "), not the generation held (" + held.generation() + ")");
        }
        Map<String, CatalogApp> apps = new LinkedHashMap<>();
        held.apps().forEach(a -> apps.put(a.id(), a));
        removals.forEach(apps::remove);
        upserts.forEach(a -> apps.put(a.id(), a));
        return withApps(head, new ArrayList<>(apps.values()));
    }

    private static Catalog withApps(Catalog c, List<CatalogApp> apps) {
        return c.withApps(apps);
    }
}
