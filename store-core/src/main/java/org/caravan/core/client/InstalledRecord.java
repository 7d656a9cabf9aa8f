package org.caravan.core.client;

import java.time.Instant;

/** An installed app: which version, from which store, where, signed by whom. */
public record InstalledRecord(String appId, String version, String storeKey, String path, String sha256,
        String signer, Instant installedAt) {}
