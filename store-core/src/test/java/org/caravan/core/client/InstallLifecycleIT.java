package org.caravan.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.caravan.core.pkg.PackageBuilder;
import org.caravan.core.store.StoreServer;
import org.caravan.core.testing.LoopbackNetworkTest;
import org.caravan.core.testing.StoreFixture;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.trust.RevocationReason;
import org.junit.jupiter.api.Test;

/** Update, downgrade, rollback, remove and run against a real store on a loopback network, with restarts. */
class InstallLifecycleIT extends LoopbackNetworkTest {
    static final String HELLO = "org.example.hello";

    private ClientService client(Path home) {
        return client(home, StoreFixture.CLOCK);
    }

    private static void synced(ClientService c) {
        List<SyncReport> r = c.sync();
        assertEquals(SyncReport.Outcome.UPDATED, r.get(0).outcome(), r.get(0).message());
    }

    private static List<String> versionsOnDisk(Path home, String appId) throws Exception {
        Path dir = home.resolve("apps").resolve(appId);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void updatesKeepThePreviousVersionDowngradesAreRefusedAndRollbackAndRemoveSurviveRestarts() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("a"));
        f.addApp(HELLO, "1.0.0", "utilities");
        StoreServer server = new StoreServer(f.store, storeNode, StoreFixture.CLOCK);
        server.step();
        Path home = tmp.resolve("home");
        try (ClientService c = client(home)) {
            c.subscribe(f.store.magnet());
            synced(c);
            InstallOutcome first = c.install(HELLO, InstallProgress.NONE);
            assertInstanceOf(InstallOutcome.Installed.class, first, first.message());
            assertInstanceOf(InstallOutcome.UpToDate.class, c.update(HELLO, InstallProgress.NONE));

            f.addApp(HELLO, "2.0.0", "utilities");
            server.step();
            synced(c);
            InstallOutcome o = c.update(HELLO, InstallProgress.NONE);
            InstallOutcome.Installed up = assertInstanceOf(InstallOutcome.Installed.class, o, o.message());
            assertEquals("2.0.0", up.version());
            assertEquals("1.0.0", up.replacedVersion());
            assertTrue(o.message().startsWith("updated org.example.hello 1.0.0 -> 2.0.0"), o.message());
            assertEquals(List.of("1.0.0", "2.0.0"), versionsOnDisk(home, HELLO));
            assertEquals(Optional.of("1.0.0"), c.previousVersion(HELLO));
            assertEquals("org.example.hello 2.0.0\n", Files.readString(up.location().resolve("README.txt")));

            InstallOutcome down = c.install(HELLO, "1.0.0", false, InstallProgress.NONE);
            InstallOutcome.Failed refused = assertInstanceOf(InstallOutcome.Failed.class, down);
            assertTrue(refused.reason().contains("downgrade") && refused.reason().contains("--allow-downgrade"),
                    refused.reason());
            assertEquals("2.0.0", c.installed(HELLO).orElseThrow().version());

            f.addApp(HELLO, "3.0.0", "utilities");
            server.step();
            synced(c);
            List<InstallOutcome> all = c.updateAll(false, InstallProgress.NONE);
            assertEquals(1, all.size());
            assertInstanceOf(InstallOutcome.Installed.class, all.get(0), all.get(0).message());
            // Only the version in use and the one before it are kept.
            assertEquals(List.of("2.0.0", "3.0.0"), versionsOnDisk(home, HELLO));
        }
        try (ClientService c = client(home)) {
            assertEquals("3.0.0", c.installed(HELLO).orElseThrow().version());
            assertEquals(Optional.of("2.0.0"), c.previousVersion(HELLO));
            AppChange back = c.rollback(HELLO);
            assertInstanceOf(AppChange.Done.class, back, back.message());
            assertEquals("rolled back org.example.hello 3.0.0 -> 2.0.0", back.message());
            assertEquals(List.of("2.0.0"), versionsOnDisk(home, HELLO));
            AppChange again = c.rollback(HELLO);
            assertTrue(assertInstanceOf(AppChange.Refused.class, again).reason().contains("no previous version"),
                    again.message());

            // An explicit downgrade is allowed and keeps the version it replaces.
            InstallOutcome down = c.install(HELLO, "1.0.0", true, InstallProgress.NONE);
            assertInstanceOf(InstallOutcome.Installed.class, down, down.message());
            assertEquals(List.of("1.0.0", "2.0.0"), versionsOnDisk(home, HELLO));
            assertEquals(Optional.of("2.0.0"), c.previousVersion(HELLO));
        }
        try (ClientService c = client(home)) {
            assertEquals("1.0.0", c.installed(HELLO).orElseThrow().version());
            assertEquals("1.0.0", c.apps().get(0).installedVersion());
            AppChange removed = c.remove(HELLO);
            assertEquals("removed org.example.hello 1.0.0", removed.message());
            assertEquals(List.of(), versionsOnDisk(home, HELLO));
            assertFalse(Files.exists(home.resolve("apps").resolve(HELLO)));
            assertInstanceOf(AppChange.Refused.class, c.remove(HELLO));
        }
        try (ClientService c = client(home)) {
            assertTrue(c.installed(HELLO).isEmpty());
            assertTrue(c.installedApps().isEmpty());
            assertEquals(null, c.apps().get(0).installedVersion());
        }
    }

    @Test
    void runStartsTheAppInItsFolderAndRefusesItOnceItsSignerIsHardRevoked() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("b"));
        Path src = Files.createDirectories(tmp.resolve("b-src/bin"));
        Path script = src.resolve("hello");
        // Writes its folder and arguments to the file named by its second argument, then exits 7.
        Files.writeString(script, "#!/bin/sh\nprintf '%s\\n' \"$PWD\" \"$@\" > \"$2\"\nexit 7\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path car = Files.createDirectories(tmp.resolve("b-out")).resolve("hello.car");
        PackageBuilder.build(HELLO, "1.0.0", "app", "Hello", "Says hello", "utilities", "bin/hello --greet",
                src.getParent(), car);
        Files.writeString(car.resolveSibling("hello.car.asc"),
                DetachedSignatures.sign(Personas.secretKey("developer"), car, StoreFixture.SIGNED), StandardCharsets.US_ASCII);
        f.store.add(car, StoreFixture.SIGNED);
        StoreServer server = new StoreServer(f.store, storeNode, StoreFixture.CLOCK);
        server.step();
        Path home = tmp.resolve("b-home");
        try (ClientService c = client(home)) {
            c.subscribe(f.store.magnet());
            synced(c);
            assertInstanceOf(LaunchPlan.Refused.class, c.launchPlan(HELLO, false));
            assertInstanceOf(InstallOutcome.Installed.class, c.install(HELLO, InstallProgress.NONE));

            LaunchPlan plan = c.launchPlan(HELLO, false);
            LaunchPlan.Ready ready = assertInstanceOf(LaunchPlan.Ready.class, plan, plan.toString());
            Path out = tmp.resolve("ran.txt");
            assertEquals(7, AppRunner.run(ready, List.of(out.toString())));
            assertEquals(List.of(home.resolve("apps/org.example.hello/1.0.0").toAbsolutePath().toString(), "--greet",
                    out.toString()), Files.readAllLines(out));

            f.store.revoke(Personas.DEVELOPER, RevocationReason.COMPROMISED, "leaked", StoreFixture.NOW);
            server.step();
            synced(c);
            assertEquals(TrustState.SPURIOUS, c.apps().get(0).state());
            LaunchPlan blocked = c.launchPlan(HELLO, false);
            LaunchPlan.Refused r = assertInstanceOf(LaunchPlan.Refused.class, blocked);
            assertTrue(r.spurious(), r.reason());
            assertTrue(r.reason().contains("spurious") && r.reason().contains("--override-spurious"), r.reason());
            LaunchPlan forced = c.launchPlan(HELLO, true);
            LaunchPlan.Ready anyway = assertInstanceOf(LaunchPlan.Ready.class, forced, forced.toString());
            assertNotNull(anyway.warning());
        }
    }
}
