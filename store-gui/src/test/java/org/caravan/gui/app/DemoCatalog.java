package org.caravan.gui.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.caravan.core.catalog.Sha256;
import org.caravan.core.client.ClientService;
import org.caravan.core.client.SyncReport;
import org.caravan.core.net.PeerNode;
import org.caravan.core.net.TestNetwork;
import org.caravan.core.pkg.PackageBuilder;
import org.caravan.core.store.ReleaseRecord;
import org.caravan.core.store.StoreServer;
import org.caravan.core.testing.StoreFixture;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.trust.Level;
import org.caravan.keyring.trust.RevocationReason;
import org.caravan.keyring.trust.Scope;

/**
 * A real store served on a 3-node loopback network, with one app in each trust state, and a client home
 * that subscribed to it and synced at {@link StoreFixture#NOW}. Starting the sessions takes about a
 * second and closing them most of another, so a test class starts one in {@code @BeforeAll} and every
 * test opens a client on its own copy of the synced home ({@link #openClient}).
 *
 * <table>
 * <caption>The apps of "Test Store", as a client at {@link StoreFixture#NOW} sees them</caption>
 * <tr><td>Notes</td><td>trusted: signed by the developer persona, certified globally</td></tr>
 * <tr><td>Paint</td><td>spurious: its signer (revoked-hard) was certified, then revoked as compromised</td></tr>
 * <tr><td>Chess</td><td>refused: its signer's (expired) certification ended at {@link #CHESS_CERTIFICATION_EXPIRES}</td></tr>
 * <tr><td>Maps</td><td>trusted, but the store's record names other bytes than the ones peers serve</td></tr>
 * </table>
 * The synced home holds that generation. The store has published one more since, which adds Weather
 * and Notes 1.3.0: a client that syncs again sees them. It was published while the first client still
 * ran, because a DHT put waits ~15 s for every closed client's node left in the routing tables.
 */
final class DemoCatalog implements AutoCloseable {

    static final String STORE = "Test Store";

    static final String NOTES = "org.example.notes";
    static final String PAINT = "org.example.paint";
    static final String CHESS = "org.example.chess";
    static final String MAPS = "org.example.maps";
    /** Published after the homes synced. */
    static final String WEATHER = "org.example.weather";
    /**
     * With extras only: Clock, signed by the outsider persona (certified as a developer) and carrying an icon, a
     * description, a screenshot, a licence and release notes; the generation published after the homes synced
     * revokes the outsider as compromised, so a client that installed Clock finds it spurious at its next sync.
     */
    static final String CLOCK = "org.example.clock";
    /** With extras only: Radio, trusted, but nobody shares its package (a download that waits for a peer). */
    static final String RADIO = "org.example.radio";

    /** Between {@link StoreFixture#SIGNED} and {@link StoreFixture#NOW}: Chess was admitted, then its signer's certification ran out. */
    static final Instant CHESS_CERTIFICATION_EXPIRES = Instant.parse("2026-02-01T02:30:00Z");
    /** Past the catalog's lifetime: a client that has not synced since {@link StoreFixture#NOW} holds a stale catalog. */
    static final Clock EIGHT_DAYS_LATER = Clock.fixed(StoreFixture.NOW.plus(Duration.ofDays(8)), ZoneOffset.UTC);

    private final Path dir;
    private final TestNetwork net;
    private final StoreFixture fixture;
    private final StoreServer server;
    private final Path syncedHome;
    private final AtomicInteger homes = new AtomicInteger();
    private PeerNode storeNode;
    private boolean extras;

    private DemoCatalog(Path dir, TestNetwork net, StoreFixture fixture, StoreServer server, Path syncedHome) {
        this.dir = dir;
        this.net = net;
        this.fixture = fixture;
        this.server = server;
        this.syncedHome = syncedHome;
    }

    /** Starts the network under {@code dir}, fills and publishes the store, and syncs a client home. */
    static DemoCatalog start(Path dir) throws IOException {
        return start(dir, false);
    }

    /** As {@link #start(Path)}; with {@code extras}, Clock and Radio too (see {@link #CLOCK}, {@link #RADIO}). */
    static DemoCatalog start(Path dir, boolean extras) throws IOException {
        TestNetwork net = TestNetwork.start(3, dir.resolve("net"));
        try {
            PeerNode storeNode = net.join(dir.resolve("store-node"));
            StoreFixture fixture = StoreFixture.create(dir.resolve("store"));
            StoreServer server = new StoreServer(fixture.store, storeNode, StoreFixture.CLOCK);
            DemoCatalog demo = new DemoCatalog(dir, net, fixture, server, dir.resolve("synced-home"));
            demo.storeNode = storeNode;
            demo.extras = extras;
            demo.fill();
            demo.syncTemplate();
            return demo;
        } catch (IOException | RuntimeException e) {
            net.close();
            throw e;
        }
    }

