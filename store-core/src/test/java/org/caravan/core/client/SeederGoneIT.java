package org.caravan.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * The only seeder of a package goes away in the middle of a download (issue 15, faults): its session is closed
 * while the client is at a third of the file. Either another peer holding the package turns up and the download
 * goes on from it, or the install stops after the bounded no-peer wait, says what is missing (app, version, bytes
 * had of the total), keeps what it had in the cache, and the next install takes only the rest.
 */
class SeederGoneIT extends LoopbackNetworkTest {
    static final String BIG = "org.example.big";
    /**
     * Random, so the ZIP does not shrink it: 6 MiB at 1 MiB/s is ~6 s of download, long enough to cut it. The cap
     * is the torrent's own: libtorrent exempts loopback and LAN peers from the session's cap.
     */
    static final int PAYLOAD = 6 * 1024 * 1024;
    static final long SLOW = 1024 * 1024;

    @Test
    void aDownloadWhoseSeederLeavesGoesOnFromAPeerThatJoins() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("store"));
        ReleaseRecord r = f.store.add(bigPackage(f), StoreFixture.SIGNED);
        new StoreServer(f.store, storeNode, StoreFixture.CLOCK).step();
        storeNode.setUploadLimit(new InfoHash(r.infoHash()), SLOW);
        try (ClientService c = client(tmp.resolve("alice"), StoreFixture.CLOCK)) {
            c.subscribe(f.store.magnet());
            assertEquals(SyncReport.Outcome.UPDATED, syncOnly(c).outcome());
            CountDownLatch third = new CountDownLatch(1);
            CompletableFuture<InstallOutcome> install = CompletableFuture.supplyAsync(() -> c.install(BIG,
                    (stage, fraction) -> {
                        if (stage.equals("download") && fraction >= 0.8 / 3) {
                            third.countDown();
                        }
                    }));
            assertTrue(third.await(60, TimeUnit.SECONDS), "the download never reached a third");
            storeNode.close();
            // Someone else who holds the package comes online (a subscriber starting, a mirror node).
            PeerNode other = net.join(tmp.resolve("other-node"));
            other.seed(f.store.packageFile(r));

            InstallOutcome o = install.get(120, TimeUnit.SECONDS);
            assertInstanceOf(InstallOutcome.Installed.class, o, o.message());
            assertTrue(other.uploadedBytes() > 0, "the rest came from the peer that joined");
        }
    }

    @Test
    void aDownloadWithNoPeerLeftSaysWhatIsMissingKeepsWhatItHadAndResumesFromIt() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("store"));
        ReleaseRecord r = f.store.add(bigPackage(f), StoreFixture.SIGNED);
        new StoreServer(f.store, storeNode, StoreFixture.CLOCK).step();
        storeNode.setUploadLimit(new InfoHash(r.infoHash()), SLOW);
        Path alice = tmp.resolve("alice");
        long had;
        try (ClientService c = client(alice, StoreFixture.CLOCK)) {
            c.subscribe(f.store.magnet());
            assertEquals(SyncReport.Outcome.UPDATED, syncOnly(c).outcome());
            CountDownLatch third = new CountDownLatch(1);
            CompletableFuture<InstallOutcome> install = CompletableFuture.supplyAsync(() -> c.install(BIG,
                    (stage, fraction) -> {
                        if (stage.equals("download") && fraction >= 0.8 / 3) {
                            third.countDown();
                        }
                    }));
            assertTrue(third.await(60, TimeUnit.SECONDS), "the download never reached a third");
            storeNode.close();

            InstallOutcome o = install.get(120, TimeUnit.SECONDS);
            InstallOutcome.Failed failed = assertFailed(o);
            String m = failed.reason();
            assertTrue(m.startsWith("no peer holds " + BIG + " 1.0.0"), m);
            Matcher bytes = Pattern.compile("had ([0-9]+) of ([0-9]+) bytes").matcher(m);
            assertTrue(bytes.find(), m);
            had = Long.parseLong(bytes.group(1));
            assertEquals(r.size(), Long.parseLong(bytes.group(2)), m);
            assertTrue(had >= r.size() / 4 && had < r.size(), m);
            assertTrue(m.contains("install again to resume"), m);
            assertTrue(c.installedApps().isEmpty());
        }
        Path partial = alice.resolve("cache").resolve(r.sha256()).resolve(f.store.packageFile(r).getFileName());
        assertTrue(Files.isRegularFile(partial), "the pieces fetched are kept in " + partial);

        // Later someone holding the package is online again; a new client process installs, taking only the rest.
        PeerNode back = net.join(tmp.resolve("back-node"));
        back.seed(f.store.packageFile(r));
        try (ClientService c = client(alice, StoreFixture.CLOCK)) {
            InstallOutcome o = c.install(BIG, InstallProgress.NONE);
            assertInstanceOf(InstallOutcome.Installed.class, o, o.message());
            long sent = back.uploadedBytes();
            assertTrue(sent > 0, "the rest came from the peer that is back");
            assertTrue(sent < r.size() - had / 2, "resumed: " + sent + " bytes sent of " + r.size() + " after having "
                    + had + " (from zero it would be all of them)");
        }
    }

    private static InstallOutcome.Failed assertFailed(InstallOutcome o) {
        return assertInstanceOf(InstallOutcome.Failed.class, o, o.message());
    }

    private static Path bigPackage(StoreFixture f) throws IOException {
        Path src = Files.createDirectories(f.dir.resolve("src").resolve(BIG));
        Files.writeString(src.resolve("run.sh"), "#!/bin/sh\necho big\n", StandardCharsets.UTF_8);
        byte[] data = new byte[PAYLOAD];
        new Random(15).nextBytes(data);
        Files.write(src.resolve("data.bin"), data);
        Path car = Files.createDirectories(f.dir.resolve("out")).resolve(BIG + "-1.0.0.car");
        PackageBuilder.build(BIG, "1.0.0", "app", "Big", "A large app", "utilities", "run.sh", src, car);
        Files.writeString(car.resolveSibling(car.getFileName() + ".asc"),
                DetachedSignatures.sign(Personas.secretKey("developer"), car, StoreFixture.SIGNED),
                StandardCharsets.US_ASCII);
        return car;
    }
}
