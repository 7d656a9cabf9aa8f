package org.caravan.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.caravan.core.net.InfoHash;
import org.caravan.core.store.ReleaseRecord;
import org.caravan.core.store.StoreServer;
import org.caravan.core.testing.LoopbackNetworkTest;
import org.caravan.core.testing.StoreFixture;
import org.caravan.keyring.testing.Personas;
import org.junit.jupiter.api.Test;

/**
 * Cancel in the downloads panel (issue 13): an install waiting for a peer that nobody runs stops when the user
 * cancels, says so as its own outcome, leaves nothing installed and nothing half-fetched, and the same app
 * installs normally once a peer has it again.
 */
class CancelInstallIT extends LoopbackNetworkTest {
    static final String HELLO = "org.example.hello";

    @Test
    void aCancelledDownloadLeavesNothingAndALaterInstallWorks() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("store"));
        ReleaseRecord rec = f.store.add(f.buildSigned(HELLO, "1.0.0", "utilities", Personas.secretKey("developer")),
                StoreFixture.SIGNED);
        new StoreServer(f.store, storeNode, StoreFixture.CLOCK).step();
        // Nobody shares the package now: the download waits for a peer (6 s before it would give up).
        assertTrue(storeNode.stopSeeding(new InfoHash(rec.infoHash())));
        Path home = tmp.resolve("alice");
        try (ClientService c = client(home, StoreFixture.CLOCK)) {
            c.subscribe(f.store.magnet());
            assertEquals(SyncReport.Outcome.UPDATED, syncOnly(c).outcome());
            CancelToken cancel = new CancelToken();
            CountDownLatch downloading = new CountDownLatch(1);
            CompletableFuture<InstallOutcome> running = CompletableFuture.supplyAsync(() -> c.install(HELLO, null,
                    (stage, fraction) -> {
                        if (stage.equals("download")) {
                            downloading.countDown();
                        }
                    }, cancel));
            assertTrue(downloading.await(20, TimeUnit.SECONDS), "the download started");
            cancel.cancel();
            InstallOutcome o = running.get(20, TimeUnit.SECONDS);
            InstallOutcome.Cancelled cancelled = assertInstanceOf(InstallOutcome.Cancelled.class, o, o.message());
            assertEquals("1.0.0", cancelled.version());
            assertTrue(c.installed(HELLO).isEmpty(), "nothing is installed");
            assertTrue(!Files.exists(home.resolve("apps").resolve(HELLO)), "no app folder is left");

            // The publisher shares it again: the same install goes through.
            new StoreServer(f.store, storeNode, StoreFixture.CLOCK).step();
            storeNode.seed(f.store.dir().resolve("packages").resolve(HELLO).resolve("1.0.0").resolve(rec.fileName()));
            InstallOutcome again = c.install(HELLO, null, InstallProgress.NONE, new CancelToken());
            assertInstanceOf(InstallOutcome.Installed.class, again, again.message());
        }
    }
}
