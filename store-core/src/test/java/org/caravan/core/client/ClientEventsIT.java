package org.caravan.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.caravan.core.store.ReleaseRecord;
import org.caravan.core.store.StoreServer;
import org.caravan.core.testing.LoopbackNetworkTest;
import org.caravan.core.testing.StoreFixture;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.trust.RevocationReason;
import org.junit.jupiter.api.Test;

/**
 * What a face of the client (the window, {@code client watch}, the desktop notifier) hears while a user syncs,
 * installs, updates and removes against a real store on a loopback network.
 */
class ClientEventsIT extends LoopbackNetworkTest {
    static final String HELLO = "org.example.hello";
    static final String EDITOR = "org.example.editor";

    /** Every event of one client, in the order told. */
    private static final class Heard {
        final List<ClientEvent> events = new CopyOnWriteArrayList<>();

        <T extends ClientEvent> List<T> of(Class<T> kind) {
            return events.stream().filter(kind::isInstance).map(kind::cast).toList();
        }

        void clear() {
            events.clear();
        }
    }

    @Test
    void syncInstallUpdateRevocationAndRemovalAreEachToldOnce() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("s"));
        ReleaseRecord hello1 = f.addApp(HELLO, "1.0.0", "utilities");
        StoreServer server = new StoreServer(f.store, storeNode, StoreFixture.CLOCK);
        server.step();
        Heard heard = new Heard();
        try (ClientService c = client(tmp.resolve("home"), StoreFixture.CLOCK)) {
            c.addEventListener(heard.events::add);
            c.subscribe(f.store.magnet());

            assertEquals(SyncReport.Outcome.UPDATED, syncOnly(c).outcome());
            List<ClientEvent.SyncDone> syncs = heard.of(ClientEvent.SyncDone.class);
            assertEquals(1, syncs.size(), heard.events.toString());
            assertEquals(SyncReport.Outcome.UPDATED, syncs.get(0).report().outcome());
            assertEquals(f.store.magnet().publicKeyHex(), syncs.get(0).report().storeKey());
            assertEquals("sync-done", syncs.get(0).kind());
            heard.clear();

            // Install: progress of the download with its real bytes and peers, then the change.
            InstallOutcome o = c.install(HELLO, InstallProgress.NONE);
            assertInstanceOf(InstallOutcome.Installed.class, o, o.message());
            List<ClientEvent.Progress> progress = heard.of(ClientEvent.Progress.class);
            assertTrue(progress.stream().allMatch(p -> p.appId().equals(HELLO)), progress.toString());
            long size = hello1.size();
            assertTrue(progress.stream().anyMatch(p -> p.stage().equals("download") && p.bytes() == size
                    && p.totalBytes() == size), "no download sample reached the package's " + size + " bytes: " + progress);
            assertTrue(progress.stream().mapToInt(ClientEvent.Progress::peers).max().orElse(0) >= 1,
                    "no sample counted the store's node as a peer: " + progress);
            assertEquals(List.of("download", "verify", "extract", "done"),
                    progress.stream().map(ClientEvent.Progress::stage).distinct().toList());
            assertEquals(1.0, progress.get(progress.size() - 1).fraction());
            List<ClientEvent.AppChanged> changed = heard.of(ClientEvent.AppChanged.class);
            assertEquals(1, changed.size(), heard.events.toString());
            assertEquals(HELLO, changed.get(0).appId());
            assertEquals("install", changed.get(0).action());
            assertTrue(changed.get(0).ok());
            assertTrue(changed.get(0).outcome().startsWith("installed org.example.hello 1.0.0"), changed.get(0).outcome());
            // Nothing about trust: the app was installed trusted, with nothing newer.
            assertEquals(List.of(), heard.of(ClientEvent.AppTurnedSpurious.class));
            assertEquals(List.of(), heard.of(ClientEvent.UpdateAvailable.class));
            heard.clear();

            // A sync that brings 2.0.0 tells of the update once; the next sync, with nothing new, does not again.
            f.addApp(HELLO, "2.0.0", "utilities");
            server.step();
            assertEquals(SyncReport.Outcome.UPDATED, syncOnly(c).outcome());
            assertEquals(SyncReport.Outcome.UP_TO_DATE, syncOnly(c).outcome());
            List<ClientEvent.UpdateAvailable> updates = heard.of(ClientEvent.UpdateAvailable.class);
            assertEquals(1, updates.size(), heard.events.toString());
            assertEquals(HELLO, updates.get(0).appId());
            assertEquals("1.0.0", updates.get(0).installedVersion());
            assertEquals("2.0.0", updates.get(0).newVersion());
            assertEquals(2, heard.of(ClientEvent.SyncDone.class).size());
            heard.clear();

            // The developer's key is revoked as compromised: the installed 1.0.0 turns spurious, told once, with why.
            f.store.revoke(Personas.DEVELOPER, RevocationReason.COMPROMISED, "leaked", StoreFixture.NOW);
            server.step();
            assertEquals(SyncReport.Outcome.UPDATED, syncOnly(c).outcome());
            List<ClientEvent.AppTurnedSpurious> spurious = heard.of(ClientEvent.AppTurnedSpurious.class);
            assertEquals(1, spurious.size(), heard.events.toString());
            assertEquals(HELLO, spurious.get(0).appId());
            assertEquals("1.0.0", spurious.get(0).version());
            assertTrue(spurious.get(0).reason().contains("revoked") && spurious.get(0).reason().contains(
                    Personas.DEVELOPER.hex()), spurious.get(0).reason());
            assertEquals("app-spurious", spurious.get(0).kind());
            // 2.0.0 was signed by the same key: no update to offer any more, and none is told.
            assertEquals(List.of(), heard.of(ClientEvent.UpdateAvailable.class));
            heard.clear();

            // Another generation (a new app by the root) changes nothing for hello: it is not told again.
            f.store.add(f.buildSigned(EDITOR, "1.0.0", "editors", Personas.secretKey("root")), StoreFixture.SIGNED);
            server.step();
            assertEquals(SyncReport.Outcome.UPDATED, syncOnly(c).outcome());
            assertEquals(List.of(), heard.of(ClientEvent.AppTurnedSpurious.class), heard.events.toString());
            heard.clear();

            AppChange removed = c.remove(HELLO);
            assertInstanceOf(AppChange.Done.class, removed, removed.message());
            List<ClientEvent.AppChanged> gone = heard.of(ClientEvent.AppChanged.class);
            assertEquals(1, gone.size(), heard.events.toString());
            assertEquals("remove", gone.get(0).action());
            assertEquals("removed org.example.hello 1.0.0", gone.get(0).outcome());
            heard.clear();

            // A refused change is told too, with its reason.
            assertInstanceOf(AppChange.Refused.class, c.rollback(HELLO));
            ClientEvent.AppChanged refused = heard.of(ClientEvent.AppChanged.class).get(0);
            assertEquals("rollback", refused.action());
            assertTrue(!refused.ok() && refused.outcome().contains("not installed"), refused.toString());
        }
    }

    @Test
    void theUsersOwnDistrustOfASignerTellsItsInstalledAppEachTimeItIsLost() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("s"));
        f.addApp(HELLO, "1.0.0", "utilities");
        StoreServer server = new StoreServer(f.store, storeNode, StoreFixture.CLOCK);
        server.step();
        Heard heard = new Heard();
        try (ClientService c = client(tmp.resolve("home"), StoreFixture.CLOCK)) {
            c.subscribe(f.store.magnet());
            assertEquals(SyncReport.Outcome.UPDATED, syncOnly(c).outcome());
            assertInstanceOf(InstallOutcome.Installed.class, c.install(HELLO, InstallProgress.NONE));
            c.addEventListener(heard.events::add);

            c.distrustKey(Personas.DEVELOPER);
            c.distrustKey(Personas.DEVELOPER);
            List<ClientEvent.AppTurnedSpurious> lost = heard.of(ClientEvent.AppTurnedSpurious.class);
            assertEquals(1, lost.size(), heard.events.toString());
            assertEquals(HELLO, lost.get(0).appId());
            assertTrue(lost.get(0).reason().contains(Personas.DEVELOPER.hex()), lost.get(0).reason());

            // Trusted again, then lost again: told again.
            assertEquals(1, c.forgetOverrides(Personas.DEVELOPER));
            assertEquals(1, heard.of(ClientEvent.AppTurnedSpurious.class).size());
            c.distrustKey(Personas.DEVELOPER);
            assertEquals(2, heard.of(ClientEvent.AppTurnedSpurious.class).size(), heard.events.toString());
        }
    }

    @Test
    void scheduledSyncsAndUpdatesAreToldLikeManualOnes() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("s"));
        f.addApp(HELLO, "1.0.0", "utilities");
        StoreServer server = new StoreServer(f.store, storeNode, StoreFixture.CLOCK);
        server.step();
        Heard heard = new Heard();
        try (ClientService c = client(tmp.resolve("home"), StoreFixture.CLOCK)) {
            c.subscribe(f.store.magnet());
            assertEquals(SyncReport.Outcome.UPDATED, syncOnly(c).outcome());
            assertInstanceOf(InstallOutcome.Installed.class, c.install(HELLO, InstallProgress.NONE));
            f.addApp(HELLO, "2.0.0", "utilities");
            server.step();
            c.setAutoUpdate(true);
            CountDownLatch updated = new CountDownLatch(1);
            c.addEventListener(e -> {
                heard.events.add(e);
                if (e instanceof ClientEvent.AppChanged a && a.action().equals("update")) {
                    updated.countDown();
                }
            });
            c.startAutoSync(Duration.ofMinutes(10), reports -> { });
            assertTrue(updated.await(60, TimeUnit.SECONDS), "no automatic update was told: " + heard.events);
            c.stopAutoSync();

            ClientEvent.SyncDone sync = heard.of(ClientEvent.SyncDone.class).get(0);
            assertEquals(SyncReport.Outcome.UPDATED, sync.report().outcome());
            ClientEvent.UpdateAvailable offer = heard.of(ClientEvent.UpdateAvailable.class).get(0);
            assertEquals("2.0.0", offer.newVersion());
            ClientEvent.AppChanged done = heard.of(ClientEvent.AppChanged.class).get(0);
            assertTrue(done.ok() && done.outcome().startsWith("updated org.example.hello 1.0.0 -> 2.0.0"),
                    done.toString());
            // The order a user would see: the sync, the offer, the download, the change.
            assertTrue(heard.events.indexOf(sync) < heard.events.indexOf(offer), heard.events.toString());
            assertTrue(heard.events.indexOf(offer) < heard.events.indexOf(done), heard.events.toString());
            assertEquals("2.0.0", c.installed(HELLO).orElseThrow().version());
        }
    }
}
