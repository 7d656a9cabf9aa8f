package org.caravan.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.caravan.core.net.ChannelPointer;
import org.caravan.core.net.DhtAnnounces;
import org.caravan.core.net.InfoHash;
import org.caravan.core.store.Publication;
import org.caravan.core.store.StoreServer;
import org.caravan.core.testing.LoopbackNetworkTest;
import org.caravan.core.testing.StoreFixture;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.trust.RevocationReason;
import org.junit.jupiter.api.Test;

/** A store served on a loopback test network and a client that subscribes, syncs and installs, for real. */
class ClientSyncIT extends LoopbackNetworkTest {
    static final String HELLO = "org.example.hello";

    @Test
    void subscribeSyncInstallThenARevocationMakesTheAppSpurious() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("a"));
        f.addApp(HELLO, "1.0.0", "utilities");
        StoreServer server = new StoreServer(f.store, storeNode, StoreFixture.CLOCK);
        assertEquals(1, server.step().generation());

        Path home = tmp.resolve("a-home");
        try (ClientService c = client(home, StoreFixture.CLOCK)) {
            assertTrue(c.subscribe(f.store.magnet()));
            SyncReport s1 = syncOnly(c);
            assertEquals(SyncReport.Outcome.UPDATED, s1.outcome(), s1.message());
            assertEquals(1, s1.generation());
            assertEquals(1, s1.apps());

            AppEntry hello = c.apps().get(0);
            assertEquals(HELLO, hello.appId());
            assertEquals(TrustState.TRUSTED, hello.state(), hello.explanation());
            assertEquals(Personas.DEVELOPER.hex(), hello.signerFingerprint());
            assertEquals("Test Store", hello.storeName());

            InstallOutcome o = c.install(HELLO, InstallProgress.NONE);
            InstallOutcome.Installed ok = assertInstanceOf(InstallOutcome.Installed.class, o, o.message());
            assertEquals(home.resolve("apps/org.example.hello/1.0.0").toAbsolutePath(), ok.location());
            assertEquals("org.example.hello 1.0.0\n", Files.readString(ok.location().resolve("README.txt")));
            assertTrue(ok.trustExplanation().contains(Personas.ROOT.hex()), ok.trustExplanation());
            assertTrue(ok.trustExplanation().contains(Personas.DEVELOPER.hex()), ok.trustExplanation());

            f.store.revoke(Personas.DEVELOPER, RevocationReason.COMPROMISED, "leaked", StoreFixture.NOW);
            assertEquals(2, server.step().generation());
            SyncReport s2 = syncOnly(c);
            assertEquals(SyncReport.Outcome.UPDATED, s2.outcome(), s2.message());
            assertEquals(2, s2.generation());
            assertTrue(s2.message().contains("(delta of "), "a subscriber holding generation 1 fetches the delta: "
                    + s2.message());

            AppEntry spurious = c.apps().get(0);
            assertEquals(TrustState.SPURIOUS, spurious.state(), spurious.explanation());
            assertEquals("1.0.0", spurious.installedVersion());
            assertTrue(spurious.explanation().contains("revoked"), spurious.explanation());
        }
        // Closing right after the delta sync still leaves generation 2 rebuilt on disk, to start the next delta from.
        Path kept = home.resolve("generations").resolve(java.util.HexFormat.of().formatHex(f.store.storeKey()))
                .resolve("2").resolve("generation-2.cgen");
        assertTrue(Files.isRegularFile(kept), "kept " + kept);
        assertEquals(Files.size(f.store.generationFile(2)), Files.size(kept), "byte-identical to the publisher's");
    }

    /**
     * A big store on a small network: every DHT node is among the closest to every torrent, so each one tracks the
     * store's packages and generations all together. libtorrent's nodes track 2 000 torrents by default and drop
     * the announces of any more, so the first subscribers of a 2 000-app store learned the pointer but never found
     * the publisher's generation ("no peer holds generation 1", the bench of issue 11).
     */
    @Test
    void aStoreIsFoundOnANetworkThatAlreadyTracksThousandsOfTorrents() throws Exception {
        try (DhtAnnounces bigStore = new DhtAnnounces(11)) {
            int acknowledged = bigStore.announceRandom(net.addresses(), 2_100);
            assertTrue(acknowledged > 2_000, "every node tracks more torrents than libtorrent's default 2 000: "
                    + acknowledged);
            StoreFixture f = StoreFixture.create(tmp.resolve("big"));
            f.addApp(HELLO, "1.0.0", "utilities");
            new StoreServer(f.store, storeNode, StoreFixture.CLOCK).step();
            try (ClientService c = client(tmp.resolve("big-home"), StoreFixture.CLOCK)) {
                c.subscribe(f.store.magnet());
                SyncReport s = syncOnly(c);
                assertEquals(SyncReport.Outcome.UPDATED, s.outcome(), s.message());
                assertInstanceOf(InstallOutcome.Installed.class, c.install(HELLO, InstallProgress.NONE));
            }
        }
    }

    /**
     * {@code caravan client sync} closes the client as soon as the sync returns, while the generation rebuilt
     * from the delta is still being written and seeded in the background, which needs the client's session.
     * Closing waits for that write; the write used to ask the closing client for its session, whose lock the
     * close held, so the close stalled for its 30-second timeout (when it won the race to the lock) and the
     * write then failed to seed on a closed database. The bound is a deadlock check, far above the few
     * milliseconds a close takes, not a speed goal.
     */
    @Test
    void closingRightAfterADeltaSyncDoesNotStallOnTheBackgroundWrite() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("c"));
        f.addApp(HELLO, "1.0.0", "utilities");
        StoreServer server = new StoreServer(f.store, storeNode, StoreFixture.CLOCK);
        server.step();
        Path home = tmp.resolve("c-home");
        ClientService c = client(home, StoreFixture.CLOCK);
        SyncReport s2;
        try {
            assertTrue(c.subscribe(f.store.magnet()));
            assertEquals(1, syncOnly(c).generation());
            f.addApp("org.example.notes", "1.0.0", "office");
            assertEquals(2, server.step().generation());
            s2 = syncOnly(c);
        } finally {
            assertTimeout(Duration.ofSeconds(20), c::close, "close stalled after a delta sync");
        }
        assertTrue(s2.message().contains("(delta of "), s2.message());
        Path kept = home.resolve("generations").resolve(java.util.HexFormat.of().formatHex(f.store.storeKey()))
                .resolve("2").resolve("generation-2.cgen");
        assertEquals(Files.size(f.store.generationFile(2)), Files.size(kept), "generation 2 is kept, whole");
        try (ClientService again = client(home, StoreFixture.CLOCK)) {
            assertEquals(List.of(HELLO, "org.example.notes"), again.apps().stream().map(AppEntry::appId).sorted().toList());
        }
    }

    /**
     * Unsubscribing takes a store's apps off the list and out of search and deletes the generations kept for
     * it; it is refused while one of its apps is installed; subscribing again fetches the store anew.
     */
    @Test
    void unsubscribingRemovesTheStoreAndSubscribingAgainBringsItBack() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("u"));
        f.addApp(HELLO, "1.0.0", "utilities");
        new StoreServer(f.store, storeNode, StoreFixture.CLOCK).step();
        Path home = tmp.resolve("u-home");
        String key = java.util.HexFormat.of().formatHex(f.store.storeKey());
        try (ClientService c = client(home, StoreFixture.CLOCK)) {
            c.subscribe(f.store.magnet());
            assertEquals(SyncReport.Outcome.UPDATED, syncOnly(c).outcome());
            assertInstanceOf(InstallOutcome.Installed.class, c.install(HELLO, InstallProgress.NONE));
            Path kept = home.resolve("generations").resolve(key);
            assertTrue(Files.isDirectory(kept));

            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> c.unsubscribe(key));
            assertEquals("Test Store is still the store of org.example.hello: remove it first (caravan client remove ID)",
                    refused.getMessage());
            assertEquals(1, c.stores().size(), "nothing changed");
            assertEquals(1, c.apps().size());

            assertInstanceOf(AppChange.Done.class, c.remove(HELLO));
            assertEquals("Test Store", c.unsubscribe(key).name());
            assertTrue(c.stores().isEmpty());
            assertTrue(c.apps().isEmpty());
            assertTrue(c.search("hello", null, 10).isEmpty(), "gone from search too");
            assertFalse(Files.exists(kept), "the generations kept for it are deleted");
            assertThrows(IllegalArgumentException.class, () -> c.unsubscribe(key));

            c.subscribe(f.store.magnet());
            SyncReport again = syncOnly(c);
            assertEquals(SyncReport.Outcome.UPDATED, again.outcome(), again.message());
            assertTrue(again.message().contains("(full generation)"), again.message());
            assertEquals(List.of(HELLO), c.apps().stream().map(AppEntry::appId).toList());
        }
    }

    @Test
    void olderGenerationsAndGarbageAreRefusedAndTheCurrentCatalogIsKept() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("b"));
        f.addApp(HELLO, "1.0.0", "utilities");
        StoreServer server = new StoreServer(f.store, storeNode, StoreFixture.CLOCK);
        Publication gen1 = server.step();
        f.addApp("org.example.notes", "1.0.0", "office");
        Publication gen2 = server.step();
        assertEquals(2, gen2.generation());

        Path home = tmp.resolve("b-home");
        byte[] seed = f.store.rootKey().ed25519Seed();
        try (ClientService c = client(home, StoreFixture.CLOCK)) {
            c.subscribe(f.store.magnet());
            assertEquals(2, syncOnly(c).generation());

            // A pointer to something that is not a catalog: refused, generation 2 kept.
            Path junk = Files.writeString(tmp.resolve("generation-9.cgen"), "this is not a catalog");
            storeNode.putPointer(seed, f.store.salt(), new ChannelPointer(storeNode.seed(junk), 9));
            SyncReport bad = syncOnly(c);
            assertEquals(SyncReport.Outcome.REFUSED, bad.outcome(), bad.message());
            assertTrue(bad.message().contains("keeping generation 2"), bad.message());
            assertEquals(2, c.apps().size());

            // An attacker (or a stale peer) re-announces generation 1, properly signed by the store.
            InfoHash ih1 = storeNode.seed(gen1.file());
            storeNode.putPointer(seed, f.store.salt(), new ChannelPointer(ih1, 1));
        }
        // After a restart too, the client remembers it held generation 2.
        try (ClientService c = client(home, StoreFixture.CLOCK)) {
            SyncReport r = syncOnly(c);
            assertEquals(SyncReport.Outcome.REFUSED, r.outcome(), r.message());
            assertTrue(r.message().contains("rollback"), r.message());
            assertEquals(2, c.apps().size());
            assertEquals(2, c.stores().get(0).generation());
        }
    }

    @Test
    void aCatalogPastItsExpiryIsStaleAndRefusesNewInstalls() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("c"));
        f.addApp(HELLO, "1.0.0", "utilities");
        new StoreServer(f.store, storeNode, StoreFixture.CLOCK).step();
        Path home = tmp.resolve("c-home");
        try (ClientService c = client(home, StoreFixture.CLOCK)) {
            c.subscribe(f.store.magnet());
            assertEquals(SyncReport.Outcome.UPDATED, syncOnly(c).outcome());
        }
        Clock weekLater = Clock.fixed(StoreFixture.NOW.plus(Duration.ofDays(8)), ZoneOffset.UTC);
        try (ClientService c = ClientService.open(home, weekLater)) {
            AppEntry hello = c.apps().get(0);
            assertEquals(TrustState.STALE, hello.state());
            InstallOutcome o = c.install(HELLO, InstallProgress.NONE);
            InstallOutcome.Failed failed = assertInstanceOf(InstallOutcome.Failed.class, o);
            assertTrue(failed.reason().contains("expired"), failed.reason());
        }
    }

    @Test
    void searchFindsAppsByNameSummaryAndCategoryAndSurvivesALostIndex() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("d"));
        var dev = Personas.secretKey("developer");
        f.store.add(f.buildSigned("org.example.paint", "1.0.0", "graphics", "Paint", "Draw and paint pictures", dev),
                StoreFixture.SIGNED);
        f.store.add(f.buildSigned("org.example.chess", "1.0.0", "games", "Chess", "A board game for two", dev),
                StoreFixture.SIGNED);
        f.store.add(f.buildSigned("org.example.go", "1.0.0", "games", "Go", "The board game of stones", dev),
                StoreFixture.SIGNED);
        new StoreServer(f.store, storeNode, StoreFixture.CLOCK).step();
        Path home = tmp.resolve("d-home");
        try (ClientService c = client(home, StoreFixture.CLOCK)) {
            c.subscribe(f.store.magnet());
            assertEquals(SyncReport.Outcome.UPDATED, syncOnly(c).outcome());
            assertEquals(List.of("org.example.paint"), ids(c.search("pai", null, 20)));
            assertEquals(List.of("org.example.chess", "org.example.go"), sorted(ids(c.search("board game", null, 20))));
            assertEquals(List.of("org.example.go"), ids(c.search("stones", "games", 20)));
            assertEquals(List.of(), ids(c.search("board", "graphics", 20)));
            assertEquals(List.of("org.example.chess", "org.example.go"), sorted(ids(c.search("", "games", 20))));
            assertEquals(List.of(), ids(c.search("spreadsheet", null, 20)));
        }
        // The index is derived data: lost, it is rebuilt from the database at the next start.
        ClientService.deleteTree(home.resolve("index"));
        try (ClientService c = ClientService.open(home, StoreFixture.CLOCK)) {
            assertEquals(List.of("org.example.paint"), ids(c.search("Paint", null, 20)));
        }
    }

    private static List<String> ids(List<AppEntry> entries) {
        return entries.stream().map(AppEntry::appId).toList();
    }

    private static List<String> sorted(List<String> ids) {
        return ids.stream().sorted().toList();
    }

    @Test
    void autoSyncPicksUpANewGenerationByItself() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("e"));
        f.addApp(HELLO, "1.0.0", "utilities");
        StoreServer server = new StoreServer(f.store, storeNode, StoreFixture.CLOCK);
        server.step();
        java.util.concurrent.BlockingQueue<List<SyncReport>> rounds = new java.util.concurrent.LinkedBlockingQueue<>();
        try (ClientService c = client(tmp.resolve("e-home"), StoreFixture.CLOCK)) {
            c.subscribe(f.store.magnet());
            c.startAutoSync(Duration.ofSeconds(5), rounds::add);
            assertEquals(1, rounds.poll(30, java.util.concurrent.TimeUnit.SECONDS).get(0).generation());
            f.addApp("org.example.notes", "1.0.0", "office");
            server.step();
            long generation = 0;
            for (int i = 0; i < 3 && generation < 2; i++) {
                generation = rounds.poll(30, java.util.concurrent.TimeUnit.SECONDS).get(0).generation();
            }
            assertEquals(2, generation);
            assertEquals(2, c.apps().size());
            assertEquals(List.of("org.example.notes"), ids(c.search("notes", null, 10)), "the delta reached the index");
            c.stopAutoSync();
            // A withdrawn release: the delta removes it from the list and from search.
            assertTrue(f.store.remove("org.example.notes", "1.0.0"));
            server.step();
            SyncReport s3 = syncOnly(c);
            assertTrue(s3.message().contains("(delta of "), s3.message());
            assertEquals(List.of(HELLO), ids(c.apps()));
            assertEquals(List.of(), ids(c.search("notes", null, 10)));
            InstallOutcome gone = c.install("org.example.notes", InstallProgress.NONE);
            assertInstanceOf(InstallOutcome.Failed.class, gone, gone.message());
        }
        try (ClientService c = ClientService.open(tmp.resolve("e-home"), StoreFixture.CLOCK)) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> c.setSyncInterval(Duration.ofSeconds(1)));
            assertTrue(e.getMessage().contains("at least 5 s"), e.getMessage());
            assertEquals(Duration.ofMinutes(15), c.syncInterval());
            c.setSyncInterval(Duration.ofMinutes(2));
        }
        try (ClientService c = ClientService.open(tmp.resolve("e-home"), StoreFixture.CLOCK)) {
            assertEquals(Duration.ofMinutes(2), c.syncInterval(), "the interval is a saved setting");
        }
    }

    @Test
    void theUsersOwnOverridesDistrustAKeyOrTrustOneForAnApp() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("g"));
        f.addApp(HELLO, "1.0.0", "utilities");
        var mentor = Personas.secretKey("mentor");
        f.store.certify(mentor.certificate(), org.caravan.keyring.trust.Level.DEVELOPER,
                org.caravan.keyring.trust.Scope.GLOBAL, Instant.parse("2026-02-01T02:30:00Z"), StoreFixture.CERTIFIED);
        f.store.add(f.buildSigned("org.example.chess", "1.0.0", "games", mentor), StoreFixture.SIGNED);
        new StoreServer(f.store, storeNode, StoreFixture.CLOCK).step();
        try (ClientService c = client(tmp.resolve("g-home"), StoreFixture.CLOCK)) {
            c.subscribe(f.store.magnet());
            assertEquals(SyncReport.Outcome.UPDATED, syncOnly(c).outcome());
            assertEquals(TrustState.TRUSTED, entry(c, HELLO).state());
            assertEquals(TrustState.REFUSED, entry(c, "org.example.chess").state(), "its certification expired");

            c.distrustKey(Personas.DEVELOPER);
            AppEntry distrusted = entry(c, HELLO);
            assertEquals(TrustState.REFUSED, distrusted.state());
            assertTrue(distrusted.explanation().contains("distrust"), distrusted.explanation());
            assertInstanceOf(InstallOutcome.Failed.class, c.install(HELLO, InstallProgress.NONE));
            assertEquals(1, c.forgetOverrides(Personas.DEVELOPER));
            assertEquals(TrustState.TRUSTED, entry(c, HELLO).state());

            c.trustKeyForApp(Personas.MENTOR, "org.example.chess");
            assertEquals(TrustState.TRUSTED, entry(c, "org.example.chess").state(), entry(c, "org.example.chess").explanation());
            InstallOutcome chess = c.install("org.example.chess", InstallProgress.NONE);
            assertInstanceOf(InstallOutcome.Installed.class, chess, chess.message());
            assertEquals(List.of(new org.caravan.keyring.trust.LocalOverride.TrustForApp(Personas.MENTOR, "org.example.chess")),
                    c.overrides());
        }
    }

    private static AppEntry entry(ClientService c, String id) {
        return c.apps().stream().filter(a -> a.appId().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void twoStoresAtOnceEachTrustedForWhatItLists() throws Exception {
        StoreFixture a = StoreFixture.create(tmp.resolve("h1"));
        a.addApp(HELLO, "1.0.0", "utilities");
        StoreFixture b = StoreFixture.create(tmp.resolve("h2"), "second-root", "Other Store");
        b.addApp("org.example.notes", "1.0.0", "office");
        new StoreServer(a.store, storeNode, StoreFixture.CLOCK).step();
        new StoreServer(b.store, storeNode, StoreFixture.CLOCK).step();
        try (ClientService c = client(tmp.resolve("h-home"), StoreFixture.CLOCK)) {
            c.subscribe(a.store.magnet());
            c.subscribe(b.store.magnet());
            List<SyncReport> reports = c.sync();
            assertEquals(2, reports.size());
            reports.forEach(r -> assertEquals(SyncReport.Outcome.UPDATED, r.outcome(), r.message()));
            assertEquals("Test Store", entry(c, HELLO).storeName());
            assertEquals("Other Store", entry(c, "org.example.notes").storeName());
            assertEquals(TrustState.TRUSTED, entry(c, "org.example.notes").state());
            InstallOutcome notes = c.install("org.example.notes", InstallProgress.NONE);
            assertInstanceOf(InstallOutcome.Installed.class, notes, notes.message());
            assertTrue(notes.message().contains(Personas.SECOND_ROOT.hex()), "trusted through the other store's root: "
                    + notes.message());
        }
    }

    @Test
    void aRewrittenHistoryIsFetchedInFullWhenTheDeltaDoesNotFitWhatIsHeld() throws Exception {
        StoreFixture first = StoreFixture.create(tmp.resolve("k1"));
        first.addApp(HELLO, "1.0.0", "utilities");
        new StoreServer(first.store, storeNode, StoreFixture.CLOCK).step();
        try (ClientService c = client(tmp.resolve("k-home"), StoreFixture.CLOCK)) {
            c.subscribe(first.store.magnet());
            assertEquals(1, syncOnly(c).generation());
            // The maintainer lost the store folder and rebuilt it with the same root key: generation 1 of
            // the new history differs from the one this client holds, so the delta to 2 does not fit.
            StoreFixture rebuilt = StoreFixture.create(tmp.resolve("k2"));
            rebuilt.addApp("org.example.notes", "1.0.0", "office");
            StoreServer server = new StoreServer(rebuilt.store, storeNode, StoreFixture.CLOCK);
            server.step();
            rebuilt.addApp("org.example.paint", "1.0.0", "graphics");
            assertEquals(2, server.step().generation());
            SyncReport r = syncOnly(c);
            assertEquals(SyncReport.Outcome.UPDATED, r.outcome(), r.message());
            assertTrue(r.message().contains("(full generation)"), r.message());
            assertEquals(List.of("org.example.notes", "org.example.paint"), sorted(ids(c.apps())));
        }
    }
}
