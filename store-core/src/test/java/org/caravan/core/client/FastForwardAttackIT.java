package org.caravan.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.caravan.core.net.ChannelPointer;
import org.caravan.core.store.StoreServer;
import org.caravan.core.testing.LoopbackNetworkTest;
import org.caravan.core.testing.StoreFixture;
import org.junit.jupiter.api.Test;

/**
 * Attack: fast-forward. Whoever holds the channel key (or a DHT node replaying such a put) announces generation
 * 2^62, so that a client taking the pointer's word would refuse every real generation after it as a rollback.
 * The generation a client holds moves only when a verified catalog is imported, so the pointer is refused, the
 * floor stays, and the store's next generation is taken, also after a restart. (A thief holding k roots can sign
 * such a catalog; nothing lowers the floor again then: see docs/attack-suite.md.)
 */
class FastForwardAttackIT extends LoopbackNetworkTest {
    static final String HELLO = "org.example.hello";

    @Test
    void aPointerToAHugeGenerationDoesNotRaiseTheFloorAndTheStoresNextGenerationIsTaken() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("s"));
        f.addApp(HELLO, "1.0.0", "utilities");
        StoreServer server = new StoreServer(f.store, storeNode, StoreFixture.CLOCK);
        assertEquals(1, server.step().generation());
        Path home = tmp.resolve("home");
        try (ClientService c = client(home, StoreFixture.CLOCK)) {
            c.subscribe(f.store.magnet());
            assertEquals(1, syncOnly(c).generation());

            long huge = 1L << 62;
            Path junk = Files.writeString(tmp.resolve("generation-huge.cgen"), "this is not a catalog");
            storeNode.putPointer(f.store.rootKey().ed25519Seed(), f.store.salt(),
                    new ChannelPointer(storeNode.seed(junk), huge));
            SyncReport bad = syncOnly(c);
            assertEquals(SyncReport.Outcome.REFUSED, bad.outcome(), bad.message());
            assertTrue(bad.message().contains("keeping generation 1"), bad.message());
            assertEquals(1, c.stores().get(0).generation());
        }
        f.addApp("org.example.notes", "1.0.0", "office");
        assertEquals(2, server.step().generation());
        try (ClientService c = client(home, StoreFixture.CLOCK)) {
            SyncReport next = syncOnly(c);
            assertEquals(SyncReport.Outcome.UPDATED, next.outcome(), next.message());
            assertEquals(2, next.generation());
            assertEquals(2, c.apps().size());
        }
    }
}
