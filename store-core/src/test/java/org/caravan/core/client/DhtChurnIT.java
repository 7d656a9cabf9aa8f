package org.caravan.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.caravan.core.net.PeerNode;
import org.caravan.core.net.TestNetwork;
import org.caravan.core.store.StoreServer;
import org.caravan.core.testing.StoreFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DHT nodes come and go while a store publishes and a client syncs (issue 15, faults): on a loopback network of
 * five DHT nodes plus the publisher's, nodes are closed between and during the steps. The publisher's put and the
 * client's sync go on while any live path remains; once none does, the sync says the store is unreachable, in
 * bounded time, and keeps what it holds.
 */
class DhtChurnIT {
    @TempDir
    Path tmp;
    private TestNetwork net;

    @AfterEach
    void stop() {
        if (net != null) {
            net.close();
        }
    }

    @Test
    void syncAndPublishGoOnWhileAPathRemainsAndSayUnreachableWhenNoneDoes() throws Exception {
        net = TestNetwork.start(5, tmp.resolve("net"));
        PeerNode storeNode = net.join(tmp.resolve("store-node"));
        StoreFixture f = StoreFixture.create(tmp.resolve("store"));
        f.addApp("org.example.one", "1.0.0", "utilities");
        StoreServer server = new StoreServer(f.store, storeNode, StoreFixture.CLOCK);
        server.step();
        try (ClientService c = ClientService.open(tmp.resolve("alice"), StoreFixture.CLOCK)) {
            c.setNetwork(net.config());
            c.subscribe(f.store.magnet());
            assertEquals(SyncReport.Outcome.UPDATED, only(c.sync()).outcome());

            // Three of the five DHT nodes vanish; the store publishes generation 2 and the client syncs it.
            TestNetwork.closeAll(net.nodes().subList(0, 3));
            f.addApp("org.example.two", "1.0.0", "utilities");
            long t0 = System.nanoTime();
            server.step();
            long put2 = (System.nanoTime() - t0) / 1_000_000;
            t0 = System.nanoTime();
            SyncReport two = only(c.sync());
            long sync2 = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(SyncReport.Outcome.UPDATED, two.outcome(), two.message());
            assertEquals(2, two.generation());

            // The last two vanish while the store publishes generation 3: the publisher's own node and the client's
            // are the path left, and the client syncs over it.
            f.addApp("org.example.three", "1.0.0", "utilities");
            Thread killer = new Thread(() -> TestNetwork.closeAll(net.nodes().subList(3, 5)));
            killer.start();
            t0 = System.nanoTime();
            server.step();
            long put3 = (System.nanoTime() - t0) / 1_000_000;
            killer.join();
            t0 = System.nanoTime();
            SyncReport three = only(c.sync());
            long sync3 = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(SyncReport.Outcome.UPDATED, three.outcome(), three.message());
            assertEquals(3, three.generation());

            // The publisher goes too: nobody is left to ask.
            storeNode.close();
            t0 = System.nanoTime();
            SyncReport none = only(c.sync());
            long sync4 = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("churn figures: put2 " + put2 + " ms, sync2 " + sync2 + " ms, put3 " + put3
                    + " ms, sync3 " + sync3 + " ms, unreachable " + sync4 + " ms: " + none);
            assertEquals(SyncReport.Outcome.UNREACHABLE, none.outcome(), none.message());
            assertTrue(none.message().startsWith("cannot reach Test Store: no other DHT node answered"), none.message());
            assertTrue(none.message().contains("keeping generation 3"), none.message());
            assertEquals(3, c.stores().get(0).generation());
            assertEquals(3, c.apps().size());
        }
    }

    private static SyncReport only(List<SyncReport> reports) {
        assertEquals(1, reports.size(), reports.toString());
        return reports.get(0);
    }
}
