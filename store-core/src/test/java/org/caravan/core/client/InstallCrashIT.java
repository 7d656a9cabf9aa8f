package org.caravan.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.caravan.core.net.MirrorServer;
import org.caravan.core.store.ReleaseRecord;
import org.caravan.core.store.StoreServer;
import org.caravan.core.testing.LoopbackNetworkTest;
import org.caravan.core.testing.StoreFixture;
import org.caravan.keyring.testing.Personas;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of the client, for real: a child JVM is killed with SIGKILL at each step of an update, and at random
 * moments of catalog imports, installs, updates, rollbacks and removals. Reopening must show the old state
 * (before the database commit) or the new one (after it), never a mix, must clear staging and stray folders,
 * and the operation tried again must succeed. Trials per operation: {@code -Dcaravan.trials.crash=50}
 * (default 3), the random moments from {@code -Dcaravan.trials.seed=N} (printed); see docs/security-model.md.
 */
class InstallCrashIT extends LoopbackNetworkTest {
    static final String HELLO = "org.example.hello";
    static final int TRIALS = Integer.getInteger("caravan.trials.crash", 3);
    static final long SEED = Long.getLong("caravan.trials.seed", System.nanoTime());

    /** What a user sees installed: the version in use, the one kept for rollback, the versions on disk. */
    record State(String version, String previous, List<String> onDisk) {
        static final State NONE = new State(null, null, List.of());
        static final State ONE = new State("1.0.0", null, List.of("1.0.0"));
        static final State TWO = new State("2.0.0", "1.0.0", List.of("1.0.0", "2.0.0"));
    }

    /** One operation of the cycle install -> update -> rollback -> remove: each one's result is the next one's start. */
    record Op(String name, List<String> args, State before, State after) {}

