package org.caravan.core.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls every subscribed store at a fixed interval on a thread of its own (store-core owns its threads),
 * and on demand. A sync that fails is reported and tried again at the next tick.
 */
final class SyncScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyncScheduler.class);
    static final Duration MIN_INTERVAL = Duration.ofSeconds(5);

    private final Supplier<List<SyncReport>> syncAll;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "caravan-sync");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> polling;

    SyncScheduler(Supplier<List<SyncReport>> syncAll) {
        this.syncAll = syncAll;
    }

    /** Starts (or restarts) polling; the first sync runs at once. */
    synchronized void start(Duration interval, Consumer<List<SyncReport>> listener) {
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("sync interval must be at least " + MIN_INTERVAL.toSeconds() + " s, not "
                    + interval.toSeconds() + " s");
        }
        stop();
        polling = executor.scheduleWithFixedDelay(() -> runOnce(listener), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
        if (polling != null) {
            polling.cancel(false);
            polling = null;
        }
    }

    synchronized boolean running() {
        return polling != null;
    }

    private void runOnce(Consumer<List<SyncReport>> listener) {
        try {
            listener.accept(syncAll.get());
        } catch (RuntimeException e) {
            LOG.warn("scheduled sync failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        stop();
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
