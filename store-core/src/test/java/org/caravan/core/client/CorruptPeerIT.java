package org.caravan.core.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.caravan.core.net.CorruptingPeer;
import org.caravan.core.net.InfoHash;
import org.caravan.core.net.PeerNode;
import org.caravan.core.pkg.PackageBuilder;
import org.caravan.core.store.ReleaseRecord;
import org.caravan.core.store.StoreServer;
import org.caravan.core.testing.LoopbackNetworkTest;
import org.caravan.core.testing.StoreFixture;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.testing.Personas;
import org.junit.jupiter.api.Test;

/**
 * A peer that serves corrupted pieces under the package's real info-hash: alone, the update fails (every
 * piece fails its hash; nothing is installed, the previous version stays in use); with an honest peer serving
 * the package at the same time, the update succeeds with the right bytes: the liar's pieces fail their hash
 * and are thrown away, the honest peer is not banned with it. The liar listens on 127.0.0.2 and the honest peer
 * on 127.0.0.1, because libtorrent bans a peer whose pieces fail by its address.
 */
class CorruptPeerIT extends LoopbackNetworkTest {
    static final String HELLO = "org.example.hello";


    /** Version 2.0.0 with 200 KiB of incompressible data: a torrent of 13 pieces. */
    private static Path bigRelease(StoreFixture f, byte[] data) throws Exception {
        Path src = Files.createDirectories(f.dir.resolve("src-big"));
        Files.writeString(src.resolve("README.txt"), HELLO + " 2.0.0\n", StandardCharsets.UTF_8);
        Files.writeString(src.resolve("run.sh"), "#!/bin/sh\necho hello\n", StandardCharsets.UTF_8);
        Files.write(src.resolve("data.bin"), data);
        Path car = Files.createDirectories(f.dir.resolve("big")).resolve(HELLO + "-2.0.0.car");
        PackageBuilder.build(HELLO, "2.0.0", "app", "Hello", "Says hello", "utilities", "run.sh", src, car);
        Files.writeString(car.resolveSibling(car.getFileName() + ".asc"),
                DetachedSignatures.sign(Personas.secretKey("developer"), car, StoreFixture.SIGNED), StandardCharsets.US_ASCII);
        return car;
    }

    @Test
    void corruptedPiecesFailTheUpdateAndAnHonestPeerDeliversTheRightBytes() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("store"));
        f.addApp(HELLO, "1.0.0", "utilities");
        StoreServer server = new StoreServer(f.store, storeNode, StoreFixture.CLOCK);
        server.step();
        Path home = tmp.resolve("home");
        try (ClientService c = ClientService.open(home, StoreFixture.CLOCK)) {
            c.setNetwork(net.config());
            c.subscribe(f.store.magnet());
            assertEquals(SyncReport.Outcome.UPDATED, c.sync().get(0).outcome());
            assertInstanceOf(InstallOutcome.Installed.class, c.install(HELLO, InstallProgress.NONE));

            byte[] data = new byte[200 * 1024];
            new Random(42).nextBytes(data);
            ReleaseRecord v2 = f.store.add(bigRelease(f, data), StoreFixture.SIGNED);
            server.step();
            Path good = f.store.packageFile(v2);
            InfoHash ih = new InfoHash(v2.infoHash());
            assertTrue(storeNode.stopSeeding(ih));
            byte[] bad = Files.readAllBytes(good);
            for (int i = 0; i < bad.length; i++) {
                bad[i] ^= (byte) 0x5a;
            }
            Path badCopy = Files.write(Files.createDirectories(tmp.resolve("liar")).resolve(v2.fileName()), bad);
            PeerNode liar = net.join(tmp.resolve("liar-node"), "127.0.0.2");
            assertEquals("127.0.0.2", liar.address().host());
            assertEquals("127.0.0.1", storeNode.address().host());
            assertEquals(ih, CorruptingPeer.seedCorrupted(liar, good, badCopy));
            assertEquals(SyncReport.Outcome.UPDATED, c.sync().get(0).outcome());

            c.fetchTimeout(Duration.ofSeconds(5));
            InstallOutcome alone = c.update(HELLO, InstallProgress.NONE);
            InstallOutcome.Failed failed = assertInstanceOf(InstallOutcome.Failed.class, alone, alone.message());
            assertTrue(failed.reason().contains("timed out") && failed.reason().contains(v2.infoHash()), failed.reason());
            assertEquals("1.0.0", c.installed(HELLO).orElseThrow().version(), "the previous version stays in use");
            try (var s = Files.list(home.resolve("apps").resolve(HELLO))) {
                assertEquals(List.of("1.0.0"), s.map(p -> p.getFileName().toString()).toList());
            }
            try (var s = Files.list(home.resolve("staging"))) {
                assertEquals(0, s.count(), "nothing half-installed is left");
            }

            // The update starts with the liar alone; once its pieces have failed their hash, the store seeds the package
            // again (throttled, 200 KiB at 64 KiB/s) while the liar keeps serving its corrupted copy. (A client finds
            // an honest peer at once now, so with both there from the start the liar was sometimes never asked.)
            long liarBefore = liar.uploadedBytes();
            storeNode.setUploadLimit(64 * 1024);
            c.fetchTimeout(Duration.ofSeconds(60));
            ExecutorService updating = Executors.newSingleThreadExecutor();
            try {
                Future<InstallOutcome> update = updating.submit(() -> c.update(HELLO, InstallProgress.NONE));
                long failedBytes = 0;
                long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (failedBytes == 0 && !update.isDone() && System.nanoTime() < giveUp) {
                    Thread.sleep(20);
                    failedBytes = CorruptingPeer.hashFailedBytes(c.peerNode(), ih);
                }
                assertTrue(failedBytes > 0, "the liar's pieces were received and failed their hash: " + failedBytes
                        + " bytes");
                long honestBefore = storeNode.uploadedBytes();
                storeNode.seed(good);
                InstallOutcome both = update.get(90, TimeUnit.SECONDS);
                InstallOutcome.Installed done = assertInstanceOf(InstallOutcome.Installed.class, both, both.message());
                assertEquals("2.0.0", done.version());
                assertArrayEquals(data, Files.readAllBytes(done.location().resolve("data.bin")));
                assertEquals("2.0.0", c.installed(HELLO).orElseThrow().version());
                assertTrue(liar.uploadedBytes() > liarBefore, "the liar served the client during the update");
                long honest = storeNode.uploadedBytes() - honestBefore;
                assertTrue(honest >= Files.size(good), "the honest peer, not banned, sent the whole package: " + honest
                        + " of " + Files.size(good) + " bytes");
            } finally {
                updating.shutdownNow();
            }
        }
    }
}