    @Test
    void killsAtRandomMomentsOfImportInstallUpdateRollbackAndRemoveLeaveTheOldOrTheNewState() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("s"));
        Path mirrorDir = Files.createDirectories(tmp.resolve("mirror"));
        Random random = new Random(SEED);
        String seed = "(seed " + SEED + ": -Dcaravan.trials.seed=" + SEED + " repeats these moments)";
        try (MirrorServer mirror = MirrorServer.serve(mirrorDir)) {
            // Packages from an HTTP mirror on 127.0.0.1 and catalogs from generation files: the children need no
            // DHT, so a hundred killed clients leave no dead nodes behind to slow the next one.
            for (String v : List.of("1.0.0", "2.0.0")) {
                Path car = f.buildSigned(HELLO, v, "utilities", Personas.secretKey("developer"));
                ReleaseRecord rec = f.store.add(car, List.of(mirror.url(HELLO + "-" + v + ".car")), StoreFixture.SIGNED);
                Path stored = f.store.packageFile(rec);
                Files.copy(stored, mirrorDir.resolve(rec.fileName()));
                Files.copy(stored.resolveSibling(rec.fileName() + ".torrent"), mirrorDir.resolve(rec.fileName() + ".torrent"));
            }
            f.store.publish(StoreFixture.PUBLISHED);
            for (int i = 1; i <= TRIALS + 1; i++) {
                f.addApp("org.example.filler" + i, "1.0.0", "utilities");
                f.store.publish(StoreFixture.PUBLISHED);
            }
            String key = HexFormat.of().formatHex(f.store.storeKey());
            Path home = tmp.resolve("home");
            try (ClientService c = ClientService.open(home, StoreFixture.CLOCK)) {
                c.subscribe(f.store.magnet());
                assertEquals(SyncReport.Outcome.UPDATED, c.importGeneration(key, f.store.generationFile(1)).outcome());
            }
            Map<String, int[]> landed = new LinkedHashMap<>();

            // Catalog import: the generation held is the old one or the new one, and a kept file is whole.
            long importMs = calibrate(home, "import", key, f.store.generationFile(2).toString());
            long held = 2;
            for (int t = 0; t < TRIALS; t++) {
                Path next = f.store.generationFile(held + 1);
                long delay = (long) (random.nextDouble() * importMs * 1.5);
                List<String> said = killAfter(home, delay, "import", key, next.toString());
                long now;
                try (ClientService c = ClientService.open(home, StoreFixture.CLOCK)) {
                    now = c.stores().get(0).generation();
                    assertTrue(now == held || now == held + 1, "import trial " + t + " " + seed + ": generation " + now
                            + ", expected " + held + " or " + (held + 1) + "; the child printed " + said);
                    if (now == held) {
                        assertTrue(said.stream().noneMatch(l -> l.startsWith("FINISHED")),
                                "import trial " + t + " " + seed + ": reported done, then lost: " + said);
                        SyncReport retry = c.importGeneration(key, next);
                        assertEquals(SyncReport.Outcome.UPDATED, retry.outcome(), retry.message());
                    }
                    assertEquals(held + 1, c.stores().get(0).generation());
                }
                landed.computeIfAbsent("import", k -> new int[2])[now == held ? 0 : 1]++;
                assertTrue(isEmpty(home.resolve("staging")), "staging not cleaned after import trial " + t + " " + seed);
                Path kept = home.resolve("generations").resolve(key).resolve(Long.toString(held + 1))
                        .resolve(org.caravan.core.catalog.GenerationBundle.fileName(held + 1));
                if (Files.exists(kept)) {
                    org.caravan.core.catalog.GenerationBundle.read(kept, org.caravan.core.catalog.GenerationBundle.MAX_BUNDLE_BYTES);
                }
                held++;
            }

            List<Op> cycle = List.of(
                    new Op("install", List.of(HELLO, "1.0.0"), State.NONE, State.ONE),
                    new Op("update", List.of(HELLO), State.ONE, State.TWO),
                    new Op("rollback", List.of(HELLO), State.TWO, State.ONE),
                    new Op("remove", List.of(HELLO), State.ONE, State.NONE));
            Map<String, Long> took = new LinkedHashMap<>();
            for (Op op : cycle) {
                took.put(op.name(), calibrate(home, op.name(), op.args().toArray(String[]::new)));
                assertEquals(op.after(), state(home), "after an uninterrupted " + op.name());
            }
            for (int t = 0; t < TRIALS; t++) {
                for (Op op : cycle) {
                    long delay = (long) (random.nextDouble() * took.get(op.name()) * 1.5);
                    List<String> said = killAfter(home, delay, op.name(), op.args().toArray(String[]::new));
                    String where = op.name() + " trial " + t + " killed " + delay + " ms after GO " + seed
                            + "; the child printed " + said;
                    State s;
                    try (ClientService c = ClientService.open(home, StoreFixture.CLOCK)) {
                        s = state(c, home);
                        assertTrue(s.equals(op.before()) || s.equals(op.after()), where + ": " + s);
                        assertTrue(isEmpty(home.resolve("staging")), "staging not cleaned: " + where);
                        if (s.equals(op.before())) {
                            assertTrue(said.stream().noneMatch(l -> l.startsWith("FINISHED")),
                                    "reported done, then lost: " + where);
                            retry(c, op);
                            assertEquals(op.after(), state(c, home), "retried: " + where);
                        }
                    }
                    landed.computeIfAbsent(op.name(), k -> new int[2])[s.equals(op.before()) ? 0 : 1]++;
                }
            }
            StringBuilder counts = new StringBuilder("crash trials " + seed + ":");
            landed.forEach((op, n) -> counts.append(' ').append(op).append(' ').append(n[0] + n[1]).append(" (old ")
                    .append(n[0]).append(", new ").append(n[1]).append(')'));
            System.out.println(counts);
        }
    }

    /** Runs an operation to its end in a child and returns how long it took (ms), then leaves its result in place. */
    private static long calibrate(Path home, String op, String... args) throws Exception {
        List<String> said = child(home, op, args, l -> l.startsWith("FINISHED"), 0);
        String done = said.stream().filter(l -> l.startsWith("FINISHED")).findFirst().orElseThrow();
        assertFalse(done.startsWith("FINISHED") && done.split(" ", 3)[2].startsWith("FAILED"), done);
        return Math.max(1, Long.parseLong(done.split(" ")[1]));
    }

    /** Starts an operation in a child and kills it {@code delay} ms after it began; returns what it printed. */
    private static List<String> killAfter(Path home, long delay, String op, String... args) throws Exception {
        return child(home, op, args, l -> l.equals("GO"), delay);
    }

    private static List<String> child(Path home, String op, String[] args, java.util.function.Predicate<String> until,
            long delay) throws Exception {
        List<String> all = new ArrayList<>(List.of(home.toString(), StoreFixture.NOW.toString(), op));
        all.addAll(List.of(args));
        try (ChildJvm child = ChildJvm.start(CrashingClient.class, all.toArray(String[]::new))) {
            child.killWhen(until, delay);
            return child.output();
        }
    }

    private static void retry(ClientService c, Op op) {
        String done = switch (op.name()) {
            case "install" -> outcome(c.install(HELLO, "1.0.0", false, InstallProgress.NONE));
            case "update" -> outcome(c.update(HELLO, InstallProgress.NONE));
            case "rollback" -> c.rollback(HELLO) instanceof AppChange.Done d ? d.message() : "FAILED";
            case "remove" -> c.remove(HELLO) instanceof AppChange.Done d ? d.message() : "FAILED";
            default -> throw new IllegalArgumentException(op.name());
        };
        assertFalse(done.startsWith("FAILED"), op.name() + " tried again: " + done);
    }

    private static String outcome(InstallOutcome o) {
        return (o instanceof InstallOutcome.Failed ? "FAILED " : "") + o.message();
    }

    /** Opens the home (which must work after any kill) and reads what is installed and on disk. */
    private static State state(Path home) throws Exception {
        try (ClientService c = ClientService.open(home, StoreFixture.CLOCK)) {
            return state(c, home);
        }
    }

    private static State state(ClientService c, Path home) throws Exception {
        Optional<InstalledRecord> r = c.installed(HELLO);
        Optional<String> previous = c.previousVersion(HELLO);
        Path dir = home.resolve("apps").resolve(HELLO);
        List<String> onDisk = Files.isDirectory(dir) ? versionsOnDisk(home) : List.of();
        return new State(r.map(InstalledRecord::version).orElse(null), previous.orElse(null), onDisk);
    }


    @Test
    void aKillAtAnyStepLeavesTheOldOrTheNewStateAndTheNextStartCleansUp() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("s"));
        f.addApp(HELLO, "1.0.0", "utilities");
        f.addApp(HELLO, "2.0.0", "utilities");
        new StoreServer(f.store, storeNode, StoreFixture.CLOCK).step();
        Path home = tmp.resolve("home");
        try (ClientService c = client(home, StoreFixture.CLOCK)) {
            c.subscribe(f.store.magnet());
            assertEquals(SyncReport.Outcome.UPDATED, c.sync().get(0).outcome());
            InstallOutcome o = c.install(HELLO, "1.0.0", false, InstallProgress.NONE);
            assertInstanceOf(InstallOutcome.Installed.class, o, o.message());
        }
        assertEquals(List.of("downloaded", "staged", "moved", "recorded"), Installer.STEPS);

        for (String step : List.of("downloaded", "staged", "moved")) {
            killAt(home, step);
            if (step.equals("staged")) {
                assertFalse(isEmpty(home.resolve("staging")), "the child left nothing in staging to clean");
            }
            if (step.equals("moved")) {
                assertTrue(Files.isDirectory(home.resolve("apps/org.example.hello/2.0.0")), "2.0.0 was not moved in");
            }
            try (ClientService c = ClientService.open(home, StoreFixture.CLOCK)) {
                assertEquals("1.0.0", c.installed(HELLO).orElseThrow().version(), "after a kill at " + step);
                assertEquals(Optional.empty(), c.previousVersion(HELLO), "after a kill at " + step);
                assertEquals("1.0.0", c.apps().get(0).installedVersion());
            }
            assertEquals(List.of("1.0.0"), versionsOnDisk(home), "after a kill at " + step);
            assertTrue(isEmpty(home.resolve("staging")), "staging not cleaned after a kill at " + step);
        }

        killAt(home, "recorded");
        try (ClientService c = ClientService.open(home, StoreFixture.CLOCK)) {
            assertEquals("2.0.0", c.installed(HELLO).orElseThrow().version());
            assertEquals(Optional.of("1.0.0"), c.previousVersion(HELLO));
            assertEquals("org.example.hello 2.0.0\n",
                    Files.readString(home.resolve("apps/org.example.hello/2.0.0/README.txt")));
        }
        assertEquals(List.of("1.0.0", "2.0.0"), versionsOnDisk(home));
        assertTrue(isEmpty(home.resolve("staging")));
    }

    private void killAt(Path home, String step) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashingUpdate.class.getName(), home.toString(), HELLO, step, StoreFixture.NOW.toString())
                .redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        CompletableFuture<Boolean> paused = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    if (line.equals("PAUSED " + step)) {
                        return true;
                    }
                }
                return false;
            } catch (Exception e) {
                return false;
            }
        });
        try {
            boolean reached;
            try {
                reached = paused.get(ChildJvm.CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                synchronized (lines) {
                    throw new AssertionError("child did not reach " + step + " within " + ChildJvm.CHILD_TIMEOUT_SECONDS
                            + " s (a harness timeout); it printed: "
                            + lines, e);
                }
            }
            if (!reached) {
                fail("child did not reach " + step + ": " + lines);
            }
        } finally {
            p.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no H2 close
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        }
        assertEquals(137, p.exitValue(), "the child was not killed by SIGKILL at " + step);
    }

    private static List<String> versionsOnDisk(Path home) throws Exception {
        Path dir = home.resolve("apps").resolve(HELLO);
        try (var s = Files.list(dir)) {
            return s.map(x -> x.getFileName().toString()).sorted().toList();
        }
    }

    private static boolean isEmpty(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return true;
        }
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