    private void fill() throws IOException {
        var store = fixture.store;
        SecretKey developer = Personas.secretKey("developer");
        SecretKey leaked = Personas.secretKey("revoked-hard");
        SecretKey expiring = Personas.secretKey("expired");
        store.certify(leaked.certificate(), Level.DEVELOPER, Scope.GLOBAL, null, StoreFixture.CERTIFIED);
        store.certify(expiring.certificate(), Level.DEVELOPER, Scope.GLOBAL, CHESS_CERTIFICATION_EXPIRES,
                StoreFixture.CERTIFIED);

        admit(NOTES, "Notes", "1.2.0", "office", "Plain text notes", developer);
        admit(PAINT, "Paint", "2.0.1", "graphics", "Raster drawing", leaked);
        admit(CHESS, "Chess", "0.9.0", "games", "Play against the engine", expiring);
        ReleaseRecord maps = admit(MAPS, "Maps", "3.1.0", "travel", "Offline maps", developer);
        if (extras) {
            SecretKey outsider = Personas.secretKey("outsider");
            store.certify(outsider.certificate(), Level.DEVELOPER, Scope.GLOBAL, null, StoreFixture.CERTIFIED);
            admit(CLOCK, "Clock", "1.0.0", "utilities", "Tells the time", outsider, clockInfo());
            admit(RADIO, "Radio", "1.0.0", "audio", "Internet radio", developer);
        }
        server.step();

        // The store's record of Maps names a SHA-256 that is not the one of the bytes it seeds, as after a
        // corrupted disk or a tampered store: the torrent downloads fine, and the client must still refuse it.
        Path record = store.dir().resolve("packages").resolve(MAPS).resolve(maps.version()).resolve("release.json");
        String json = Files.readString(record, StandardCharsets.UTF_8);
        String other = Sha256.hex("these are not the bytes of maps 3.1.0".getBytes(StandardCharsets.UTF_8));
        Files.writeString(record, json.replace(maps.sha256(), other), StandardCharsets.UTF_8);

        // Paint's signer turns out to be compromised after Paint was admitted: the store re-publishes.
        store.revoke(Personas.REVOKED_HARD, RevocationReason.COMPROMISED, "key leaked", StoreFixture.NOW);
        server.step();
    }

    private void syncTemplate() throws IOException {
        try (ClientService client = ClientService.open(syncedHome, StoreFixture.CLOCK)) {
            client.setNetwork(net.config());
            client.subscribe(fixture.store.magnet());
            expectUpdated(client.sync());
            SecretKey developer = Personas.secretKey("developer");
            admit(WEATHER, "Weather", "0.3.0", "travel", "Forecasts", developer);
            admit(NOTES, "Notes", "1.3.0", "office", "Plain text notes", developer);
            if (extras) {
                fixture.store.revoke(Personas.OUTSIDER, RevocationReason.COMPROMISED, "key leaked",
                        StoreFixture.NOW);
            }
            server.step();
            if (extras) {
                // Nobody shares Radio from now on: a download of it waits for a peer until cancelled.
                ReleaseRecord radio = fixture.store.releases().stream().filter(r -> r.id().equals(RADIO)).findFirst()
                        .orElseThrow();
                storeNode.stopSeeding(new org.caravan.core.net.InfoHash(radio.infoHash()));
            }
        }
    }

    /** Builds, signs (at {@link StoreFixture#SIGNED}) and admits a package; the next step publishes it. */
    private ReleaseRecord admit(String id, String name, String version, String category, String summary, SecretKey signer)
            throws IOException {
        return admit(id, name, version, category, summary, signer, org.caravan.core.pkg.AppInfo.NONE);
    }

    /** Clock's app page: a real PNG icon and screenshot (ImageIO), as a developer's build would carry them. */
    private org.caravan.core.pkg.AppInfo clockInfo() {
        return new org.caravan.core.pkg.AppInfo("Clock tells the time.\n\nIt never needs the network.",
                "https://clock.example.org", "GPL-3.0-or-later", List.of("time", "alarm"), "meta/icon.png",
                List.of(new org.caravan.core.pkg.AppInfo.Screenshot("meta/main.png", "The clock face")),
                "First release.");
    }

