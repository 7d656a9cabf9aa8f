package org.caravan.core.client;

import java.time.Instant;
import java.util.HexFormat;
import org.caravan.core.net.StoreMagnet;

/** A subscribed store as the local database holds it. {@code generation} 0 means never synced. */
public record StoreRecord(
        String storeKey,
        String saltHex,
        String name,
        long generation,
        String catalogHash,
        Instant issued,
        Instant expires,
        Instant syncedAt) {

    public StoreMagnet magnet() {
        return new StoreMagnet(HexFormat.of().parseHex(storeKey), HexFormat.of().parseHex(saltHex));
    }

    public String displayName() {
        return name == null ? storeKey.substring(0, 16) + "…" : name;
    }
}
