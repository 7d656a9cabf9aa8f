package org.caravan.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.caravan.core.licence.AppKeys;
import org.caravan.core.licence.Grant;
import org.caravan.core.licence.Licence;
import org.caravan.core.licence.IssuedToken;
import org.caravan.core.licence.Licences;
import org.caravan.core.licence.VersionRange;
import org.caravan.core.pkg.LicensedPackage;
import org.caravan.core.pkg.PackageBuilder;
import org.caravan.core.store.StoreServer;
import org.caravan.core.testing.LoopbackNetworkTest;
import org.caravan.core.testing.StoreFixture;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.seal.KeyWrap;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.trust.Level;
import org.caravan.keyring.trust.Scope;
import org.junit.jupiter.api.Test;

/**
 * A licensed app in a public store, on a loopback network: the ciphertext is listed, fetched and seeded like any
 * package, and it installs only with a licence for this home, this app and version, not expired, signed by a key the
 * store trusts for the app; every other case is refused with its reason and nothing is installed. A licensee's
 * device token lets a second home install it, and a device beyond the licence's limit gets no token.
 */
class LicensedInstallIT extends LoopbackNetworkTest {
    static final String PAID = "org.example.paid";
    static final String BY_OUTSIDER = "org.example.outsiders";
    static final String BY_NEWCOMER = "org.example.newcomers";
    static final Instant NOW = StoreFixture.NOW;

