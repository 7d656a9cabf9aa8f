package org.caravan.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.caravan.core.store.StoreServer;
import org.caravan.core.testing.LoopbackNetworkTest;
import org.caravan.core.testing.StoreFixture;
import org.caravan.keyring.trust.ClockSkew;
import org.junit.jupiter.api.Test;

/**
 * Clocks a day off (issue 15, faults): a store (and its developer) whose clock runs a day ahead or behind, and a
 * client whose clock does. Up to {@link ClockSkew#TOLERATED} (a day) of "signed in the future" counts, so none of
 * them keeps a user from installing; beyond it the signatures are refused with a reason that names the clock; a
 * catalog's expiry is judged by the client's own clock. Every clock is a fixed one.
 */
class ClockSkewIT extends LoopbackNetworkTest {
    static final String AHEAD_APP = "org.example.ahead";
    static final String BEHIND_APP = "org.example.behind";
    static final Duration DAY = Duration.ofDays(1);

    @Test
    void storesADayAheadOrBehindAreTrustedByAClientOnTime() throws Exception {
        StoreFixture ahead = StoreFixture.skewed(tmp.resolve("ahead"), "root", "Ahead Store", DAY);
        ahead.addApp(AHEAD_APP, "1.0.0", "utilities");
        new StoreServer(ahead.store, storeNode, ahead.clock()).step();
        StoreFixture behind = StoreFixture.skewed(tmp.resolve("behind"), "second-root", "Behind Store", DAY.negated());
        behind.addApp(BEHIND_APP, "1.0.0", "utilities");
        new StoreServer(behind.store, storeNode, behind.clock()).step();

        try (ClientService c = client(tmp.resolve("alice"), StoreFixture.CLOCK)) {
            c.subscribe(ahead.store.magnet());
            c.subscribe(behind.store.magnet());
            for (SyncReport r : c.sync()) {
                assertEquals(SyncReport.Outcome.UPDATED, r.outcome(), r.message());
            }
            for (String id : new String[] {AHEAD_APP, BEHIND_APP}) {
                InstallOutcome o = c.install(id, InstallProgress.NONE);
                assertInstanceOf(InstallOutcome.Installed.class, o, o.message());
            }
        }
    }

    @Test
    void aClientADayOffInstallsAndJudgesExpiryByItsOwnClock() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("store"));
        f.addApp(AHEAD_APP, "1.0.0", "utilities");
        new StoreServer(f.store, storeNode, StoreFixture.CLOCK).step();
        Path home = tmp.resolve("bob");
        // A day behind: the certification, the package's signature and the catalog are all "from tomorrow".
        try (ClientService c = client(home, Clock.offset(StoreFixture.CLOCK, DAY.negated()))) {
            c.subscribe(f.store.magnet());
            assertEquals(SyncReport.Outcome.UPDATED, syncOnly(c).outcome());
            assertEquals(TrustState.TRUSTED, c.apps().get(0).state(), c.apps().toString());
            InstallOutcome o = c.install(AHEAD_APP, InstallProgress.NONE);
            assertInstanceOf(InstallOutcome.Installed.class, o, o.message());
        }
        // A day ahead: still fresh (the catalog expires 7 days after it was issued) and trusted.
        try (ClientService c = ClientService.open(home, Clock.offset(StoreFixture.CLOCK, DAY))) {
            assertEquals(TrustState.TRUSTED, c.apps().get(0).state(), c.apps().toString());
        }
        // Eight days ahead, by the client's own clock the catalog has expired: stale, no new install.
        try (ClientService c = ClientService.open(home, Clock.offset(StoreFixture.CLOCK, DAY.multipliedBy(8)))) {
            assertEquals(TrustState.STALE, c.apps().get(0).state(), c.apps().toString());
        }
    }

    @Test
    void beyondTheToleratedSkewSignaturesAreRefusedAndTheReasonNamesTheClock() throws Exception {
        StoreFixture f = StoreFixture.skewed(tmp.resolve("far"), "root", "Far Store", DAY.multipliedBy(2));
        f.addApp(AHEAD_APP, "1.0.0", "utilities");
        new StoreServer(f.store, storeNode, f.clock()).step();
        try (ClientService c = client(tmp.resolve("carol"), StoreFixture.CLOCK)) {
            c.subscribe(f.store.magnet());
            assertEquals(SyncReport.Outcome.UPDATED, syncOnly(c).outcome());
            InstallOutcome o = c.install(AHEAD_APP, InstallProgress.NONE);
            InstallOutcome.Failed failed = assertInstanceOf(InstallOutcome.Failed.class, o, o.message());
            assertTrue(failed.reason().contains("clock"), failed.reason());
            assertTrue(c.installedApps().isEmpty());
        }
    }
}
