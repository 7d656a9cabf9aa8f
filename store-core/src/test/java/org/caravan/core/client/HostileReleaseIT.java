package org.caravan.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.caravan.core.catalog.CatalogCodec;
import org.caravan.core.store.ReleaseRecord;
import org.caravan.core.store.StoreServer;
import org.caravan.core.testing.LoopbackNetworkTest;
import org.caravan.core.testing.StoreFixture;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.testing.Personas;
import org.junit.jupiter.api.Test;

/**
 * A store (or whoever holds its root key) that lists bytes under the wrong name. The catalog is properly
 * signed, the bytes match its SHA-256 and carry a valid signature: only the install pipeline's own checks
 * can catch it, and nothing may be installed.
 */
class HostileReleaseIT extends LoopbackNetworkTest {
    static final String HELLO = "org.example.hello";
    static final String EVIL = "org.example.evil";
    static final ObjectMapper JSON = CatalogCodec.mapper();


    /** Makes the store list {@code victim} with the package file, hashes and signatures of {@code donor}. */
    private static void forge(StoreFixture f, ReleaseRecord victim, ReleaseRecord donor, List<String> signatures)
            throws Exception {
        Path dir = f.store.packageFile(victim).getParent();
        Files.copy(f.store.packageFile(donor), dir.resolve(donor.fileName()));
        ReleaseRecord forged = new ReleaseRecord(victim.id(), victim.version(), victim.type(), victim.name(),
                victim.summary(), victim.category(), donor.fileName(), donor.sha256(), donor.size(), donor.infoHash(),
                donor.signers(), signatures);
        Files.write(dir.resolve("release.json"), JSON.writeValueAsBytes(forged));
    }

    private ClientService synced(StoreFixture f, Path home) throws Exception {
        new StoreServer(f.store, storeNode, StoreFixture.CLOCK).step();
        ClientService c = client(home, StoreFixture.CLOCK);
        c.subscribe(f.store.magnet());
        SyncReport r = c.sync().get(0);
        assertEquals(SyncReport.Outcome.UPDATED, r.outcome(), r.message());
        return c;
    }

    private static void nothingInstalled(ClientService c, Path home) {
        assertTrue(c.installedApps().isEmpty());
        assertFalse(Files.exists(home.resolve("apps").resolve(HELLO)), "a folder was installed");
    }

    @Test
    void bytesOfAnotherAppOrVersionOrSignedByAnUncertifiedKeyAreNotInstalled() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("s"));
        ReleaseRecord hello1 = f.addApp(HELLO, "1.0.0", "utilities");
        ReleaseRecord hello2 = f.addApp(HELLO, "2.0.0", "utilities");
        ReleaseRecord evil = f.addApp(EVIL, "1.0.0", "utilities");
        ReleaseRecord notes = f.addApp("org.example.notes", "1.0.0", "office");
        // hello 2.0.0 is really evil's package; hello 1.0.0 is fine.
        forge(f, hello2, evil, evil.signatures());
        // notes is signed by a key the store never certified, while its signer claim still names the developer.
        Path notesCar = f.store.packageFile(notes);
        String outsider = DetachedSignatures.sign(Personas.secretKey("outsider"), notesCar, StoreFixture.SIGNED);
        forge(f, notes, notes, List.of(outsider));
        Path home = tmp.resolve("home");
        try (ClientService c = synced(f, home)) {
            InstallOutcome o = c.install(HELLO, InstallProgress.NONE);
            InstallOutcome.Failed wrongId = assertInstanceOf(InstallOutcome.Failed.class, o, o.message());
            assertTrue(wrongId.reason().contains("holds app org.example.evil 1.0.0, not the app org.example.hello 2.0.0"),
                    wrongId.reason());
            nothingInstalled(c, home);

            InstallOutcome n = c.install("org.example.notes", InstallProgress.NONE);
            InstallOutcome.Failed untrusted = assertInstanceOf(InstallOutcome.Failed.class, n, n.message());
            assertTrue(untrusted.reason().contains("refused"), untrusted.reason());
            assertTrue(c.installedApps().isEmpty());

            // The honest release still installs.
            InstallOutcome ok = c.install(HELLO, "1.0.0", false, InstallProgress.NONE);
            assertInstanceOf(InstallOutcome.Installed.class, ok, ok.message());

            // Now list hello 1.0.0 as 3.0.0 (an old release replayed as new): the update is refused, 1.0.0 stays.
            forge(f, f.addApp(HELLO, "3.0.0", "utilities"), hello1, hello1.signatures());
            new StoreServer(f.store, storeNode, StoreFixture.CLOCK).step();
            assertEquals(SyncReport.Outcome.UPDATED, c.sync().get(0).outcome());
            InstallOutcome up = c.update(HELLO, InstallProgress.NONE);
            InstallOutcome.Failed replay = assertInstanceOf(InstallOutcome.Failed.class, up, up.message());
            assertTrue(replay.reason().contains("holds app org.example.hello 1.0.0, not the app org.example.hello 3.0.0"),
                    replay.reason());
            assertEquals("1.0.0", c.installed(HELLO).orElseThrow().version());
            assertEquals("org.example.hello 1.0.0\n",
                    Files.readString(home.resolve("apps/org.example.hello/1.0.0/README.txt"), StandardCharsets.UTF_8));
        }
    }
}
