package org.caravan.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.caravan.core.catalog.Catalog;
import org.caravan.core.catalog.CatalogCodec;
import org.caravan.core.catalog.GenerationBundle;
import org.caravan.core.catalog.PrivateGeneration;
import org.caravan.core.catalog.Release;
import org.caravan.core.licence.ClientIdentity;
import org.caravan.core.net.InfoHashes;
import org.caravan.core.net.MirrorServer;
import org.caravan.core.pkg.PackageRejectedException;
import org.caravan.core.pkg.PrivatePackage;
import org.caravan.core.store.Publication;
import org.caravan.core.store.ReleaseRecord;
import org.caravan.core.store.StoreServer;
import org.caravan.core.store.Subscribers;
import org.caravan.core.testing.LoopbackNetworkTest;
import org.caravan.core.testing.StoreFixture;
import org.caravan.keyring.testing.Personas;
import org.junit.jupiter.api.Test;

/**
 * HTTP mirrors (BEP 19 web seeds) of a private store, on a loopback network with a real HTTP server on 127.0.0.1
 * ({@link MirrorServer}) and nobody seeding: the store names the sealed file and its torrent as what to upload, so
 * the mirror's operator holds ciphertext only; a subscriber installs from the mirror alone. After a subscriber is
 * removed, the next generation's new package goes to the mirror sealed under a key the removed subscriber never
 * saw. A mirror serving changed bytes, or a file cut short, is refused by name and nothing is installed.
 */
class PrivateMirrorIT extends LoopbackNetworkTest {
    static final String HELLO = "org.example.hello";
    static final String LATER = "org.example.later";
    static final String CHANGED = "org.example.changed";
    static final String CUT = "org.example.cut";

