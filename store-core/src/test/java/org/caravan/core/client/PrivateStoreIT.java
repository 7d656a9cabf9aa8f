package org.caravan.core.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.caravan.core.catalog.Catalog;
import org.caravan.core.catalog.CatalogCodec;
import org.caravan.core.catalog.GenerationBundle;
import org.caravan.core.catalog.PrivateGeneration;
import org.caravan.core.catalog.Release;
import org.caravan.core.catalog.SealedFile;
import org.caravan.core.catalog.Sha256;
import org.caravan.core.pkg.PackageRejectedException;
import org.caravan.core.pkg.PrivatePackage;
import org.caravan.core.store.ReleaseRecord;
import org.caravan.keyring.seal.ContentKey;
import org.caravan.keyring.seal.SealedStream;
import org.caravan.core.licence.ClientIdentity;
import org.caravan.core.net.InfoHash;
import org.caravan.core.net.InfoHashes;
import org.caravan.core.net.PeerNode;
import org.caravan.core.store.Publication;
import org.caravan.core.store.StoreServer;
import org.caravan.core.store.Subscribers;
import org.caravan.core.testing.LoopbackNetworkTest;
import org.caravan.core.testing.StoreFixture;
import org.junit.jupiter.api.Test;

/**
 * A private store on a loopback network: its generations travel sealed for its subscribers. A subscriber syncs and
 * installs; a non-subscriber fetches the same bytes (and could seed them) but reads nothing, and is told why; a
 * subscriber removed reads nothing newer and keeps what it had; one added reads from the next generation on. The
 * packages travel sealed too, each under a key only the sealed catalog carries: a stranger fetches one and finds no
 * ZIP, manifest or name in it; a subscriber installs it; one whose seal is broken is refused with nothing installed.
 * GnuPG opens a generation's wrapped key with a subscriber's secret key, and that key leads to the packages' keys.
 */
class PrivateStoreIT extends LoopbackNetworkTest {
    static final String HELLO = "org.example.hello";
    static final String LATER = "org.example.later";
    static final String BROKEN = "org.example.broken";

