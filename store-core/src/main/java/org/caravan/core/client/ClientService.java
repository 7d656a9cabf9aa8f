package org.caravan.core.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.caravan.core.catalog.CatalogFormatException;
import org.caravan.core.catalog.GenerationBundle;
import org.caravan.core.catalog.GenerationVerifier;
import org.caravan.core.catalog.Release;
import org.caravan.core.catalog.Sha256;
import org.caravan.core.catalog.SignerClaim;
import org.caravan.core.catalog.VerifiedGeneration;
import org.caravan.core.net.ChannelPointer;
import org.caravan.core.net.InfoHash;
import org.caravan.core.net.NetworkConfig;
import org.caravan.core.net.PeerAddress;
import org.caravan.core.net.PeerNode;
import org.caravan.core.net.StoreMagnet;
import org.caravan.core.net.TorrentSessions;
import org.caravan.core.pkg.Manifest;
import org.caravan.core.pkg.PackageReader;
import org.caravan.core.pkg.PackageRejectedException;
import org.caravan.core.pkg.SafeExtractor;
import org.caravan.core.pkg.Version;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.Fingerprint;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.sign.SignatureCheck;
import org.caravan.keyring.trust.KeyRef;
import org.caravan.keyring.trust.Subject;
import org.caravan.keyring.trust.TrustDecision;
import org.caravan.keyring.trust.TrustEngine;
import org.caravan.keyring.trust.TrustWeb;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A user's Caravan installation in a home folder:
 * <pre>
 * db/caravan.mv.db          the client's own H2 database (subscriptions, catalogs, installed apps, settings)
 * generations/STOREKEY/     verified catalog generations, seeded to other subscribers
 * cache/                    downloaded packages
 * staging/                  half-extracted installs; emptied at every start
 * apps/ID/VERSION/          installed apps
 * </pre>
 * The peer-to-peer session starts on first need with the saved network setting.
 */
public final class ClientService implements CaravanClient {
    private static final Logger LOG = LoggerFactory.getLogger(ClientService.class);
    private static final String NETWORK_MODE = "network.mode";
    private static final String NETWORK_BOOTSTRAP = "network.bootstrap";
    private static final Duration POINTER_DEADLINE = Duration.ofSeconds(10);
    private static final Duration FETCH_TIMEOUT = Duration.ofMinutes(5);

    private final Path home;
    private final Clock clock;
    private final ClientDatabase db;
    private final TrustEngine engine = new TrustEngine();
    private final Map<String, TrustWeb> webs = new ConcurrentHashMap<>();
    private PeerNode node;

    private ClientService(Path home, Clock clock) throws IOException {
        this.home = home.toAbsolutePath();
        this.clock = clock;
        Files.createDirectories(this.home);
        this.db = new ClientDatabase(this.home.resolve("db"));
        cleanStaging();
    }

    /** Opens (creating if needed) the installation at {@code home}. */
    public static ClientService open(Path home) {
        return open(home, Clock.systemUTC());
    }

