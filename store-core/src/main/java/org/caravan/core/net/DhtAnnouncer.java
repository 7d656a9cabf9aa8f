package org.caravan.core.net;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.PriorityQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.libtorrent4j.TorrentHandle;

/**
 * Announces the torrents a node starts seeding to the DHT at a bounded rate. Seeding is often done in bulk (a
 * publisher serving a 2 000-app store, a service starting with hundreds of packages held), and each announce is a
 * lookup plus a store on several nodes: announced all at once, thousands of them overflowed the UDP buffers of a
 * small network's nodes, which then missed this node's queries and were dropped from its routing table, so its
 * pointer put found no node (2 100 torrents seeded back to back: the publisher's routing table emptied in three
 * runs out of four on the loaded 2-core machine, with ~1 000 datagrams counted as UDP receive-buffer errors). A
 * torrent's first announce goes out in the order it was seeded, before any repeat; the repeats (after 1 s and 3 s:
 * a DHT still filling up may have missed the first) are insurance worth their packets only for a few torrents at a
 * time, so they are dropped while many are already waiting.
 *
 * <p>All state lives on the node's single executor thread; {@link #add} only hands the torrent over.
 */
final class DhtAnnouncer {
    /** Announces per second, each a lookup and a store on up to 8 nodes (~20 packets on a small network). */
    static final int PER_SECOND = 200;
    /** Announces that may go out at once after a quiet spell (a single seed is announced without delay). */
    private static final int BURST = 50;
    private static final long[] REPEATS_MS = {1_000, 3_000};
    private static final int MAX_WAITING_REPEATS = 200;

    private record Repeat(TorrentHandle handle, long dueNanos, int index) {}

    private final ScheduledExecutorService executor;
    private final BooleanSupplier closed;
    private final Deque<TorrentHandle> first = new ArrayDeque<>();
    private final PriorityQueue<Repeat> repeats = new PriorityQueue<>((a, b) -> Long.compare(a.dueNanos(), b.dueNanos()));
    private double tokens = BURST;
    private long refilledAt = System.nanoTime();
    private long wakeAt = Long.MAX_VALUE;

    DhtAnnouncer(ScheduledExecutorService executor, BooleanSupplier closed) {
        this.executor = executor;
        this.closed = closed;
    }

    /** Queues the first announce of {@code th} (and its repeats); returns at once. */
    void add(TorrentHandle th) {
        run(() -> {
            first.add(th);
            drain();
        });
    }

    private void run(Runnable r) {
        try {
            executor.execute(r);
        } catch (RejectedExecutionException closing) {
            // The node is closing: nothing left to announce.
        }
    }

    private void drain() {
        wakeAt = Long.MAX_VALUE;
        if (closed.getAsBoolean()) {
            first.clear();
            repeats.clear();
            return;
        }
        long now = System.nanoTime();
        tokens = Math.min(BURST, tokens + (now - refilledAt) / 1e9 * PER_SECOND);
        refilledAt = now;
        while (tokens >= 1 && !first.isEmpty()) {
            TorrentHandle th = first.poll();
            if (announce(th) && repeats.size() < MAX_WAITING_REPEATS) {
                repeats.add(new Repeat(th, now + TimeUnit.MILLISECONDS.toNanos(REPEATS_MS[0]), 0));
            }
        }
        while (tokens >= 1 && !repeats.isEmpty() && repeats.peek().dueNanos() - now <= 0) {
            Repeat r = repeats.poll();
            if (announce(r.handle()) && r.index() + 1 < REPEATS_MS.length) {
                long gap = REPEATS_MS[r.index() + 1] - REPEATS_MS[r.index()];
                repeats.add(new Repeat(r.handle(), now + TimeUnit.MILLISECONDS.toNanos(gap), r.index() + 1));
            }
        }
        long next;
        if (!first.isEmpty() || !repeats.isEmpty() && repeats.peek().dueNanos() - now <= 0) {
            next = now + (long) ((1 - tokens) / PER_SECOND * 1e9) + 1; // waiting for a token
        } else if (!repeats.isEmpty()) {
            next = repeats.peek().dueNanos();
        } else {
            return;
        }
        wakeAt = next;
        try {
            executor.schedule(this::wake, Math.max(1, next - now), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            // closing
        }
    }

    /** A scheduled wake-up; one added in between may have drained already and scheduled its own. */
    private void wake() {
        if (System.nanoTime() - wakeAt >= 0 || wakeAt == Long.MAX_VALUE) {
            drain();
        }
    }

    private boolean announce(TorrentHandle th) {
        tokens -= 1;
        if (!th.isValid()) {
            return false;
        }
        th.forceDHTAnnounce();
        return true;
    }
}
