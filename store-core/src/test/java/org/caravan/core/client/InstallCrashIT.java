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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.caravan.core.store.StoreServer;
import org.caravan.core.testing.LoopbackNetworkTest;
import org.caravan.core.testing.StoreFixture;
import org.junit.jupiter.api.Test;

/**
 * kill -9 during an update, for real: a child JVM updates org.example.hello 1.0.0 -> 2.0.0 and is killed
 * with SIGKILL at each step of the pipeline. Reopening must show the old state (before the database
 * commit) or the new one (after it), never a mix, and must clear staging and stray folders.
 */
class InstallCrashIT extends LoopbackNetworkTest {
    static final String HELLO = "org.example.hello";


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
            if (!paused.get(60, TimeUnit.SECONDS)) {
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
