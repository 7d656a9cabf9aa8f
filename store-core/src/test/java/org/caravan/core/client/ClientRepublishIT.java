package org.caravan.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.caravan.core.net.ChannelPointer;
import org.caravan.core.net.NetworkConfig;
import org.caravan.core.net.PeerAddress;
import org.caravan.core.net.PeerNode;
import org.caravan.core.net.StoreMagnet;
import org.caravan.core.net.TestNetwork;
import org.caravan.core.net.TorrentSessions;
import org.caravan.core.store.Publication;
import org.caravan.core.store.StoreServer;
import org.caravan.core.testing.LoopbackNetworkTest;
import org.caravan.core.testing.StoreFixture;
import org.junit.jupiter.api.Test;

/**
 * A sync re-puts the store's pointer by itself: after a client synced, the store is found on nodes that
 * joined after the publisher put it, once the publisher, the first nodes and the client are all gone.
 */
class ClientRepublishIT extends LoopbackNetworkTest {

    @Test
    void aSyncedClientKeepsTheStoreReachableWithoutItsPublisher() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("store"));
        f.addApp("org.example.hello", "1.0.0", "utilities");
        Publication gen1 = new StoreServer(f.store, storeNode, StoreFixture.CLOCK).step();
        assertEquals(1, gen1.generation());
        // A second, plain seeder: this test is about the pointer, not about how the publisher shares.
        net.node(0).seed(gen1.file());
        List<PeerNode> early = new ArrayList<>(net.nodes());
        List<PeerNode> late = List.of(net.join(tmp.resolve("late-0")), net.join(tmp.resolve("late-1")),
                net.join(tmp.resolve("late-2")));

        StoreMagnet magnet = f.store.magnet();
        MutableClock clock = new MutableClock(StoreFixture.NOW);
        try (ClientService c = client(tmp.resolve("home"), clock)) {
            c.subscribe(magnet);
            SyncReport r = c.sync().get(0);
            assertEquals(SyncReport.Outcome.UPDATED, r.outcome(), r.message());
            // The pointer it just fetched is fresh: its publisher just put it, and a re-put now would only
            // slow the publisher's next put down. The client re-puts what has stood unchanged for a while.
            SyncReport again = c.sync().get(0);
            assertEquals(SyncReport.Outcome.UP_TO_DATE, again.outcome(), again.message());
            assertFalse(republishRunning(), "a pointer seen for the first time is not re-put");
            clock.advance(CatalogSync.REPUBLISH_EVERY.plusMinutes(1));
            SyncReport later = c.sync().get(0);
            assertEquals(SyncReport.Outcome.UP_TO_DATE, later.outcome(), later.message());
            awaitBackgroundRepublish(Duration.ofSeconds(10));
        }
        TestNetwork.closeAll(early);

        List<PeerAddress> lateAddresses = late.stream().map(PeerNode::address).toList();
        try (PeerNode fresh = TorrentSessions.start(NetworkConfig.loopback(lateAddresses), tmp.resolve("fresh"))) {
            Optional<ChannelPointer> found = fresh.getPointer(magnet.publicKey(), magnet.salt(), Duration.ofSeconds(4));
            assertTrue(found.isPresent(), "the late nodes should hold the pointer the client re-put");
            assertEquals(1, found.get().generation());
        }
    }

    private static boolean republishRunning() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("caravan-republish") && t.isAlive());
    }

    /** The test's time: fixed, moved forward by the test. */
    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** The re-put runs on its own thread so that a sync never waits for it. */
    private static void awaitBackgroundRepublish(Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            boolean running = Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().equals("caravan-republish") && t.isAlive());
            if (!running) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the background re-put did not end within " + limit);
    }
}
