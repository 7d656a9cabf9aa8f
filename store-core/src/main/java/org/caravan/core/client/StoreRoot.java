package org.caravan.core.client;

/** One root key of a subscribed store, as the Trust and keys screen lists it. */
public record StoreRoot(String storeKey, String storeName, String fingerprint, String userId) {}