    private Path licensed(StoreFixture f, String id, String version, SecretKey licensor, boolean tamper)
            throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src").resolve(id + version));
        Files.writeString(src.resolve("README.txt"), "paid " + id + " " + version + "\n", StandardCharsets.UTF_8);
        Files.writeString(src.resolve("run.sh"), "#!/bin/sh\necho paid\n", StandardCharsets.UTF_8);
        Path plain = Files.createDirectories(tmp.resolve("plain")).resolve(id + "-" + version + ".car");
        PackageBuilder.build(id, version, "app", "Paid " + id, "A licensed app", "utilities", "run.sh", src, plain);
        Path car = Files.createDirectories(tmp.resolve("out")).resolve(id + "-" + version + ".car");
        LicensedPackage.seal(plain, car, AppKeys.derive(licensor, id), licensor.fingerprint());
        if (tamper) {
            // The publisher's own copy damaged before signing: signatures and hashes agree, the seal does not.
            byte[] b = Files.readAllBytes(car);
            int at = new String(b, StandardCharsets.ISO_8859_1).indexOf("CRVNSEAL");
            b[at + 40] ^= 1;
            Files.write(car, b);
        }
        SecretKey developer = Personas.secretKey("developer");
        Files.writeString(car.resolveSibling(car.getFileName() + ".asc"),
                DetachedSignatures.sign(developer, car, StoreFixture.SIGNED), StandardCharsets.US_ASCII);
        f.store.add(car, StoreFixture.SIGNED);
        return car;
    }

    private static void holdOnly(Path home, String licenceText) throws IOException {
        Path dir = home.resolve("licences");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.filter(Files::isRegularFile).toList()) {
                    Files.delete(p);
                }
            }
        }
        if (licenceText != null) {
            // Copied in as a thief would, past 'license add' and its check of the licensee.
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("copied.lic"), licenceText, StandardCharsets.UTF_8);
        }
    }

    private static String refused(ClientService c, String app) {
        InstallOutcome o = c.install(app, InstallProgress.NONE);
        InstallOutcome.Failed f = assertInstanceOf(InstallOutcome.Failed.class, o, o.message());
        assertTrue(f.message().contains(app), f.message());
        return f.message();
    }

    private static void nothingInstalled(Path home, String app) throws IOException {
        assertFalse(Files.exists(home.resolve("apps").resolve(app)), "half-installed " + app);
        try (Stream<Path> s = Files.list(home.resolve("staging"))) {
            assertEquals(0, s.count(), "staging left behind");
        }
    }

    @Test
    void installsOnlyWithAValidLicenceAndRefusesEveryOtherCaseByName() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("s"));
        SecretKey developer = Personas.secretKey("developer");
        SecretKey outsider = Personas.secretKey("outsider");
        SecretKey newcomer = Personas.secretKey("newcomer");
        f.store.certify(newcomer.certificate(), Level.DEVELOPER, Scope.app("org.example.other"), null,
                StoreFixture.CERTIFIED);
        licensed(f, PAID, "1.0.0", developer, false);
        licensed(f, BY_OUTSIDER, "1.0.0", outsider, false);
        licensed(f, BY_NEWCOMER, "1.0.0", newcomer, false);
        licensed(f, "org.example.broken", "1.0.0", developer, true);
        new StoreServer(f.store, storeNode, StoreFixture.CLOCK).step();

        Path home = tmp.resolve("home");
        Path home2 = tmp.resolve("home2");
        Path home3 = tmp.resolve("home3");
        Licences mine = new Licences(home, StoreFixture.CLOCK);
        Certificate me = mine.identity().certificate();
        Certificate second = new Licences(home2, StoreFixture.CLOCK).identity().certificate();
        Certificate third = new Licences(home3, StoreFixture.CLOCK).identity().certificate();
        Instant dayAgo = NOW.minus(Duration.ofDays(1));
        try (ClientService c = client(home, StoreFixture.CLOCK)) {
            c.subscribe(f.store.magnet());
            assertEquals(SyncReport.Outcome.UPDATED, syncOnly(c).outcome());
            // The catalog marks the licensed apps: locked, with their licensor, before anything is fetched.
            if (Files.exists(home.resolve("cache"))) {
                try (Stream<Path> cached = Files.walk(home.resolve("cache"))) {
                    assertEquals(0, cached.filter(Files::isRegularFile).count(), "a package was fetched");
                }
            }
            AppLicence locked = c.licence(PAID).orElseThrow();
            assertEquals(AppLicence.State.LOCKED, locked.state());
            assertEquals(developer.fingerprint().hex(), locked.licensor());
            assertEquals(List.of(BY_NEWCOMER, BY_OUTSIDER, "org.example.broken", PAID).stream().sorted().toList(),
                    c.licences().stream().map(AppLicence::appId).sorted().toList());
            assertEquals(outsider.fingerprint().hex(), c.licence(BY_OUTSIDER).orElseThrow().licensor());

            String none = refused(c, PAID);
            assertTrue(none.contains("not entitled to " + PAID + " 1.0.0: it is a licensed app and this home holds no "
                    + "licence for it") && none.contains("caravan client license add"), none);
            nothingInstalled(home, PAID);

            // Another home's licence, replayed here.
            String theirs = Licences.issue(developer, PAID, second, VersionRange.ALL, null, 1, dayAgo);
            IllegalArgumentException notMine = assertThrows(IllegalArgumentException.class,
                    () -> mine.add(theirs.getBytes(StandardCharsets.UTF_8), "theirs.lic"));
            assertTrue(notMine.getMessage().contains("is for key " + second.fingerprint()), notMine.getMessage());
            holdOnly(home, theirs);
            String replayed = refused(c, PAID);
            assertTrue(replayed.contains("was issued to key " + second.fingerprint() + ", not to this home's key "
                    + me.fingerprint()), replayed);

            // Another app's licence.
            holdOnly(home, Licences.issue(developer, "org.example.other", me, VersionRange.ALL, null, 1, dayAgo));
            assertTrue(refused(c, PAID).contains("holds no licence for it (only for org.example.other)"));

            holdOnly(home, Licences.issue(developer, PAID, me, new VersionRange(">=2.0.0"), null, 1, dayAgo));
            String range = refused(c, PAID);
            assertTrue(range.contains("covers versions >=2.0.0, not 1.0.0"), range);

            holdOnly(home, Licences.issue(developer, PAID, me, VersionRange.ALL, NOW.minus(Duration.ofMinutes(10)), 1,
                    dayAgo));
            String expired = refused(c, PAID);
            assertTrue(expired.contains("expired at " + NOW.minus(Duration.ofMinutes(10)))
                    && expired.contains("tolerance 5 min"), expired);

            String good = Licences.issue(developer, PAID, me, VersionRange.ALL, null, 1, dayAgo);
            holdOnly(home, good.replace("\\\"devices\\\":1", "\\\"devices\\\":9"));
            String forged = refused(c, PAID);
            assertTrue(forged.contains("signature does not verify against issuer " + developer.fingerprint()), forged);

            // Signed by the developer and naming this home, but its app key wrapped for another home's key.
            String wrappedElsewhere = Grant.issue(new Licence(PAID, developer.fingerprint(), me.fingerprint(),
                    VersionRange.ALL, dayAgo, null, 1, KeyWrap.wrapArmored(AppKeys.derive(developer, PAID).bytes(),
                            java.util.List.of(second))), developer, dayAgo);
            holdOnly(home, wrappedElsewhere);
            String elsewhere = refused(c, PAID);
            assertTrue(elsewhere.contains("its app key is wrapped for key id(s) [") && elsewhere.contains(
                    "not for this home"), elsewhere);
            nothingInstalled(home, PAID);

            holdOnly(home, Licences.issue(outsider, BY_OUTSIDER, me, VersionRange.ALL, null, 1, dayAgo));
            String unknown = refused(c, BY_OUTSIDER);
            assertTrue(unknown.contains("issuer " + outsider.fingerprint() + " is not a key of store Test Store"),
                    unknown);
            holdOnly(home, Licences.issue(newcomer, BY_NEWCOMER, me, VersionRange.ALL, null, 1, dayAgo));
            String outOfScope = refused(c, BY_NEWCOMER);
            assertTrue(outOfScope.contains("issuer " + newcomer.fingerprint() + " is not trusted for " + BY_NEWCOMER),
                    outOfScope);
            nothingInstalled(home, PAID);

            // Signed and listed, but its seal is broken: refused after the licence opened it, nothing left.
            holdOnly(home, Licences.issue(developer, "org.example.broken", me, VersionRange.ALL, null, 1, dayAgo));
            String broken = refused(c, "org.example.broken");
            assertTrue(broken.contains("SEAL_BROKEN"), broken);
            nothingInstalled(home, "org.example.broken");

            // Valid: expired two minutes ago by this clock, inside the tolerance; two devices.
            holdOnly(home, null);
            String valid = Licences.issue(developer, PAID, me, new VersionRange(">=1.0.0,<2.0.0"),
                    NOW.minus(Duration.ofMinutes(2)), 2, dayAgo);
            mine.add(valid.getBytes(StandardCharsets.UTF_8), "valid.lic");
            InstallOutcome ok = c.install(PAID, InstallProgress.NONE);
            InstallOutcome.Installed installed = assertInstanceOf(InstallOutcome.Installed.class, ok, ok.message());
            assertEquals("paid " + PAID + " 1.0.0\n", Files.readString(installed.location().resolve("README.txt")));
            assertInstanceOf(LaunchPlan.Ready.class, c.launchPlan(PAID, false));

            // The licensee lets a second home in; a third is one device too many.
            IssuedToken token = mine.addDevice(PAID, second);
            assertEquals(1, token.slot());
            IllegalStateException full = assertThrows(IllegalStateException.class, () -> mine.addDevice(PAID, third));
            assertTrue(full.getMessage().contains("allows 2 device(s): this home and 1 more, all taken"),
                    full.getMessage());
            Licences thirds = new Licences(home3, StoreFixture.CLOCK);
            assertThrows(IllegalArgumentException.class,
                    () -> thirds.add(token.text().getBytes(StandardCharsets.UTF_8), "token.tok"));
            new Licences(home2, StoreFixture.CLOCK).add(token.text().getBytes(StandardCharsets.UTF_8), "token.tok");
        }
        try (ClientService c2 = client(home2, StoreFixture.CLOCK)) {
            c2.subscribe(f.store.magnet());
            assertEquals(SyncReport.Outcome.UPDATED, syncOnly(c2).outcome());
            InstallOutcome ok = c2.install(PAID, InstallProgress.NONE);
            assertInstanceOf(InstallOutcome.Installed.class, ok, ok.message());
        }
        try (ClientService c3 = client(home3, StoreFixture.CLOCK)) {
            c3.subscribe(f.store.magnet());
            assertEquals(SyncReport.Outcome.UPDATED, syncOnly(c3).outcome());
            // The token copied to the third home as a thief would: it names the second home's key.
            holdOnly(home3, null);
            Files.createDirectories(home3.resolve("licences"));
            Files.writeString(home3.resolve("licences/copied.tok"),
                    new Licences(home, StoreFixture.CLOCK).devices(PAID).get(0).text(), StandardCharsets.UTF_8);
            String stolen = refused(c3, PAID);
            assertTrue(stolen.contains("is for device key " + second.fingerprint()), stolen);
            nothingInstalled(home3, PAID);
        }
    }
}