    public static ClientService open(Path home, Clock clock) {
        try {
            return new ClientService(home, clock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path home() {
        return home;
    }

    /** A crash during an install leaves a folder in staging/: it was never moved into place, so drop it. */
    private void cleanStaging() throws IOException {
        Path staging = home.resolve("staging");
        if (Files.exists(staging)) {
            deleteTree(staging);
        }
        Files.createDirectories(staging);
    }

    // ---- settings ---------------------------------------------------------------------------------

    public synchronized void setNetwork(NetworkConfig config) {
        sql(() -> {
            db.putSetting(NETWORK_MODE, config.mode().name());
            db.putSetting(NETWORK_BOOTSTRAP, String.join(",", config.bootstrap().stream().map(PeerAddress::toString).toList()));
            return null;
        });
    }

    /** The saved network; a new installation uses a loopback network with no nodes until told otherwise. */
    public NetworkConfig network() {
        return sql(() -> {
            String mode = db.setting(NETWORK_MODE).orElse(NetworkConfig.Mode.LOOPBACK.name());
            if (mode.equals(NetworkConfig.Mode.MAINLINE.name())) {
                return NetworkConfig.mainline();
            }
            String nodes = db.setting(NETWORK_BOOTSTRAP).orElse("");
            return NetworkConfig.loopback(nodes.isBlank() ? List.of() : PeerAddress.parseList(nodes));
        });
    }

    private synchronized PeerNode node() {
        if (node == null) {
            node = TorrentSessions.start(network(), home.resolve("session"));
        }
        return node;
    }

    // ---- subscriptions and sync -------------------------------------------------------------------

    /** Subscribes to a store; returns false if it was subscribed already. */
    public boolean subscribe(StoreMagnet magnet) {
        return sql(() -> db.addStore(magnet.publicKeyHex(), HexFormat.of().formatHex(magnet.salt())));
    }

    public List<StoreRecord> stores() {
        return sql(db::stores);
    }

    /** Syncs every subscribed store. */
    public List<SyncReport> sync() {
        List<SyncReport> out = new ArrayList<>();
        for (StoreRecord s : stores()) {
            out.add(sync(s));
        }
        return out;
    }

    private SyncReport sync(StoreRecord store) {
        String name = store.displayName();
        StoreMagnet magnet = store.magnet();
        Optional<ChannelPointer> pointer = node().getPointer(magnet.publicKey(), magnet.salt(), POINTER_DEADLINE);
        if (pointer.isEmpty()) {
            return new SyncReport(store.storeKey(), name, SyncReport.Outcome.NOT_FOUND, store.generation(), 0,
                    "no catalog pointer found for store " + name + " on the network (is the store served?)");
        }
        ChannelPointer p = pointer.get();
        if (p.generation() < store.generation()) {
            return new SyncReport(store.storeKey(), name, SyncReport.Outcome.REFUSED, store.generation(), 0,
                    "refused generation " + p.generation() + " of " + name + ": older than generation "
                            + store.generation() + " already held (rollback)");
        }
        if (p.generation() == store.generation()) {
            return new SyncReport(store.storeKey(), name, SyncReport.Outcome.UP_TO_DATE, store.generation(),
                    appCount(store.storeKey()), name + " is up to date (generation " + store.generation() + ")");
        }
        try {
            Path dir = home.resolve("generations").resolve(store.storeKey());
            Files.createDirectories(dir);
            Path incoming = Files.createTempDirectory(home.resolve("staging"), "generation-");
            Path file = node().fetch(p.infoHash(), incoming, GenerationBundle.MAX_BUNDLE_BYTES, FETCH_TIMEOUT,
                    (d, t) -> { });
            VerifiedGeneration gen = GenerationVerifier.verify(
                    GenerationBundle.read(file, GenerationBundle.MAX_BUNDLE_BYTES), magnet.publicKey());
            if (gen.catalog().generation() != p.generation()) {
                throw new CatalogFormatException("the pointer announces generation " + p.generation()
                        + " but the catalog it points to is generation " + gen.catalog().generation());
            }
            db.importGeneration(gen.catalog(), gen.catalogHash(),
                    new String(gen.bundle().keyring(), StandardCharsets.US_ASCII), clock.instant());
            webs.put(store.storeKey(), gen.web());
            Path kept = dir.resolve(GenerationBundle.fileName(gen.catalog().generation()));
            Files.move(file, kept, StandardCopyOption.REPLACE_EXISTING);
            deleteTree(incoming);
            seedQuietly(kept);
            String storeName = gen.catalog().storeName();
            return new SyncReport(store.storeKey(), storeName, SyncReport.Outcome.UPDATED, gen.catalog().generation(),
                    gen.catalog().apps().size(), "synced " + storeName + ": generation " + gen.catalog().generation()
                            + ", " + gen.catalog().apps().size() + " apps");
        } catch (CatalogFormatException | IllegalStateException e) {
            return new SyncReport(store.storeKey(), name, SyncReport.Outcome.REFUSED, store.generation(), 0,
                    "refused catalog of " + name + ": " + e.getMessage() + "; keeping generation " + store.generation());
        } catch (IOException | SQLException e) {
            return new SyncReport(store.storeKey(), name, SyncReport.Outcome.FAILED, store.generation(), 0,
                    "sync of " + name + " failed: " + e.getMessage());
        }
    }

    /** Subscribers seed the generations they hold, so a store stays reachable while its publisher is away. */
    private void seedQuietly(Path file) {
        try {
            node().seed(file);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot seed {}: {}", file, e.getMessage());
        }
    }

    private int appCount(String storeKey) {
        return (int) sql(db::apps).stream().filter(a -> a.storeKey().equals(storeKey)).count();
    }

    // ---- listing and trust ------------------------------------------------------------------------

    private TrustWeb web(String storeKey) {
        return webs.computeIfAbsent(storeKey, k -> sql(() -> {
            String keyring = db.keyring(k);
            List<String> roots = db.roots(k);
            List<Certificate> rootCerts = new ArrayList<>();
            List<Certificate> keys = new ArrayList<>();
            for (Certificate c : Certificate.parseAll(keyring.getBytes(StandardCharsets.US_ASCII))) {
                (roots.contains(c.fingerprint().hex()) ? rootCerts : keys).add(c);
            }
            return new TrustWeb(rootCerts, keys);
        }));
    }

    /** The decision for a release from the signer claims the store recorded (before download). */
    private TrustDecision decideClaimed(String storeKey, String appId, String category, Release r, Instant now) {
        List<SignatureCheck> claimed = new ArrayList<>();
        for (SignerClaim c : r.signers()) {
            claimed.add(new SignatureCheck.Valid(Fingerprint.of(c.fingerprint()), c.signedAt()));
        }
        return engine.decide(web(storeKey), claimed, new Subject(appId, category, r.type()), now);
    }

    @Override
    public List<AppEntry> apps() {
        Instant now = clock.instant();
        Map<String, StoreRecord> stores = new java.util.HashMap<>();
        for (StoreRecord s : stores()) {
            stores.put(s.storeKey(), s);
        }
        List<AppEntry> out = new ArrayList<>();
        for (ClientDatabase.StoredApp a : sql(db::apps)) {
            StoreRecord store = stores.get(a.storeKey());
            Release newest = newest(a.releases());
            TrustDecision d = decideClaimed(a.storeKey(), a.appId(), a.category(), newest, now);
            Optional<InstalledRecord> inst = sql(() -> db.installed(a.appId()))
                    .filter(i -> i.storeKey().equals(a.storeKey()));
            TrustState state = stateOf(d, store, now);
            if (inst.isPresent() && state != TrustState.SPURIOUS) {
                // An installed older release may be spurious even if the newest is fine.
                Optional<Release> installed = a.releases().stream()
                        .filter(r -> r.version().equals(inst.get().version())).findFirst();
                if (installed.isPresent()) {
                    TrustDecision di = decideClaimed(a.storeKey(), a.appId(), a.category(), installed.get(), now);
                    if (di instanceof TrustDecision.Refused ri && ri.spurious()) {
                        state = TrustState.SPURIOUS;
                        d = di;
                    }
                }
            }
            SignerClaim signer = newest.signers().isEmpty() ? null : newest.signers().get(0);
            out.add(new AppEntry(store.displayName(), a.appId(), a.name(), a.summary(), a.category(), newest.version(),
                    signer == null ? "" : userIdOf(a.storeKey(), signer.fingerprint()),
                    signer == null ? "" : signer.fingerprint(), state,
                    inst.map(InstalledRecord::version).orElse(null), explain(d, store, now)));
        }
        return out;
    }

    private String userIdOf(String storeKey, String fingerprint) {
        TrustWeb web = web(storeKey);
        return Stream.concat(web.roots().stream(), web.keys().stream())
                .filter(c -> c.fingerprint().hex().equals(fingerprint))
                .map(Certificate::userId).findFirst().orElse("unknown key");
    }

    private static TrustState stateOf(TrustDecision d, StoreRecord store, Instant now) {
        if (d instanceof TrustDecision.Refused r) {
            return r.spurious() ? TrustState.SPURIOUS : TrustState.REFUSED;
        }
        return isStale(store, now) ? TrustState.STALE : TrustState.TRUSTED;
    }

    private static boolean isStale(StoreRecord store, Instant now) {
        return store.expires() != null && !now.isBefore(store.expires());
    }

    private static String explain(TrustDecision d, StoreRecord store, Instant now) {
        if (d instanceof TrustDecision.Trusted && isStale(store, now)) {
            return "the catalog of " + store.displayName() + " expired at " + store.expires()
                    + "; new installs wait for a fresh sync (" + d.explain() + ")";
        }
        return d.explain();
    }

    private static Release newest(List<Release> releases) {
        return releases.stream().max(Comparator.comparing(r -> Version.parse(r.version()))).orElseThrow();
    }

    // ---- install ----------------------------------------------------------------------------------

    @Override
    public InstallOutcome install(String appId, InstallProgress progress) {
        try {
            return doInstall(appId, progress);
        } catch (IOException | RuntimeException e) {
            LOG.debug("install of {} failed", appId, e);
            return new InstallOutcome.Failed(appId, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private InstallOutcome doInstall(String appId, InstallProgress progress) throws IOException {
        Instant now = clock.instant();
        Optional<ClientDatabase.StoredApp> found = sql(db::apps).stream().filter(a -> a.appId().equals(appId)).findFirst();
        if (found.isEmpty()) {
            return new InstallOutcome.Failed(appId, "no subscribed store lists " + appId + " (run sync?)");
        }
        ClientDatabase.StoredApp app = found.get();
        StoreRecord store = sql(() -> db.store(app.storeKey())).orElseThrow();
        Release release = newest(app.releases());
        Optional<InstalledRecord> current = sql(() -> db.installed(appId));
        if (current.isPresent() && current.get().version().equals(release.version())) {
            return new InstallOutcome.Failed(appId, appId + " " + release.version() + " is already installed");
        }
        if (isStale(store, now)) {
            return new InstallOutcome.Failed(appId, "the catalog of " + store.displayName() + " expired at "
                    + store.expires() + " and may be frozen by an attacker; sync before installing");
        }
        Subject subject = new Subject(appId, app.category(), release.type());
        TrustDecision claimed = decideClaimed(app.storeKey(), appId, app.category(), release, now);
        if (claimed instanceof TrustDecision.Refused r) {
            return new InstallOutcome.Failed(appId, r.explain());
        }
        progress.update("download", 0);
        Path cache = home.resolve("cache").resolve(release.sha256());
        Files.createDirectories(cache);
        Path file = node().fetch(new InfoHash(release.infoHash()), cache, release.size(), FETCH_TIMEOUT,
                (done, total) -> progress.update("download", total <= 0 ? 0 : 0.8 * done / total));
        progress.update("verify", 0.8);
        if (Files.size(file) != release.size()) {
            return new InstallOutcome.Failed(appId, "downloaded package is " + Files.size(file)
                    + " bytes, the catalog says " + release.size());
        }
        String sha = Sha256.hex(file);
        if (!sha.equals(release.sha256())) {
            return new InstallOutcome.Failed(appId, "downloaded package's SHA-256 " + sha
                    + " does not match the catalog's " + release.sha256());
        }
        TrustWeb web = web(app.storeKey());
        List<Certificate> candidates = new ArrayList<>(web.keys());
        candidates.addAll(web.roots());
        List<SignatureCheck> checks = new ArrayList<>();
        for (String sig : release.signatures()) {
            checks.addAll(DetachedSignatures.verify(file, sig.getBytes(StandardCharsets.US_ASCII), candidates));
        }
        TrustDecision decision = engine.decide(web, checks, subject, now);
        if (decision instanceof TrustDecision.Refused r) {
            return new InstallOutcome.Failed(appId, r.explain());
        }
        Manifest manifest = PackageReader.readManifest(file);
        if (!manifest.id().equals(appId) || !manifest.version().toString().equals(release.version())) {
            return new InstallOutcome.Failed(appId, "the package holds " + manifest.id() + " " + manifest.version()
                    + ", not " + appId + " " + release.version());
        }
        progress.update("extract", 0.9);
        Path staging = Files.createTempDirectory(home.resolve("staging"), appId + "-");
        Path target = home.resolve("apps").resolve(appId).resolve(release.version());
        try {
            SafeExtractor.extract(file, manifest, staging.resolve("files"), manifest.totalSize());
            Files.createDirectories(target.getParent());
            if (Files.exists(target)) {
                deleteTree(target);
            }
            Files.move(staging.resolve("files"), target, StandardCopyOption.ATOMIC_MOVE);
        } catch (PackageRejectedException e) {
            return new InstallOutcome.Failed(appId, "package refused: " + e.getMessage());
        } finally {
            deleteTree(staging);
        }
        KeyRef signer = ((TrustDecision.Trusted) decision).signer();
        sql(() -> {
            db.recordInstall(new InstalledRecord(appId, release.version(), app.storeKey(), target.toString(), sha,
                    signer.fingerprint().hex(), now));
            return null;
        });
        progress.update("done", 1.0);
        return new InstallOutcome.Installed(appId, release.version(), target, decision.explain());
    }

    public Optional<InstalledRecord> installed(String appId) {
        return sql(() -> db.installed(appId));
    }

    @Override
    public synchronized void close() {
        if (node != null) {
            node.close();
            node = null;
        }
        db.close();
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private interface SqlAction<T> {
        T run() throws SQLException;
    }

    private static <T> T sql(SqlAction<T> action) {
        try {
            return action.run();
        } catch (SQLException e) {
            throw new IllegalStateException("client database error: " + e.getMessage(), e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
