package org.caravan.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.caravan.core.store.StoreServer;
import org.caravan.core.testing.LoopbackNetworkTest;
import org.caravan.core.testing.StoreFixture;
import org.junit.jupiter.api.Test;

/**
 * Installed files edited after install, as a user (or whatever runs as the user) might: {@code verify} names
 * every file modified, missing or added against the signed package's manifest, and {@code run} refuses an app
 * whose files changed, saying what changed and how to fix it; a file only touched (same bytes) still runs.
 */
class TamperedInstallIT extends LoopbackNetworkTest {
    static final String HELLO = "org.example.hello";

    @Test
    void verifyNamesEveryChangedFileAndRunRefusesAChangedApp() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("s"));
        f.addApp(HELLO, "1.0.0", "utilities");
        new StoreServer(f.store, storeNode, StoreFixture.CLOCK).step();
        try (ClientService c = client(tmp.resolve("home"), StoreFixture.CLOCK)) {
            c.subscribe(f.store.magnet());
            assertEquals(SyncReport.Outcome.UPDATED, syncOnly(c).outcome());
            InstallOutcome o = c.install(HELLO, InstallProgress.NONE);
            assertInstanceOf(InstallOutcome.Installed.class, o, o.message());
            Path dir = Path.of(c.installed(HELLO).orElseThrow().path());
            Path run = dir.resolve("run.sh");
            Path readme = dir.resolve("README.txt");
            byte[] script = Files.readAllBytes(run);
            FileTime scriptTime = Files.getLastModifiedTime(run);
            byte[] text = Files.readAllBytes(readme);
            FileTime textTime = Files.getLastModifiedTime(readme);

            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("home"))),
                    "another account could change a new home");
            assertEquals(List.of(new AppIntegrity.Intact(HELLO, "1.0.0", 2)), c.verify(null));
            assertInstanceOf(LaunchPlan.Ready.class, c.launchPlan(HELLO, false));

            // The launch program replaced by one of the same size, its time put back: the run's hash sees it.
            byte[] evil = script.clone();
            evil[evil.length - 2] = 'X';
            Files.write(run, evil);
            Files.setLastModifiedTime(run, scriptTime);
            LaunchPlan refused = c.launchPlan(HELLO, false);
            LaunchPlan.Refused r = assertInstanceOf(LaunchPlan.Refused.class, refused);
            assertTrue(r.reason().contains("was changed after install: modified run.sh"), r.reason());
            assertTrue(r.reason().contains("caravan client verify " + HELLO), r.reason());
            assertTrue(r.reason().contains("remove and install it again"), r.reason());
            assertEquals(List.of("run.sh"), damaged(c).modified());

            // Same bytes again but a new time (a backup restored, a touch): runs, nothing is reported.
            Files.write(run, script);
            Files.setLastModifiedTime(run, FileTime.fromMillis(scriptTime.toMillis() + 60_000));
            assertInstanceOf(LaunchPlan.Ready.class, c.launchPlan(HELLO, false));
            assertEquals(List.of(new AppIntegrity.Intact(HELLO, "1.0.0", 2)), c.verify(HELLO));

            // A data file changed in place (same size, same time): only the full check reads it.
            byte[] edited = text.clone();
            edited[0] = (byte) (edited[0] ^ 1);
            Files.write(readme, edited);
            Files.setLastModifiedTime(readme, textTime);
            assertEquals(List.of("README.txt"), damaged(c).modified());
            Files.write(readme, text);

            // A data file made executable: named.
            var readmeMode = Files.getPosixFilePermissions(readme);
            Files.setPosixFilePermissions(readme, PosixFilePermissions.fromString("rwxr--r--"));
            assertEquals(List.of("README.txt (execute permission added)"), damaged(c).modified());
            Files.setPosixFilePermissions(readme, readmeMode);

            // Added files and folders, a missing file, a link, the launch program's execute bit taken: each named.
            Files.createDirectories(dir.resolve("lib"));
            Files.writeString(dir.resolve("lib/preload.so"), "x", StandardCharsets.UTF_8);
            Files.delete(readme);
            Files.createSymbolicLink(readme, Path.of("/etc/passwd"));
            Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rw-r--r--"));
            AppIntegrity.Damaged d = damaged(c);
            assertEquals(List.of("README.txt (not a regular file)", "run.sh (execute permission removed)"), d.modified());
            assertEquals(List.of("lib/", "lib/preload.so"), d.unexpected());
            assertEquals(List.of(), d.missing());
            LaunchPlan.Refused again = assertInstanceOf(LaunchPlan.Refused.class, c.launchPlan(HELLO, false));
            assertTrue(again.reason().contains("unexpected lib/, lib/preload.so"), again.reason());
            Files.delete(readme);
            assertEquals(List.of("README.txt"), damaged(c).missing());

            // Repair: the cached package, checked again, extracted over the whole folder.
            AppChange fixed = c.repair(HELLO);
            assertInstanceOf(AppChange.Done.class, fixed, fixed.message());
            assertEquals(List.of(new AppIntegrity.Intact(HELLO, "1.0.0", 2)), c.verify(HELLO));
            assertInstanceOf(LaunchPlan.Ready.class, c.launchPlan(HELLO, false));
            // The cached package altered as well (same size): it is not used, the way to reinstall is given.
            Path cacheDir = tmp.resolve("home/cache").resolve(c.installed(HELLO).orElseThrow().sha256());
            Path cached;
            try (var files = Files.list(cacheDir)) {
                cached = files.filter(p -> p.toString().endsWith(".car")).findFirst().orElseThrow();
            }
            byte[] bytes = Files.readAllBytes(cached);
            bytes[bytes.length / 2] ^= 1;
            Files.write(cached, bytes);
            Files.delete(run);
            AppChange.Refused notFixed = assertInstanceOf(AppChange.Refused.class, c.repair(HELLO));
            assertTrue(notFixed.message().contains("SHA-256") && notFixed.message().contains("caravan client install "
                    + HELLO), notFixed.message());
            assertEquals(List.of("run.sh"), damaged(c).missing());
        }
    }

    private static AppIntegrity.Damaged damaged(ClientService c) {
        List<AppIntegrity> found = c.verify(HELLO);
        assertEquals(1, found.size());
        return assertInstanceOf(AppIntegrity.Damaged.class, found.get(0), found.get(0).message());
    }
}
