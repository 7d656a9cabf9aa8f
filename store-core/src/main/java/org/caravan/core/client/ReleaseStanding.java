package org.caravan.core.client;

import org.caravan.core.catalog.Release;
import org.caravan.keyring.trust.TrustDecision;

/**
 * One release of an app in one subscribed store with the trust decision for it now, from the signer claims the
 * store recorded (before any download): what {@code caravan client show} lists. {@code state} is how the client
 * presents it; {@code signerUserId} is the first signer's user id in the store's keyring, or empty.
 */
public record ReleaseStanding(String storeKey, String storeName, String appId, String name, String summary,
        String category, Release release, String signerUserId, TrustDecision decision, TrustState state) {}