    @Test
    void subscribersReadNonSubscribersAndRemovedOnesDoNot() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("s"));
        f.store.makePrivate();
        Path alice = tmp.resolve("alice");
        Path bob = tmp.resolve("bob");
        Path carol = tmp.resolve("carol");
        ClientIdentity aliceId = ClientIdentity.of(alice, StoreFixture.NOW);
        ClientIdentity bobId = ClientIdentity.of(bob, StoreFixture.NOW);
        ClientIdentity carolId = ClientIdentity.of(carol, StoreFixture.NOW);
        Subscribers subscribers = Subscribers.of(f.store.dir());
        subscribers.add(aliceId.certificate());
        subscribers.add(carolId.certificate());
        ReleaseRecord hello = f.addApp(HELLO, "1.0.0", "utilities");
        Publication first = new StoreServer(f.store, storeNode, StoreFixture.CLOCK).step();
        Path helloSealed = f.store.servedFile(hello).orElseThrow();
        assertTrue(helloSealed.getFileName().toString().matches("[0-9a-f]{64}\\.cpkg"), helloSealed.toString());
        assertEquals(1, first.generation());
        byte[] sealed = Files.readAllBytes(first.file());
        assertTrue(PrivateGeneration.isSealed(first.file()));
        assertEquals(2, PrivateGeneration.recipients(first.file()).size());
        String asText = new String(sealed, StandardCharsets.ISO_8859_1);
        assertFalse(asText.contains(HELLO) || asText.contains("Test Store") || asText.contains("catalog.json"),
                "the sealed generation shows its content");

        // Anyone may fetch (and seed) the generation's torrent: they get exactly the sealed bytes.
        PeerNode stranger = net.join(tmp.resolve("stranger-node"));
        InfoHash ih = InfoHashes.of(first.file());
        Path got = stranger.fetch(ih, Files.createDirectories(tmp.resolve("stranger")), sealed.length,
                Duration.ofSeconds(60), (d, t) -> { }, List.of());
        assertArrayEquals(sealed, Files.readAllBytes(got));

        // So may they fetch a package (its info-hash collected from the DHT, say): its name and bytes tell nothing.
        byte[] plainCar = Files.readAllBytes(f.store.packageFile(hello));
        Path pkg = stranger.fetch(InfoHashes.of(helloSealed), Files.createDirectories(tmp.resolve("stranger-pkg")),
                Files.size(helloSealed), Duration.ofSeconds(60), (d, t) -> { }, List.of());
        assertEquals(helloSealed.getFileName(), pkg.getFileName(), "the torrent's name is the sealed file's hash");
        String pkgText = new String(Files.readAllBytes(pkg), StandardCharsets.ISO_8859_1);
        assertEquals(PrivatePackage.sealedSize(plainCar.length), Files.size(pkg));
        for (String leak : List.of("PK\u0003\u0004", "PK\u0001\u0002", HELLO, "caravan-manifest", "README.txt",
                "echo " + HELLO)) {
            assertFalse(pkgText.contains(leak), "the sealed package shows " + leak);
        }

        try (ClientService a = client(alice, StoreFixture.CLOCK)) {
            a.subscribe(f.store.magnet());
            SyncReport r = syncOnly(a);
            assertEquals(SyncReport.Outcome.UPDATED, r.outcome(), r.message());
            InstallOutcome o = a.install(HELLO, InstallProgress.NONE);
            InstallOutcome.Installed in = assertInstanceOf(InstallOutcome.Installed.class, o, o.message());
            assertEquals(HELLO + " 1.0.0\n", Files.readString(in.location().resolve("README.txt")));
            // What the client keeps, and seeds, is the sealed file: never the plain package.
            try (var cached = Files.walk(alice.resolve("cache"))) {
                assertEquals(List.of(helloSealed.getFileName().toString()), cached.filter(Files::isRegularFile)
                        .map(p -> p.getFileName().toString()).toList());
            }
            assertEquals(AppChange.Done.class, a.repair(HELLO).getClass(), "repaired from the sealed package");
            // The cached sealed file cut short, then with a byte changed: repair refuses it by name, and the app
            // installed stays as it was.
            Path cachedFile = alice.resolve("cache").resolve(hello.sha256()).resolve(helloSealed.getFileName());
            byte[] good = Files.readAllBytes(cachedFile);
            Files.write(cachedFile, java.util.Arrays.copyOf(good, good.length - 16));
            AppChange cut = a.repair(HELLO);
            assertTrue(cut instanceof AppChange.Refused && cut.message().contains("is " + (good.length - 16)
                    + " bytes, the catalog says " + good.length), cut.message());
            byte[] flipped = good.clone();
            flipped[flipped.length / 2] ^= 1;
            Files.write(cachedFile, flipped);
            AppChange changed = a.repair(HELLO);
            assertTrue(changed instanceof AppChange.Refused && changed.message().contains("(sealed) has SHA-256 ")
                    && changed.message().contains("the catalog of private store Test Store says"), changed.message());
            assertEquals(HELLO + " 1.0.0\n", Files.readString(in.location().resolve("README.txt")));
            try (var staging = Files.list(alice.resolve("staging"))) {
                assertEquals(0, staging.count(), "staging left behind");
            }
            Files.write(cachedFile, good);
        }
        try (ClientService b = client(bob, StoreFixture.CLOCK)) {
            b.subscribe(f.store.magnet());
            SyncReport r = syncOnly(b);
            assertEquals(SyncReport.Outcome.REFUSED, r.outcome(), r.message());
            // Its name is inside the sealed catalog: a stranger knows the store by its key only.
            assertTrue(r.message().contains("this home (key " + bobId.certificate().fingerprint().hex()
                    + ") is not a subscriber of private store " + f.store.magnet().toString().substring(20, 36))
                    && r.message().contains("caravan client identity"), r.message());
            assertTrue(b.apps().isEmpty());
        }
        try (ClientService c = client(carol, StoreFixture.CLOCK)) {
            c.subscribe(f.store.magnet());
            assertEquals(SyncReport.Outcome.UPDATED, syncOnly(c).outcome());
        }

        // Carol removed, Bob added: the next generation is wrapped for Alice and Bob only. It lists a new app, and
        // one the store sealed badly (a byte changed after sealing, its hash recorded as it is).
        subscribers.remove(carolId.certificate().fingerprint());
        subscribers.add(bobId.certificate());
        ReleaseRecord later1 = f.addApp(LATER, "1.0.0", "utilities");
        sealBroken(f, f.addApp(BROKEN, "1.0.0", "utilities"));
        Clock later = Clock.fixed(StoreFixture.NOW.plus(Duration.ofMinutes(10)), ZoneOffset.UTC);
        Publication second = new StoreServer(f.store, storeNode, later).step();
        assertEquals(2, second.generation());
        assertEquals(2, PrivateGeneration.recipients(second.file()).size());
        assertEquals(helloSealed, f.store.servedFile(hello).orElseThrow(),
                "an unchanged package keeps its sealed file (and info-hash) across a re-keying");
        Path laterSealed = f.store.servedFile(later1).orElseThrow();
        // A subscriber with gpg alone: gpg opens the generation's key, the catalog inside gives the package's key.
        ContentKey generationKey = ContentKey.of(gpgOpens(second.file(), alice));
        SealedFile laterKey = sealedRelease(openGeneration(second.file(), generationKey), LATER);
        assertEquals(LATER, PrivatePackage.readManifest(laterSealed, laterKey.contentKey()).id());
        // Carol, removed, fetches the new package as anyone may; no key she ever held opens it.
        Catalog carolsLast = CatalogCodec.decode(GenerationBundle.read(
                f.store.dir().resolve("generations/plain").resolve(GenerationBundle.fileName(1)),
                GenerationBundle.MAX_BUNDLE_BYTES).catalogJson());
        for (var app : carolsLast.apps()) {
            for (Release r : app.releases()) {
                PackageRejectedException e = assertThrows(PackageRejectedException.class,
                        () -> PrivatePackage.readManifest(laterSealed, r.sealed().contentKey()));
                assertEquals(PackageRejectedException.Reason.SEAL_BROKEN, e.reason());
            }
        }
        try (ClientService c = client(carol, later)) {
            SyncReport r = syncOnly(c);
            assertEquals(SyncReport.Outcome.REFUSED, r.outcome(), r.message());
            assertTrue(r.message().contains("is not a subscriber of private store Test Store")
                    && r.message().contains("keeping generation 1"), r.message());
            assertEquals(1, c.apps().size(), "a removed subscriber keeps what it had");
        }
        try (ClientService b = client(bob, later)) {
            SyncReport r = syncOnly(b);
            assertEquals(SyncReport.Outcome.UPDATED, r.outcome(), r.message());
            assertEquals(2, r.generation());
            InstallOutcome o = b.install(LATER, InstallProgress.NONE);
            assertInstanceOf(InstallOutcome.Installed.class, o, o.message());
            // Listed and signed, hash as listed, but its seal is broken: refused by name, nothing half-installed.
            InstallOutcome bad = b.install(BROKEN, InstallProgress.NONE);
            InstallOutcome.Failed failed = assertInstanceOf(InstallOutcome.Failed.class, bad, bad.message());
            assertTrue(failed.message().contains(BROKEN + " 1.0.0 from private store Test Store does not open")
                    && failed.message().contains("SEAL_BROKEN") && failed.message().contains("tell its publisher"),
                    failed.message());
            assertFalse(Files.exists(bob.resolve("apps").resolve(BROKEN)), "half-installed " + BROKEN);
            try (var staging = Files.list(bob.resolve("staging"))) {
                assertEquals(0, staging.count(), "staging left behind");
            }
        }
        try (ClientService a = client(alice, later)) {
            assertEquals(SyncReport.Outcome.UPDATED, syncOnly(a).outcome());
        }
    }

    /**
     * What a publisher with a broken disk (or a broken build) would serve: the release sealed, then a byte of the
     * sealed file changed, and the changed file's hash and info-hash recorded as the store does for a good one.
     */
    private static void sealBroken(StoreFixture f, ReleaseRecord r) throws Exception {
        Path car = f.store.packageFile(r);
        PrivatePackage.Sealed good = PrivatePackage.seal(car, car.getParent());
        byte[] b = Files.readAllBytes(good.file());
        b[b.length / 2] ^= 1;
        Files.delete(good.file());
        String sha = Sha256.hex(b);
        Path bad = Files.write(car.resolveSibling(sha + PrivatePackage.SUFFIX), b);
        Files.write(car.resolveSibling("sealed.json"), CatalogCodec.mapper().writeValueAsBytes(
                new SealedFile(InfoHashes.of(bad).hex(), sha, b.length, good.key().hex())));
    }

    /** The catalog of a sealed generation, opened with its content key as the format says (protocol section 10). */
    private Catalog openGeneration(Path generation, ContentKey key) throws Exception {
        byte[] all = Files.readAllBytes(generation);
        int wrapped = java.nio.ByteBuffer.wrap(all, 9, 4).getInt();
        Path plain = tmp.resolve("opened-" + generation.getFileName());
        try (var in = new java.io.ByteArrayInputStream(all, 13 + wrapped, all.length - 13 - wrapped);
                var out = Files.newOutputStream(plain)) {
            SealedStream.open(in, out, key, generation.getFileName().toString());
        }
        return CatalogCodec.decode(GenerationBundle.read(plain, GenerationBundle.MAX_BUNDLE_BYTES).catalogJson());
    }

    private static SealedFile sealedRelease(Catalog catalog, String appId) {
        return catalog.apps().stream().filter(a -> a.id().equals(appId)).findFirst().orElseThrow().releases().get(0)
                .sealed();
    }

    /** gpg, in a home of its own, decrypts the generation's wrapped key with the subscriber's secret key. */
    private byte[] gpgOpens(Path generation, Path subscriberHome) throws Exception {
        Path gnupg = Files.createDirectories(tmp.resolve("gnupg"));
        Files.setPosixFilePermissions(gnupg, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Path wrapped = tmp.resolve("wrapped.gpg");
        Files.write(wrapped, PrivateGeneration.wrappedKey(generation));
        try {
            gpg(gnupg, "--import", subscriberHome.resolve("identity/key.asc").toString());
            byte[] key = gpg(gnupg, "--decrypt", wrapped.toString());
            assertEquals(32, key.length);
            return key;
        } finally {
            new ProcessBuilder("gpgconf", "--homedir", gnupg.toString(), "--kill", "gpg-agent").start()
                    .waitFor(20, TimeUnit.SECONDS);
        }
    }

    private byte[] gpg(Path gnupg, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("gpg", "--homedir", gnupg.toString(), "--batch", "--no-tty"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(tmp.resolve("gpg.err").toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("gpg.err")));
        return out;
    }
}