    @Test
    void aSubscriberInstallsFromAMirrorThatHoldsCiphertextOnly() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("s"));
        f.store.makePrivate();
        Path alice = tmp.resolve("alice");
        ClientIdentity carolId = ClientIdentity.of(tmp.resolve("carol"), StoreFixture.NOW);
        Subscribers subscribers = Subscribers.of(f.store.dir());
        subscribers.add(ClientIdentity.of(alice, StoreFixture.NOW).certificate());
        subscribers.add(carolId.certificate());
        Path mirrorDir = Files.createDirectories(tmp.resolve("mirror"));
        try (MirrorServer mirror = MirrorServer.serve(mirrorDir)) {
            String folder = mirror.url(""); // a folder URL: the store appends the sealed file's name
            ReleaseRecord hello = addMirrored(f, HELLO, folder);
            Path sealed = f.store.servedFile(hello).orElseThrow();
            String name = sealed.getFileName().toString();
            assertTrue(name.matches("[0-9a-f]{64}\\.cpkg"), name);
            assertEquals(List.of(mirror.url(name)), hello.mirrors(), "the mirror URL names the sealed file");
            assertEquals(List.of(sealed, sealed.resolveSibling(name + ".torrent")), f.store.mirrorUploads(hello));
            assertFalse(Files.exists(f.store.packageFile(hello).resolveSibling(hello.fileName() + ".torrent")),
                    "the plain package's metainfo was written");
            upload(f, hello, mirrorDir);
            // What the mirror's operator (or anyone fetching from it) holds tells nothing but sizes.
            try (var held = Files.list(mirrorDir)) {
                for (Path p : held.toList()) {
                    String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                    for (String leak : List.of("PK\u0003\u0004", HELLO, "caravan-manifest", "README.txt",
                            hello.fileName())) {
                        assertFalse(text.contains(leak), p.getFileName() + " on the mirror shows " + leak);
                    }
                }
            }

            StoreServer server = new StoreServer(f.store, storeNode, StoreFixture.CLOCK);
            server.step();
            // Nobody seeds the package: only the mirror has it.
            assertTrue(storeNode.stopSeeding(InfoHashes.of(sealed)));
            try (ClientService a = client(alice, StoreFixture.CLOCK)) {
                a.fetchTimeout(Duration.ofSeconds(8));
                a.subscribe(f.store.magnet());
                assertEquals(SyncReport.Outcome.UPDATED, syncOnly(a).outcome());
                installed(a, HELLO);
                List<String> asked = mirror.requests();
                assertTrue(asked.contains("GET /files/" + name + ".torrent"), asked.toString());
                assertTrue(asked.stream().anyMatch(r -> r.startsWith("GET /files/" + name + " bytes=")),
                        "the sealed package itself came from the mirror: " + asked);

                // Carol removed: the next generation is wrapped for Alice alone. Its new package goes to the mirror
                // sealed under a fresh key; none of the keys Carol's last catalog gave her opens it.
                subscribers.remove(carolId.certificate().fingerprint());
                ReleaseRecord later = addMirrored(f, LATER, folder);
                upload(f, later, mirrorDir);
                // Two more the mirror serves wrongly: a byte changed, and the file cut short (the metainfo is right).
                corrupt(f, addMirrored(f, CHANGED, folder), mirrorDir, false);
                corrupt(f, addMirrored(f, CUT, folder), mirrorDir, true);
                Publication second = server.step();
                assertEquals(2, second.generation());
                assertEquals(1, PrivateGeneration.recipients(second.file()).size());
                Path laterOnMirror = mirrorDir.resolve(f.store.servedFile(later).orElseThrow().getFileName());
                Catalog carolsLast = CatalogCodec.decode(GenerationBundle.read(
                        f.store.dir().resolve("generations/plain").resolve(GenerationBundle.fileName(1)),
                        GenerationBundle.MAX_BUNDLE_BYTES).catalogJson());
                for (var app : carolsLast.apps()) {
                    for (Release r : app.releases()) {
                        PackageRejectedException e = assertThrows(PackageRejectedException.class,
                                () -> PrivatePackage.readManifest(laterOnMirror, r.sealed().contentKey()));
                        assertEquals(PackageRejectedException.Reason.SEAL_BROKEN, e.reason());
                    }
                }
                for (ReleaseRecord r : f.store.releases()) {
                    storeNode.stopSeeding(InfoHashes.of(f.store.servedFile(r).orElseThrow()));
                }

                assertEquals(2, syncOnly(a).generation());
                installed(a, LATER);
                // Both refused at once (installs of different apps run side by side), so the test waits once.
                a.fetchTimeout(Duration.ofSeconds(3));
                List<InstallOutcome> bad = List.of(CHANGED, CUT).parallelStream()
                        .map(id -> a.install(id, InstallProgress.NONE)).toList();
                for (InstallOutcome o : bad) {
                    InstallOutcome.Failed failed = assertInstanceOf(InstallOutcome.Failed.class, o, o.message());
                    String url = mirror.url(f.store.servedFile(f.store.releases().stream()
                            .filter(r -> r.id().equals(o.appId())).findFirst().orElseThrow()).orElseThrow()
                            .getFileName().toString());
                    // The refusal names the mirror, and for changed bytes what was wrong with them.
                    assertTrue(failed.message().contains("mirror " + url + ": ") && (o.appId().equals(CUT)
                            || failed.message().contains("failed the torrent's hash check")), failed.message());
                    assertFalse(Files.exists(alice.resolve("apps").resolve(o.appId())), "half-installed " + o);
                    assertTrue(a.installed(o.appId()).isEmpty());
                }
                try (var staging = Files.list(alice.resolve("staging"))) {
                    assertEquals(0, staging.count(), "staging left behind");
                }
            }
        }
    }

    private static ReleaseRecord addMirrored(StoreFixture f, String id, String mirror) throws Exception {
        Path car = f.buildSigned(id, "1.0.0", "utilities", Personas.secretKey("developer"));
        return f.store.add(car, List.of(mirror), StoreFixture.SIGNED);
    }

    /** What the maintainer uploads to the mirror: the files the store names for it. */
    private static void upload(StoreFixture f, ReleaseRecord r, Path mirrorDir) throws Exception {
        for (Path p : f.store.mirrorUploads(r)) {
            Files.copy(p, mirrorDir.resolve(p.getFileName()));
        }
    }

    /** The right metainfo beside wrong bytes: one byte changed, or ({@code cut}) the last 100 bytes missing. */
    private static void corrupt(StoreFixture f, ReleaseRecord r, Path mirrorDir, boolean cut) throws Exception {
        upload(f, r, mirrorDir);
        Path onMirror = mirrorDir.resolve(f.store.servedFile(r).orElseThrow().getFileName());
        byte[] b = Files.readAllBytes(onMirror);
        if (cut) {
            b = java.util.Arrays.copyOf(b, b.length - 100);
        } else {
            b[b.length / 2] ^= 1;
        }
        Files.write(onMirror, b);
    }

    private static void installed(ClientService c, String id) throws Exception {
        InstallOutcome o = c.install(id, InstallProgress.NONE);
        InstallOutcome.Installed in = assertInstanceOf(InstallOutcome.Installed.class, o, o.message());
        assertEquals(id + " 1.0.0\n", Files.readString(in.location().resolve("README.txt")));
    }
}
