package org.caravan.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.caravan.core.store.StoreDirectory;
import org.caravan.core.store.StoreException;
import org.caravan.core.store.StoreServer;
import org.caravan.core.testing.LoopbackNetworkTest;
import org.caravan.core.testing.SmallDisk;
import org.caravan.core.testing.StoreFixture;
import org.caravan.keyring.testing.Personas;
import org.junit.jupiter.api.Test;

/**
 * The disk fills up (issue 15, faults): a client home and a store folder on a real small file system (a tmpfs
 * mounted for the test), filled to the last block. Install, sync and {@code store add} fail with an error that says
 * the disk is full and names the folder; what was there before is intact (the database opens, the installed set
 * and the generation held are unchanged, the store folder publishes); once space is freed the same operation
 * succeeds.
 */
class DiskFullIT extends LoopbackNetworkTest {
    static final String ONE = "org.example.one";
    static final String TWO = "org.example.two";
    static final String THREE = "org.example.three";

    @Test
    void aFullDiskStopsInstallAndSyncWithAClearErrorAndLosesNothing() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("store"));
        f.addApp(ONE, "1.0.0", "utilities");
        StoreServer server = new StoreServer(f.store, storeNode, StoreFixture.CLOCK);
        server.step();
        try (SmallDisk disk = SmallDisk.mount(tmp.resolve("disk"), 24)) {
            Path home = disk.dir().resolve("home");
            try (ClientService c = client(home, StoreFixture.CLOCK)) {
                c.subscribe(f.store.magnet());
                assertEquals(SyncReport.Outcome.UPDATED, syncOnly(c).outcome());
                assertInstanceOf(InstallOutcome.Installed.class, c.install(ONE, InstallProgress.NONE));
                f.addApp(TWO, "1.0.0", "utilities");
                server.step();
                assertEquals(SyncReport.Outcome.UPDATED, syncOnly(c).outcome());

                disk.fill("filler");
                InstallOutcome two = c.install(TWO, InstallProgress.NONE);
                InstallOutcome.Failed failed = assertInstanceOf(InstallOutcome.Failed.class, two, two.message());
                assertTrue(failed.reason().contains("disk full"), failed.reason());
                assertTrue(failed.reason().contains(home.toString()), failed.reason());
                assertEquals(List.of(ONE), installedIds(c));

                f.addApp(THREE, "1.0.0", "utilities");
                server.step();
                SyncReport full = syncOnly(c);
                assertFalse(full.ok(), full.message());
                assertTrue(full.message().contains("disk full"), full.message());
                assertTrue(full.message().contains(home.toString()), full.message());
            }
            try (ClientService c = ClientService.open(home, StoreFixture.CLOCK)) {
                // Still full: the home opens (its network saved before), nothing is lost.
                assertEquals(List.of(ONE), installedIds(c));
                assertEquals(2, c.stores().get(0).generation());
                assertTrue(isEmpty(home.resolve("staging")), "staging is cleaned");
            }
            disk.free("filler");
            try (ClientService c = client(home, StoreFixture.CLOCK)) {
                InstallOutcome two = c.install(TWO, InstallProgress.NONE);
                assertInstanceOf(InstallOutcome.Installed.class, two, two.message());
                SyncReport three = syncOnly(c);
                assertEquals(SyncReport.Outcome.UPDATED, three.outcome(), three.message());
                assertEquals(3, three.generation());
                assertEquals(List.of(ONE, TWO), installedIds(c));
            }
        }
    }

    @Test
    void aFullDiskStopsStoreAddWithAClearErrorAndTheStoreStillPublishes() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(tmp.resolve("disk"), 8)) {
            StoreFixture f = StoreFixture.create(disk.dir().resolve("store"));
            f.addApp(ONE, "1.0.0", "utilities");
            f.store.publish(StoreFixture.PUBLISHED);
            // The package is built off the small disk: only the store's own writes hit it.
            Path two = StoreFixture.create(tmp.resolve("builder")).buildSigned(TWO, "1.0.0", "utilities",
                    Personas.secretKey("developer"));

            disk.fill("filler");
            StoreException e = assertThrows(StoreException.class, () -> f.store.add(two, StoreFixture.SIGNED));
            assertTrue(e.getMessage().contains("disk full"), e.getMessage());
            assertTrue(e.getMessage().contains(f.store.dir().toString()), e.getMessage());

            StoreDirectory reopened = StoreDirectory.open(f.store.dir());
            assertEquals(List.of(ONE), reopened.releases().stream().map(r -> r.id()).toList());
            disk.free("filler");
            assertEquals(List.of(ONE), StoreDirectory.open(f.store.dir()).releases().stream().map(r -> r.id()).toList());
            StoreDirectory store = StoreDirectory.open(f.store.dir());
            store.add(two, StoreFixture.SIGNED);
            assertEquals(2, store.publish(StoreFixture.PUBLISHED).generation());
        }
    }

    private static List<String> installedIds(ClientService c) {
        return c.installedApps().stream().map(InstalledRecord::appId).sorted().toList();
    }

    private static boolean isEmpty(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return true;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