    static byte[] png(int width, int height, int rgb) {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(width, height,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                img.setRGB(x, y, (x + y) % 16 < 8 ? rgb : 0xffffff);
            }
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Admits a licensed app (issue 14): its payload sealed with the developer persona's app key for {@code id}, signed
     * by the developer, and publishes a new generation. Only a home holding a licence from the developer opens it.
     */
    synchronized void addLicensedApp(String id, String name, String version) throws IOException {
        SecretKey developer = Personas.secretKey("developer");
        Path src = Files.createDirectories(dir.resolve("src").resolve(id + "-" + version));
        Files.writeString(src.resolve("README.txt"), name + " " + version + "\n", StandardCharsets.UTF_8);
        Files.writeString(src.resolve("run.sh"), "#!/bin/sh\necho " + name + "\n", StandardCharsets.UTF_8);
        Path plain = Files.createDirectories(dir.resolve("plain")).resolve(id + "-" + version + ".car");
        PackageBuilder.build(id, version, "app", name, "A licensed app", "utilities", "run.sh", src, plain);
        Path car = Files.createDirectories(dir.resolve("out")).resolve(id + "-" + version + ".car");
        org.caravan.core.pkg.LicensedPackage.seal(plain, car, org.caravan.core.licence.AppKeys.derive(developer, id),
                developer.fingerprint());
        Files.writeString(car.resolveSibling(car.getFileName() + ".asc"),
                DetachedSignatures.sign(developer, car, StoreFixture.SIGNED), StandardCharsets.US_ASCII);
        fixture.store.add(car, StoreFixture.SIGNED);
        server.step();
    }

    private ReleaseRecord admit(String id, String name, String version, String category, String summary, SecretKey signer,
            org.caravan.core.pkg.AppInfo info) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src").resolve(id + "-" + version));
        Files.writeString(src.resolve("README.txt"), name + " " + version + "\n", StandardCharsets.UTF_8);
        Files.writeString(src.resolve("run.sh"), "#!/bin/sh\necho " + name + "\n", StandardCharsets.UTF_8);
        // A real app ships an executable launcher: the package keeps the bit and Run starts it.
        Files.setPosixFilePermissions(src.resolve("run.sh"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path car = Files.createDirectories(dir.resolve("out")).resolve(id + "-" + version + ".car");
        if (info.icon() != null) {
            Files.createDirectories(src.resolve("meta"));
            Files.write(src.resolve(info.icon()), png(64, 64, 0x2a6fdb));
            for (org.caravan.core.pkg.AppInfo.Screenshot shot : info.screenshots()) {
                Files.write(src.resolve(shot.path()), png(320, 200, 0x3c9a5f));
            }
        }
        PackageBuilder.build(org.caravan.core.pkg.PackageMetadata.of(id, version, "app", name, summary, category,
                "run.sh"), null, null, info, src, car);
        Files.writeString(car.resolveSibling(car.getFileName() + ".asc"),
                DetachedSignatures.sign(signer, car, StoreFixture.SIGNED), StandardCharsets.US_ASCII);
        return fixture.store.add(car, StoreFixture.SIGNED);
    }

    /**
     * A client on a fresh copy of the home synced at {@link StoreFixture#NOW}, reading time from
     * {@code clock}; it starts a session only when it syncs or installs.
     */
    ClientService openClient(Clock clock) {
        Path home = dir.resolve("home-" + homes.incrementAndGet());
        copyTree(syncedHome, home);
        return ClientService.open(home, clock);
    }

    /** A client on a new, empty home on this network: subscribed to nothing yet. */
    ClientService openEmptyClient(Clock clock) {
        ClientService c = ClientService.open(dir.resolve("home-" + homes.incrementAndGet()), clock);
        c.setNetwork(net.config());
        return c;
    }

    /** A client on a brand-new home, as a new user has it: no network chosen, no store. */
    ClientService openFreshClient(Clock clock) {
        return ClientService.open(dir.resolve("home-" + homes.incrementAndGet()), clock);
    }

    /** The test network's bootstrap nodes as a user types them: {@code 127.0.0.1:PORT, ...}. */
    String bootstrapNodes() {
        return String.join(", ", net.config().bootstrap().stream().map(Object::toString).toList());
    }

    /** The magnet the store gives its users. */
    String magnet() {
        try {
            return fixture.store.shareableMagnet();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails unless the one subscribed store answered a sync with a new generation. */
    static void expectUpdated(List<SyncReport> reports) {
        if (reports.size() != 1 || reports.get(0).outcome() != SyncReport.Outcome.UPDATED) {
            throw new IllegalStateException("sync with " + STORE + " did not update the catalog: " + reports);
        }
    }

    @Override
    public void close() {
        net.close();
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) { // parents before their children
                Path rel = from.relativize(p);
                // The session folder is a running node's own state; a copied home starts its own.
                if (rel.getNameCount() > 0 && rel.getName(0).toString().equals("session")) {
                    continue;
                }
                Path target = to.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy client home " + from + " to " + to, e);
        }
    }
}
