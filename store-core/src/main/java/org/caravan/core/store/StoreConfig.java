package org.caravan.core.store;

import java.util.regex.Pattern;

/** {@code store.json}: what a store directory is. The root key lives beside it in {@code keys/root.key}. */
public record StoreConfig(int formatVersion, String name, String saltHex, long generation) {
    private static final Pattern HEX = Pattern.compile("([0-9a-f]{2}){1,64}");

    public StoreConfig {
        if (formatVersion != 1) {
            throw new IllegalArgumentException("unsupported store.json format version " + formatVersion);
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("store.json: the store has no name");
        }
        if (saltHex == null || !HEX.matcher(saltHex).matches()) {
            throw new IllegalArgumentException("store.json: bad salt " + saltHex);
        }
        if (generation < 0) {
            throw new IllegalArgumentException("store.json: negative generation " + generation);
        }
    }

    public StoreConfig withGeneration(long g) {
        return new StoreConfig(formatVersion, name, saltHex, g);
    }
}
