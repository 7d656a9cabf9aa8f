package org.caravan.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.caravan.core.client.ClientService;
import org.caravan.core.client.SyncReport;
import org.caravan.core.net.InfoHash;
import org.caravan.core.testing.LoopbackNetworkTest;
import org.caravan.core.testing.StoreFixture;
import org.junit.jupiter.api.Test;

/**
 * A publisher may cap what it uploads of each generation; unlike super seeding (which withheld the last
 * piece from a lone peer), a capped generation still reaches a subscriber who is alone in its swarm.
 */
class GenerationUploadLimitIT extends LoopbackNetworkTest {

    @Test
    void aLoneSubscriberGetsACappedGenerationWhole() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("store"));
        f.addApp("org.example.hello", "1.0.0", "utilities");
        f.addApp("org.example.notes", "1.0.0", "office");
        Publication gen1 = new StoreServer(f.store, storeNode, StoreFixture.CLOCK).generationUploadLimit(16 * 1024).step();
        try (ClientService c = client(tmp.resolve("home"), StoreFixture.CLOCK)) {
            c.subscribe(f.store.magnet());
            SyncReport r = c.sync().get(0);
            assertEquals(SyncReport.Outcome.UPDATED, r.outcome(), r.message());
            assertEquals(gen1.generation(), r.generation());
            assertTrue(r.message().contains("2 apps (full generation)"), r.message());
        }
    }

    @Test
    void aCapOnATorrentTheNodeDoesNotHoldOrANegativeCapIsRefusedByName() {
        StoreServer server = new StoreServer(null, storeNode, StoreFixture.CLOCK);
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> server.generationUploadLimit(-1));
        assertTrue(negative.getMessage().contains("-1"), negative.getMessage());
        InfoHash unknown = new InfoHash("ab".repeat(20));
        IllegalArgumentException notHeld = assertThrows(IllegalArgumentException.class,
                () -> storeNode.setUploadLimit(unknown, 1024));
        assertTrue(notHeld.getMessage().contains("holds no torrent " + unknown), notHeld.getMessage());
    }
}
