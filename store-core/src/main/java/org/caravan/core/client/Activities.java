package org.caravan.core.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who works on which app and which store right now, so that many requests can share one client home (the
 * service runs them at once) without two of them writing the same app folder or a store being dropped under an
 * install. Claims never wait: a request that would collide is refused at once with a reason naming the app or
 * store, and may try again. Nothing here is held across a whole client: an install of one app blocks neither
 * another app's install nor {@code client list}, which reads the database only.
 * <ul>
 * <li>an app: one install, update, rollback, repair or removal at a time;</li>
 * <li>a store: any number of installs and syncs use it at once; an unsubscription needs it alone.</li>
 * </ul>
 */
final class Activities {
    /** What a request is doing, in the words another request's refusal uses ("ID is being installed"). */
    enum Work {
        INSTALL("installed"), UPDATE("updated"), ROLLBACK("rolled back"), REPAIR("repaired"), REMOVE("removed"),
        SYNC("synced"), UNSUBSCRIBE("unsubscribed");

        private final String participle;

        Work(String participle) {
            this.participle = participle;
        }

        String participle() {
            return participle;
        }
    }

    /** A held claim; closing it (once or more) lets others in. */
    interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    /** The answer to a claim: granted with a lease to close, or busy with the reason to tell. */
    sealed interface Claim {
        record Granted(Lease lease) implements Claim {}

        record Busy(String reason) implements Claim {}
    }

    private final Map<String, Work> apps = new HashMap<>();
    /** Per store key: what uses it now (one line each), in the order they came. */
    private final Map<String, Map<Object, String>> storeUsers = new HashMap<>();
    private final Map<String, String> leaving = new HashMap<>();

    /** Claims {@code appId} for {@code work}, or says which request holds it. */
    synchronized Claim app(String appId, Work work) {
        Work held = apps.get(appId);
        if (held != null) {
            return new Claim.Busy(appId + " is being " + held.participle()
                    + " by another request; try again when it finishes");
        }
        apps.put(appId, work);
        return new Claim.Granted(once(() -> release(appId)));
    }

    private synchronized void release(String appId) {
        apps.remove(appId);
    }

    /**
     * Uses the store {@code storeKey} (named {@code storeName} to the user) for {@code what} ("org.example.hello is
     * being installed from it"): refused only while the store is being unsubscribed.
     */
    synchronized Claim useStore(String storeKey, String storeName, String what) {
        if (leaving.containsKey(storeKey)) {
            return new Claim.Busy(storeName + " is being unsubscribed by another request; nothing of it can be "
                    + "installed or synced now");
        }
        Object token = new Object();
        storeUsers.computeIfAbsent(storeKey, k -> new LinkedHashMap<>()).put(token, what);
        return new Claim.Granted(once(() -> stopUsing(storeKey, token)));
    }

    private synchronized void stopUsing(String storeKey, Object token) {
        Map<Object, String> users = storeUsers.get(storeKey);
        if (users != null) {
            users.remove(token);
            if (users.isEmpty()) {
                storeUsers.remove(storeKey);
            }
        }
    }

    /** Claims the store alone, to unsubscribe it: refused while anything uses it, naming what. */
    synchronized Claim leaveStore(String storeKey, String storeName) {
        if (leaving.containsKey(storeKey)) {
            return new Claim.Busy(storeName + " is being unsubscribed by another request already");
        }
        Map<Object, String> users = storeUsers.get(storeKey);
        if (users != null && !users.isEmpty()) {
            List<String> what = new ArrayList<>(users.values());
            return new Claim.Busy(storeName + " is in use: " + String.join("; ", what)
                    + "; try again when " + (what.size() == 1 ? "it finishes" : "they finish"));
        }
        leaving.put(storeKey, storeName);
        return new Claim.Granted(once(() -> stayed(storeKey)));
    }

    private synchronized void stayed(String storeKey) {
        leaving.remove(storeKey);
    }

    private static Lease once(Runnable release) {
        return new Lease() {
            private boolean closed;

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    release.run();
                }
            }
        };
    }
}
