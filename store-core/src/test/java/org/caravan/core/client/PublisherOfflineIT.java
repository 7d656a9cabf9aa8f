package org.caravan.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.caravan.core.store.StoreServer;
import org.caravan.core.testing.LoopbackNetworkTest;
import org.caravan.core.testing.StoreFixture;
import org.caravan.keyring.testing.Personas;
import org.junit.jupiter.api.Test;

/**
 * A store outlives its publisher while its subscribers run (issue 11): a subscriber that starts again
 * shares the generation and the package it holds from its first second, so a newcomer subscribes, syncs
 * and installs with the publisher gone; once nobody holds the catalog (or a package), a sync (an install) gives
 * up in seconds and says what is missing instead of waiting minutes, and the same call succeeds once a subscriber
 * is back.
 */
class PublisherOfflineIT extends LoopbackNetworkTest {
    static final String HELLO = "org.example.hello";

    @Test
    void subscribersKeepAStoreAliveAndASyncWithNoPeerSaysSo() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("store"));
        f.store.add(f.buildSigned(HELLO, "1.0.0", "utilities", Personas.secretKey("developer")), StoreFixture.SIGNED);
        new StoreServer(f.store, storeNode, StoreFixture.CLOCK).step();
        Path alice = tmp.resolve("alice");
        try (ClientService a = client(alice, StoreFixture.CLOCK)) {
            a.subscribe(f.store.magnet());
            assertEquals(SyncReport.Outcome.UPDATED, syncOnly(a).outcome());
            assertInstanceOf(InstallOutcome.Installed.class, a.install(HELLO, InstallProgress.NONE));
        }

        // The publisher goes offline for good; its signed pointer is still in the DHT.
        storeNode.close();

        // Alice starts again (her sync finds nothing new): from then on she shares what she holds.
        try (ClientService a = client(alice, StoreFixture.CLOCK)) {
            SyncReport again = syncOnly(a);
            assertEquals(SyncReport.Outcome.UP_TO_DATE, again.outcome(), again.message());

            try (ClientService b = client(tmp.resolve("bob"), StoreFixture.CLOCK)) {
                b.subscribe(f.store.magnet());
                SyncReport synced = syncOnly(b);
                assertEquals(SyncReport.Outcome.UPDATED, synced.outcome(), synced.message());
                InstallOutcome o = b.install(HELLO, InstallProgress.NONE);
                assertInstanceOf(InstallOutcome.Installed.class, o, o.message());
            }
        }

        // Nobody who holds the catalog is online: a new subscriber is told so, and nothing was imported.
        Path carol = tmp.resolve("carol");
        try (ClientService c = client(carol, StoreFixture.CLOCK)) {
            c.subscribe(f.store.magnet());
            SyncReport none = syncOnly(c);
            assertEquals(SyncReport.Outcome.FAILED, none.outcome(), none.message());
            assertTrue(none.message().startsWith("no peer holds generation 1 of "), none.message());
            assertTrue(none.message().contains("the store's publisher and its subscribers are offline"), none.message());
            assertTrue(c.apps().isEmpty());

            // A subscriber comes back: the same call, made again, resumes.
            try (ClientService a = client(alice, StoreFixture.CLOCK)) {
                a.startSharing();
                SyncReport later = syncOnly(c);
                assertEquals(SyncReport.Outcome.UPDATED, later.outcome(), later.message());
            }
            // Gone again: an install says that nobody holds the package, and installs nothing.
            InstallOutcome nobody = c.install(HELLO, InstallProgress.NONE);
            assertInstanceOf(InstallOutcome.Failed.class, nobody, nobody.message());
            assertTrue(nobody.message().contains("no peer holds " + HELLO + " 1.0.0"), nobody.message());
            assertTrue(nobody.message().contains("the store's publisher and everyone who shares it were offline"),
                    nobody.message());
            assertTrue(c.installedApps().isEmpty());
            // Back: the install, made again, succeeds.
            try (ClientService a = client(alice, StoreFixture.CLOCK)) {
                a.startSharing();
                InstallOutcome later = c.install(HELLO, InstallProgress.NONE);
                assertInstanceOf(InstallOutcome.Installed.class, later, later.message());
            }
        }
    }
}
