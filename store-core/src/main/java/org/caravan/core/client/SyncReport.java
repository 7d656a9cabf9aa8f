package org.caravan.core.client;

/** What one sync did for one store, in words a user can read. */
public record SyncReport(String storeKey, String storeName, Outcome outcome, long generation, int apps, String message) {
    /**
     * UNREACHABLE: no DHT node answered the pointer lookup (the network is out of reach, or every node this client
     * knew is gone); NOT_FOUND: nodes answered, none holds the store's pointer.
     */
    public enum Outcome { UPDATED, UP_TO_DATE, NOT_FOUND, UNREACHABLE, REFUSED, FAILED }

    public boolean ok() {
        return outcome == Outcome.UPDATED || outcome == Outcome.UP_TO_DATE;
    }
}
