package org.caravan.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.caravan.core.store.StoreServer;
import org.caravan.core.testing.LoopbackNetworkTest;
import org.caravan.core.testing.StoreFixture;
import org.junit.jupiter.api.Test;

/** Automatic updates: with the setting off, background sync only syncs; turned on, a new version installs by itself. */
class AutoUpdateIT extends LoopbackNetworkTest {
    static final String HELLO = "org.example.hello";


    @Test
    void aNewVersionIsInstalledByTheBackgroundSyncOnlyWhenAutoUpdateIsOn() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("store"));
        f.addApp(HELLO, "1.0.0", "utilities");
        StoreServer server = new StoreServer(f.store, storeNode, StoreFixture.CLOCK);
        server.step();
        try (ClientService c = client(tmp.resolve("home"), StoreFixture.CLOCK)) {
            c.subscribe(f.store.magnet());
            assertEquals(SyncReport.Outcome.UPDATED, c.sync().get(0).outcome());
            assertInstanceOf(InstallOutcome.Installed.class, c.install(HELLO, InstallProgress.NONE));
            assertFalse(c.autoUpdate(), "off by default");

            f.addApp(HELLO, "2.0.0", "utilities");
            server.step();
            BlockingQueue<List<SyncReport>> rounds = new LinkedBlockingQueue<>();
            BlockingQueue<List<InstallOutcome>> updates = new LinkedBlockingQueue<>();
            c.startAutoSync(Duration.ofSeconds(5), rounds::add, updates::add);
            List<SyncReport> first = rounds.poll(30, TimeUnit.SECONDS);
            assertEquals(SyncReport.Outcome.UPDATED, first.get(0).outcome(), first.get(0).message());
            assertEquals("1.0.0", c.installed(HELLO).orElseThrow().version(), "auto-update is off: only synced");
            assertTrue(updates.isEmpty());

            c.setAutoUpdate(true);
            List<InstallOutcome> applied = updates.poll(30, TimeUnit.SECONDS);
            c.stopAutoSync();
            assertEquals(1, applied.size(), String.valueOf(applied));
            InstallOutcome.Installed up = assertInstanceOf(InstallOutcome.Installed.class, applied.get(0),
                    applied.get(0).message());
            assertEquals("2.0.0", up.version());
            assertEquals("1.0.0", up.replacedVersion());
            assertEquals("2.0.0", c.installed(HELLO).orElseThrow().version());
            assertEquals(java.util.Optional.of("1.0.0"), c.previousVersion(HELLO), "kept for rollback as usual");
        }
    }
}
