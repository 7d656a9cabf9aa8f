package org.caravan.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.caravan.core.net.PeerAddress;
import org.caravan.core.testing.StoreFixture;
import org.caravan.keyring.key.Fingerprint;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.trust.LocalOverride;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the client reported done is on disk: a child JVM makes a change, prints what the CLI prints, and is
 * killed with SIGKILL the instant that line appears, while it still holds the database open. H2 writes a commit
 * to its file up to a second later unless told otherwise (FINDINGS, "H2"): before WRITE_DELAY=0, a killed
 * {@code client sync} had printed "synced ... generation N" and the next start held the generation before.
 * More trials: {@code -Dcaravan.trials.durability=200} (docs/security-model.md, "Fault trials").
 */
class DurableCommitIT {
    static final int TRIALS = Integer.getInteger("caravan.trials.durability", 20);

    @TempDir
    Path tmp;

    private static ChildJvm child(Path home, String... opArgs) throws Exception {
        String[] args = new String[opArgs.length + 2];
        args[0] = home.toString();
        args[1] = StoreFixture.NOW.toString();
        System.arraycopy(opArgs, 0, args, 2, opArgs.length);
        return ChildJvm.start(ReportThenWait.class, args);
    }

    /** Runs one change in a child, kills it the instant it reports it, and returns what it printed. */
    private static String killAfterReport(Path home, String... opArgs) throws Exception {
        try (ChildJvm c = child(home, opArgs)) {
            c.killWhen(line -> line.equals("REPORTED") || line.startsWith("FAILED") || line.startsWith("Exception"), 0);
            List<String> out = c.output();
            assertEquals("REPORTED", out.get(out.size() - 1), "the child failed: " + out);
            return out.get(out.size() - 2);
        }
    }

    @Test
    void aGenerationReportedSyncedIsHeldAfterAKillTheInstantItWasReported() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("s"));
        for (int i = 1; i <= TRIALS; i++) {
            f.addApp("org.example.app" + i, "1.0.0", "utilities");
            f.store.publish(StoreFixture.PUBLISHED);
        }
        String key = HexFormat.of().formatHex(f.store.storeKey());
        Path home = tmp.resolve("home");
        try (ClientService c = ClientService.open(home, StoreFixture.CLOCK)) {
            c.subscribe(f.store.magnet());
        }
        for (int g = 1; g <= TRIALS; g++) {
            String said = killAfterReport(home, "import", key, f.store.generationFile(g).toString());
            assertTrue(said.startsWith("synced Test Store: generation " + g + ", " + g + " apps"), said);
            try (ClientService c = ClientService.open(home, StoreFixture.CLOCK)) {
                assertEquals(g, c.stores().get(0).generation(), "trial " + g + ": the child said '" + said + "'");
                assertEquals(g, c.apps().size(), "trial " + g);
            }
        }
    }

    @Test
    void subscriptionsSettingsAndTrustOverridesReportedDoneSurviveAKill() throws Exception {
        Path home = tmp.resolve("home");
        StoreFixture f = StoreFixture.create(tmp.resolve("s"));
        String magnet = f.store.magnet().format();
        String key = HexFormat.of().formatHex(f.store.storeKey());
        Fingerprint dev = Personas.secretKey("developer").certificate().fingerprint();
        ClientService.open(home, StoreFixture.CLOCK).close();

        killAfterReport(home, "subscribe", magnet);
        try (ClientService c = ClientService.open(home, StoreFixture.CLOCK)) {
            assertEquals(List.of(key), c.stores().stream().map(StoreRecord::storeKey).toList());
        }
        killAfterReport(home, "settings", "127.0.0.1:6881");
        killAfterReport(home, "overrides", dev.hex(), "org.example.hello");
        try (ClientService c = ClientService.open(home, StoreFixture.CLOCK)) {
            assertEquals(false, c.seeding());
            assertEquals(77, c.uploadLimitKib());
            assertEquals(true, c.autoUpdate());
            assertEquals(Duration.ofSeconds(600), c.syncInterval());
            assertEquals(List.of(PeerAddress.parse("127.0.0.1:6881")), c.network().bootstrap());
            assertEquals(List.of(new LocalOverride.Distrust(dev), new LocalOverride.TrustForApp(dev, "org.example.hello")),
                    c.overrides());
        }
        assertEquals("forgot 2", killAfterReport(home, "forget", dev.hex()));
        killAfterReport(home, "unsubscribe", key);
        try (ClientService c = ClientService.open(home, StoreFixture.CLOCK)) {
            assertEquals(List.of(), c.overrides());
            assertEquals(List.of(), c.stores());
        }
    }
}
