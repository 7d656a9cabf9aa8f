package org.caravan.core.client;

/** What one sync did for one store, in words a user can read. */
public record SyncReport(String storeKey, String storeName, Outcome outcome, long generation, int apps, String message) {
    public enum Outcome { UPDATED, UP_TO_DATE, NOT_FOUND, REFUSED, FAILED }

    public boolean ok() {
        return outcome == Outcome.UPDATED || outcome == Outcome.UP_TO_DATE;
    }
}
