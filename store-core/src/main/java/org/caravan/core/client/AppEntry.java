package org.caravan.core.client;

/** One app as the client shows it: newest release of the current generation and its trust state. */
public record AppEntry(
        String storeName,
        String appId,
        String name,
        String summary,
        String category,
        String version,
        String signerUserId,
        String signerFingerprint,
        TrustState state,
        String installedVersion,
        String explanation) {}
