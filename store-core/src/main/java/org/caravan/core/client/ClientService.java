package org.caravan.core.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.caravan.core.catalog.RootPin;
import org.caravan.core.disk.DiskSpace;
import org.caravan.core.net.InfoHash;
import org.caravan.core.net.NetworkConfig;
import org.caravan.core.net.PeerAddress;
import org.caravan.core.net.PeerNode;
import org.caravan.core.net.StoreMagnet;
import org.caravan.core.net.TorrentSessions;
import org.caravan.keyring.key.Fingerprint;
import org.caravan.keyring.trust.LocalOverride;
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
    private static final String SYNC_INTERVAL = "sync.interval.seconds";
    private static final long DEFAULT_SYNC_INTERVAL = 15 * 60;
    private static final String SEEDING = "seeding.enabled";
    private static final String UPLOAD_LIMIT = "seeding.upload.kib";
    private static final String AUTO_UPDATE = "update.auto";
    /** What a client uploads at most unless told otherwise: 1 MiB/s, enough to help a swarm, not to hog a line. */
    public static final long DEFAULT_UPLOAD_LIMIT_KIB = 1024;

    private final Path home;
    private final Clock clock;
    private final ClientDatabase db;
    private final InstalledTable installed;
    private final TrustView trust;
    private final CatalogSync catalogSync;
    private final Installer installer;
    private final Plugins plugins;
    private final SearchIndex search;
    private final SyncScheduler scheduler = new SyncScheduler(this::autoSyncRound);
    private volatile Consumer<List<InstallOutcome>> autoUpdateListener = outcomes -> { };
    /**
     * One sync at a time (a scheduled one and one asked for by hand must not import the same generation twice); a
     * second waits for the first. A lock object of its own so that tests can see a sync waiting for another.
     */
    final java.util.concurrent.locks.ReentrantLock syncLock = new java.util.concurrent.locks.ReentrantLock();
    /** Which app and store each running request works on (see {@link Activities}). */
    private final Activities activities = new Activities();
    private final InstalledWatch watch;
    private volatile Consumer<List<SyncReport>> autoSyncListener;
    private final java.util.concurrent.CopyOnWriteArrayList<Consumer<ClientEvent>> listeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private PeerNode node;
    private volatile boolean shared;

    private ClientService(Path home, Clock clock) throws IOException {
        this.home = home.toAbsolutePath();
        this.clock = clock;
        if (!Files.exists(this.home)) {
            // Other accounts may not change what runs as this user: a new home is the user's alone. An existing
            // folder keeps the mode its owner gave it.
            Files.createDirectories(this.home.getParent());
            try {
                Files.createDirectory(this.home, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException e) {
                Files.createDirectories(this.home);
            }
        }
        this.db = new ClientDatabase(this.home.resolve("db"));
        try {
            this.installed = new InstalledTable(db);
        } catch (SQLException e) {
            db.close();
            throw new IOException("cannot open the installed-apps table: " + e.getMessage(), e);
        }
        this.trust = new TrustView(db, installed);
        this.search = openSearch(this.home.resolve("index"), db);
        this.catalogSync = new CatalogSync(this.home, clock, db, trust, this::node, search, this::network);
        this.installer = new Installer(this.home, clock, db, installed, trust, this::node, activities, this::publish);
        this.watch = new InstalledWatch(db, installed, trust, installer, clock, this::publish);
        installer.seeding(this::seeding);
        installer.likelyPeers(catalogSync::likelyPeers);
        this.plugins = new Plugins(clock, db, installed, installer);
        installer.cleanStaging();
        installer.reconcile();
    }

    /** The search index is derived data: rebuilt from the database when it is missing. */
    private static SearchIndex openSearch(Path dir, ClientDatabase db) throws IOException {
        SearchIndex index = new SearchIndex(dir);
        if (index.isEmpty()) {
            for (StoreRecord s : sql(db::stores)) {
                index.replaceStore(s.storeKey(), sql(() -> db.appSummaries(s.storeKey())));
            }
        }
        return index;
    }

    /**
     * Apps whose name or summary matches every word of {@code text} (whole words or prefixes), best
     * first, optionally only in {@code category}; a blank text lists the category.
     */
    public List<AppEntry> search(String text, String category, int limit) {
        try {
            List<ClientDatabase.StoredApp> apps = new ArrayList<>();
            for (SearchIndex.Hit h : search.search(text, category, limit)) {
                sql(() -> db.app(h.storeKey(), h.appId())).ifPresent(apps::add);
            }
            return sql(() -> trust.entries(clock.instant(), apps));
        } catch (IOException e) {
            throw new UncheckedIOException("search failed: " + e.getMessage(), e);
        }
    }

    /** Opens (creating if needed) the installation at {@code home}. */
    public static ClientService open(Path home) {
        return open(home, Clock.systemUTC());
    }

    public static ClientService open(Path home, Clock clock) {
        if (Files.exists(home) && !Files.isDirectory(home)) {
            throw new IllegalArgumentException("the client home " + home + " is not a folder");
        }
        try {
            ClientConfigFile config = Files.isDirectory(home) ? ClientConfigFile.read(home) : null;
            ClientService client = new ClientService(home, clock);
            if (config != null) {
                try {
                    config.applyTo(client);
                } catch (RuntimeException e) {
                    client.close();
                    throw new IllegalArgumentException(home.resolve(ClientConfigFile.NAME) + ": " + e.getMessage(), e);
                }
            }
            return client;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path home() {
        return home;
    }

    // ---- settings ---------------------------------------------------------------------------------

    @Override
    public synchronized void setNetwork(NetworkConfig config) {
        boolean changed = !config.equals(network());
        // A session running on the old network (a service's, started at once) is restarted on the new one at next
        // need: it seeds what the home holds again there.
        if (changed && node != null) {
            node.close();
            node = null;
        }
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
            PeerNode started = TorrentSessions.start(network(), home.resolve("session"));
            started.setUploadLimit(uploadLimitKib() * 1024);
            node = started;
            // From the first second: what this home holds is shared before anything is fetched (issue 11).
            catalogSync.seedHeld(started, sql(db::stores));
            if (seeding()) {
                seedInstalled(started);
            }
        }
        return node;
    }

    // ---- seeding what is installed ----------------------------------------------------------------

    /**
     * The cached package ({@code cache/SHA256/FILE}, a private store's as {@code SHA256.cpkg}) of each installed version
     * in use, with the info-hash the catalog gives it; a package whose cache entry is gone is skipped.
     */
    private List<Map.Entry<InfoHash, Path>> installedPackages() {
        List<Map.Entry<InfoHash, Path>> out = new ArrayList<>();
        List<ClientDatabase.StoredApp> apps = sql(db::apps);
        for (InstalledRecord r : installedApps()) {
            apps.stream().filter(a -> a.appId().equals(r.appId()) && a.storeKey().equals(r.storeKey()))
                    .flatMap(a -> a.releases().stream())
                    .filter(rel -> rel.version().equals(r.version()) && rel.sha256().equals(r.sha256()))
                    .findFirst()
                    .ifPresent(rel -> {
                        // A private store's package is cached (and seeded) in its sealed form only.
                        Path file = home.resolve("cache").resolve(rel.sha256()).resolve(
                                rel.sealed() == null ? rel.fileName() : rel.sealed().fileName());
                        if (Files.isRegularFile(file)) {
                            out.add(Map.entry(new InfoHash(rel.sealed() == null ? rel.infoHash()
                                    : rel.sealed().infoHash()), file));
                        }
                    });
        }
        return out;
    }

    private void seedInstalled(PeerNode peers) {
        List<Map.Entry<InfoHash, Path>> packages = installedPackages();
        LOG.debug("seeding {} installed packages", packages.size());
        for (var p : packages) {
            try {
                InfoHash ih = peers.seed(p.getValue());
                if (!ih.equals(p.getKey())) {
                    // The cached bytes are not the release's (damaged cache): do not offer them.
                    peers.stopSeeding(ih);
                    LOG.warn("not seeding {}: its torrent is {}, the catalog says {}", p.getValue(), ih, p.getKey());
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot seed {}: {}", p.getValue(), e.getMessage());
            }
        }
    }

    /** Whether installed packages are shared with other users (on by default). */
    public boolean seeding() {
        return sql(() -> db.setting(SEEDING)).map(Boolean::parseBoolean).orElse(true);
    }

    /**
     * Turns sharing of installed packages on or off, saved for later runs; a running session starts or stops
     * seeding them at once. (Catalog generations are always shared: that is how a store reaches its users.)
     */
    public synchronized void setSeeding(boolean on) {
        sql(() -> {
            db.putSetting(SEEDING, Boolean.toString(on));
            return null;
        });
        if (node != null) {
            if (on) {
                seedInstalled(node);
            } else {
                for (var p : installedPackages()) {
                    node.stopSeeding(p.getKey());
                }
            }
        }
    }

    /** The upload limit in KiB/s over everything the client shares; 0 means none. Default 1 024 (1 MiB/s). */
    public long uploadLimitKib() {
        return sql(() -> db.setting(UPLOAD_LIMIT)).map(Long::parseLong).orElse(DEFAULT_UPLOAD_LIMIT_KIB);
    }

    /** Sets (and saves) the upload limit in KiB/s, 0 for none; applied at once to a running session. */
    public synchronized void setUploadLimit(long kibPerSecond) {
        if (kibPerSecond < 0 || kibPerSecond > Integer.MAX_VALUE / 1024) {
            throw new IllegalArgumentException("upload limit must be 0 (none) to " + Integer.MAX_VALUE / 1024
                    + " KiB/s, not " + kibPerSecond);
        }
        sql(() -> {
            db.putSetting(UPLOAD_LIMIT, Long.toString(kibPerSecond));
            return null;
        });
        if (node != null) {
            node.setUploadLimit(kibPerSecond * 1024);
        }
    }

    /** How long one package download may take (tests shorten it). */
    void fetchTimeout(Duration timeout) {
        installer.fetchTimeout(timeout);
    }

    /** The running session, started if needed (tests look at what it shares). */
    PeerNode peerNode() {
        return node();
    }

    // ---- subscriptions and sync -------------------------------------------------------------------

    /** Subscribes to a store; returns false if it was subscribed already. */
    public boolean subscribe(StoreMagnet magnet) {
        return subscribe(magnet, null);
    }

    /**
     * Subscribes to a store; with {@code pin} (the root set its magnet vouches for, see {@link RootPin}), only
     * catalogs whose root history holds that set are accepted. Subscribing again with a later pin keeps it.
     *
     * @return whether the store was new
     */
    public boolean subscribe(StoreMagnet magnet, RootPin pin) {
        return sql(() -> db.addStore(magnet.publicKeyHex(), HexFormat.of().formatHex(magnet.salt()), pin));
    }

    @Override
    public boolean subscribe(String magnet) {
        return subscribe(StoreMagnet.parse(magnet), RootPin.inMagnet(magnet).orElse(null));
    }

    /**
     * Ends the subscription to a store: its catalog, apps and search entries go, and so do the generations this
     * client kept and seeded for it. Refused while an app or plugin of that store is installed, so that
     * nothing installed is left without the catalog its trust is decided by.
     *
     * @return the store as it was subscribed
     * @throws IllegalArgumentException when the store is not subscribed
     * @throws IllegalStateException    naming the installed apps, when there are any
     */
    @Override
    public StoreRecord unsubscribe(String storeKey) {
        // Not while a sync runs: it could import the store again behind this.
        syncLock.lock();
        try {
            StoreRecord store = sql(() -> db.store(storeKey)).orElseThrow(
                    () -> new IllegalArgumentException("no store " + storeKey + " is subscribed"));
            // Nor while an app of it is being installed: the install would record an app of a store that is gone.
            Activities.Claim claim = activities.leaveStore(storeKey, store.displayName());
            if (claim instanceof Activities.Claim.Busy busy) {
                throw new IllegalStateException("not unsubscribed: " + busy.reason());
            }
            try (Activities.Lease lease = ((Activities.Claim.Granted) claim).lease()) {
                Installer.hook.reached(UNSUBSCRIBING);
                return unsubscribeNow(store);
            }
        } finally {
            syncLock.unlock();
        }
    }

    private StoreRecord unsubscribeNow(StoreRecord store) {
        String storeKey = store.storeKey();
        List<String> installed = installedApps().stream().filter(r -> r.storeKey().equals(storeKey))
                .map(InstalledRecord::appId).sorted().toList();
        if (!installed.isEmpty()) {
            throw new IllegalStateException(store.displayName() + " is still the store of "
                    + String.join(", ", installed) + ": remove " + (installed.size() == 1 ? "it" : "them")
                    + " first (caravan client remove ID)");
        }
        sql(() -> db.removeStore(storeKey));
        try {
            search.replaceStore(storeKey, List.of());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot drop " + storeKey + " from the search index", e);
        }
        trust.forget(storeKey);
        Path kept = catalogSync.forget(storeKey);
        try {
            stopSeedingUnder(kept);
            deleteTree(kept);
        } catch (IOException e) {
            throw new UncheckedIOException("unsubscribed, but cannot delete the generations kept in " + kept, e);
        }
        return store;
    }

    /** Stops sharing every file under {@code dir} this client's session (if running) seeds. */
    private synchronized void stopSeedingUnder(Path dir) throws IOException {
        if (node == null || !Files.isDirectory(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                node.stopSeeding(org.caravan.core.net.InfoHashes.of(f));
            }
        }
    }

    /**
     * Keeps a licence or device token in this home ({@link org.caravan.core.licence.Licences#add}: refused with the
     * reason when it is not one or names another home's key; nothing is stored then) and tells every face of the home,
     * so an open window shows the app unlocked at once.
     */
    public org.caravan.core.licence.HeldGrant addLicence(byte[] file, String shownName) throws IOException {
        org.caravan.core.licence.HeldGrant held = new org.caravan.core.licence.Licences(home, clock).add(file, shownName);
        publish(new ClientEvent.LicenceAdded(clock.instant(), held.grant().licence().appId(), held.summary()));
        return held;
    }

    @Override
    public Optional<AppLicence> licence(String appId) {
        try {
            org.caravan.core.licence.Licences licences = new org.caravan.core.licence.Licences(home, clock);
            Optional<org.caravan.core.licence.HeldGrant> held = licences.licenceFor(appId);
            Optional<String> licensor = licensorOf(appId);
            if (held.isPresent()) {
                org.caravan.core.licence.Licence l = held.get().grant().licence();
                boolean expired = l.expires() != null
                        && clock.instant().isAfter(l.expires().plus(org.caravan.core.licence.Licences.CLOCK_SKEW));
                return Optional.of(new AppLicence(appId, AppLicence.State.HELD,
                        licensor.orElse(l.issuer().toString()), l.issuer().toString(), l.versions().toString(),
                        l.expires(), l.devices(), expired, held.get().summary()));
            }
            return licensor.map(k -> new AppLicence(appId, AppLicence.State.LOCKED, k, null, null, null, 0, false,
                    null));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the licences of " + home + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<AppLicence> licences() {
        try {
            java.util.Set<String> apps = new java.util.TreeSet<>();
            for (org.caravan.core.licence.HeldGrant h : new org.caravan.core.licence.Licences(home, clock).list()) {
                if (h.grant() != null) {
                    apps.add(h.grant().licence().appId());
                }
            }
            // Apps the catalog marks licensed: locked (or held) before any download.
            apps.addAll(sql(db::licensors).keySet());
            List<AppLicence> out = new ArrayList<>();
            for (String id : apps) {
                licence(id).ifPresent(out::add);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the licences of " + home + ": " + e.getMessage(), e);
        }
    }

    /**
     * The licensor of {@code appId}: as its catalog marks it (a release's {@code licensedBy}), else when a package of it
     * in the cache is sealed (a fetched licensed package stays there, so a licence added later needs no new download;
     * catalogs written before the flag); empty when none is known to be licensed.
     */
    private Optional<String> licensorOf(String appId) throws IOException {
        String listed = sql(db::licensors).get(appId);
        if (listed != null) {
            return Optional.of(listed);
        }
        for (StoreRecord s : sql(db::stores)) {
            Optional<ClientDatabase.StoredApp> app = sql(() -> db.app(s.storeKey(), appId));
            if (app.isEmpty()) {
                continue;
            }
            for (org.caravan.core.catalog.Release r : app.get().releases()) {
                Path file = home.resolve("cache").resolve(r.sha256()).resolve(r.fileName());
                if (Files.isRegularFile(file) && org.caravan.core.pkg.LicensedPackage.isLicensed(file)) {
                    return Optional.of(org.caravan.core.pkg.LicensedPackage.header(file).licensor().toString());
                }
            }
        }
        return Optional.empty();
    }

    /** Info-hash of each generation file, by path, size and time: hashing a 100 000-app catalog takes a while. */
    private final Map<String, InfoHash> generationHashes = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public int storePeers(String storeKey) {
        PeerNode n;
        synchronized (this) {
            n = node;
        }
        if (n == null) {
            return -1;
        }
        Optional<StoreRecord> store = sql(db::stores).stream().filter(s -> s.storeKey().equals(storeKey)).findFirst();
        Optional<Path> file = store.flatMap(catalogSync::heldFile);
        if (file.isEmpty()) {
            return -1;
        }
        try {
            Path f = file.get();
            String id = f + "/" + Files.size(f) + "/" + Files.getLastModifiedTime(f).toMillis();
            InfoHash ih = generationHashes.get(id);
            if (ih == null) {
                ih = org.caravan.core.net.InfoHashes.of(f);
                generationHashes.put(id, ih);
            }
            // Not in the session yet: a sync hands the new generation to a background writer, which seeds it a moment
            // after the sync returns; the home shares it all the same (a screen that asked then said "not sharing").
            return Math.max(0, n.connectedPeers(ih));
        } catch (IOException e) {
            return -1;
        } catch (IllegalStateException closedMeanwhile) {
            return -1;
        }
    }

    /** The root set a subscribed store's magnet pinned, if it named one. */
    public Optional<RootPin> rootPin(String storeKey) {
        return sql(() -> db.rootPin(storeKey));
    }

    @Override
    public List<StoreRecord> stores() {
        return sql(db::stores);
    }

    /** Syncs every subscribed store. */
    @Override
    public List<SyncReport> sync() {
        syncLock.lock();
        try {
            List<SyncReport> out = new ArrayList<>();
            NetworkConfig net = network();
            boolean nowhere = net.mode() == NetworkConfig.Mode.LOOPBACK && net.bootstrap().isEmpty();
            Map<String, InstalledWatch.Standing> standing = null;
            for (StoreRecord s : stores()) {
                if (standing == null) {
                    // What the installed apps were worth before this round: a sync that changes it tells the user.
                    standing = watch.snapshot();
                }
                Installer.hook.reached(SYNCING);
                // A new home is on a loopback test network without nodes until told otherwise (no packet
                // leaves the machine by default): say so at once instead of searching an empty network.
                SyncReport report = nowhere ? new SyncReport(s.storeKey(), s.displayName(), SyncReport.Outcome.FAILED,
                        s.generation(), 0, "sync of " + s.displayName() + " failed: this client has no network to "
                                + "sync over (a loopback test network without nodes); choose one: caravan client "
                                + "subscribe MAGNET --network mainline, or --bootstrap 127.0.0.1:PORT for a test network")
                        : catalogSync.sync(s);
                out.add(report);
                standing = synced(report, standing);
            }
            return out;
        } finally {
            syncLock.unlock();
        }
    }

    /** The step a sync reaches for each store, holding the sync lock, before it fetches (tests pause there). */
    static final String SYNCING = "syncing";
    /** The step an unsubscription reaches holding the store alone, before it drops anything. */
    static final String UNSUBSCRIBING = "unsubscribing";

    /** Tells the faces a store's sync is done and, when it imported a generation, what that changed. */
    private Map<String, InstalledWatch.Standing> synced(SyncReport report, Map<String, InstalledWatch.Standing> before) {
        publish(new ClientEvent.SyncDone(clock.instant(), report));
        if (report.outcome() != SyncReport.Outcome.UPDATED) {
            return before;
        }
        try {
            return watch.tell(before);
        } catch (RuntimeException e) {
            // The sync itself is done and recorded; failing to tell must not turn it into a failure.
            LOG.warn("cannot tell what the sync of {} changed for installed apps: {}", report.storeName(), e.toString());
            return before;
        }
    }

    /**
     * Imports a generation of a subscribed store from a local file (a copy carried by hand), verified and imported
     * exactly as {@link #sync} would after fetching it. The store is the one whose key the file's catalog names.
     */
    SyncReport importGeneration(String storeKey, Path file) {
        syncLock.lock();
        try {
            StoreRecord store = sql(() -> db.store(storeKey)).orElseThrow(
                    () -> new IllegalArgumentException("no store " + storeKey + " is subscribed"));
            Map<String, InstalledWatch.Standing> before = watch.snapshot();
            SyncReport report = catalogSync.importFile(store, file);
            synced(report, before);
            return report;
        } finally {
            syncLock.unlock();
        }
    }

    /** How often {@link #startAutoSync} polls when not told otherwise: the saved setting, 15 minutes by default. */
    public Duration syncInterval() {
        return Duration.ofSeconds(sql(() -> db.setting(SYNC_INTERVAL)).map(Long::parseLong).orElse(DEFAULT_SYNC_INTERVAL));
    }

    public void setSyncInterval(Duration interval) {
        if (interval.compareTo(SyncScheduler.MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("sync interval must be at least " + SyncScheduler.MIN_INTERVAL.toSeconds()
                    + " s, not " + interval.toSeconds() + " s");
        }
        sql(() -> {
            db.putSetting(SYNC_INTERVAL, Long.toString(interval.toSeconds()));
            return null;
        });
        // A running schedule (a service's) takes the new interval at once.
        Consumer<List<SyncReport>> running = autoSyncListener;
        if (running != null && scheduler.running()) {
            scheduler.start(interval, running);
        }
    }

    /**
     * Syncs every subscribed store now and then every {@code interval} on the client's own thread, handing
     * each round's reports to {@code listener} (on that thread), until {@link #stopAutoSync} or close.
     */
    public void startAutoSync(Duration interval, Consumer<List<SyncReport>> listener) {
        startAutoSync(interval, listener, outcomes -> { });
    }

    /**
     * As {@link #startAutoSync(Duration, Consumer)}; when {@link #autoUpdate()} is on, each round's sync is
     * followed by {@link #updateAll} (which installs a new version only when the trust engine admits it), and
     * {@code updates} gets what changed or failed (nothing when everything was up to date).
     */
    public void startAutoSync(Duration interval, Consumer<List<SyncReport>> listener,
                              Consumer<List<InstallOutcome>> updates) {
        autoUpdateListener = updates;
        autoSyncListener = listener;
        scheduler.start(interval, listener);
    }

    private List<SyncReport> autoSyncRound() {
        List<SyncReport> reports = sync();
        if (autoUpdate()) {
            List<InstallOutcome> changed = updateAll(false, InstallProgress.NONE).stream()
                    .filter(o -> !(o instanceof InstallOutcome.UpToDate)).toList();
            for (InstallOutcome o : changed) {
                LOG.info("automatic update: {}", o.message());
            }
            if (!changed.isEmpty()) {
                try {
                    autoUpdateListener.accept(changed);
                } catch (RuntimeException e) {
                    LOG.warn("automatic update listener failed: {}", e.toString());
                }
            }
        }
        return reports;
    }

    /** Whether each auto-sync round also installs trusted updates (off by default). */
    public boolean autoUpdate() {
        return sql(() -> db.setting(AUTO_UPDATE)).map(Boolean::parseBoolean).orElse(false);
    }

    public void setAutoUpdate(boolean on) {
        sql(() -> {
            db.putSetting(AUTO_UPDATE, Boolean.toString(on));
            return null;
        });
    }

    public void stopAutoSync() {
        scheduler.stop();
    }

    // ---- apps -------------------------------------------------------------------------------------

    @Override
    public List<AppEntry> apps() {
        return sql(() -> trust.apps(clock.instant()));
    }

    @Override
    public Map<String, String> keywords() {
        return sql(db::keywords);
    }

    @Override
    public List<AppEntry> apps(int limit) {
        return sql(() -> trust.entries(clock.instant(), db.firstApps(limit)));
    }

    @Override
    public InstallOutcome install(String appId, InstallProgress progress) {
        return install(appId, null, false, progress);
    }

    /**
     * Installs {@code version} of {@code appId} (null: the newest release). Installing over another version
     * keeps that one for {@link #rollback}; a release older than the one in use is refused unless
     * {@code allowDowngrade}.
     */
    public InstallOutcome install(String appId, String version, boolean allowDowngrade, InstallProgress progress) {
        return changing(appId, Activities.Work.INSTALL,
                () -> installer.install(appId, version, allowDowngrade, progress));
    }

    /** Installs the newest release of an installed app when it is newer (and trusted); keeps the old one. */
    @Override
    public InstallOutcome update(String appId, InstallProgress progress) {
        return update(appId, false, progress);
    }

    public InstallOutcome update(String appId, boolean allowDowngrade, InstallProgress progress) {
        return changing(appId, Activities.Work.UPDATE, () -> installer.update(appId, allowDowngrade, progress));
    }

    /**
     * {@link #update} for every installed app that is not held ({@link #hold}), one outcome each, in app id
     * order; held apps are passed by (the caller names them: {@link #held}). An app removed by another request
     * meanwhile is left out; one that another request is changing now is refused with that reason.
     */
    public List<InstallOutcome> updateAll(boolean allowDowngrade, InstallProgress progress) {
        List<InstallOutcome> out = new ArrayList<>();
        for (InstalledRecord r : installedApps()) {
            if (held(r.appId()).isPresent()) {
                LOG.debug("{} is held at {}: not updated", r.appId(), r.version());
                continue;
            }
            InstallOutcome o = changing(r.appId(), Activities.Work.UPDATE, () -> installed(r.appId()).isEmpty()
                    ? null : installer.update(r.appId(), allowDowngrade, progress));
            if (o != null) {
                out.add(o);
            }
        }
        return out;
    }

    /**
     * Runs an install or update of {@code appId} holding the app (refused at once when another request holds it),
     * then tells the faces what changed. A null result (nothing to do) is passed through untold.
     */
    private InstallOutcome changing(String appId, Activities.Work work, IoAction<InstallOutcome> action) {
        Activities.Claim claim = activities.app(appId, work);
        if (claim instanceof Activities.Claim.Busy busy) {
            InstallOutcome refused = new InstallOutcome.Failed(appId, busy.reason());
            told(appId, work, refused);
            return refused;
        }
        InstallOutcome o;
        try (Activities.Lease lease = ((Activities.Claim.Granted) claim).lease()) {
            o = guarded(appId, action);
        }
        if (o != null) {
            told(appId, work, o);
        }
        return o;
    }

    private void told(String appId, Activities.Work work, InstallOutcome o) {
        if (o instanceof InstallOutcome.UpToDate) {
            return;
        }
        publish(new ClientEvent.AppChanged(clock.instant(), appId, work.name().toLowerCase(java.util.Locale.ROOT),
                o instanceof InstallOutcome.Installed, o.message()));
        if (o instanceof InstallOutcome.Installed) {
            try {
                watch.installed(appId);
            } catch (RuntimeException e) {
                LOG.warn("cannot tell whether {} as installed is still trusted: {}", appId, e.toString());
            }
        }
    }

    /** Runs a rollback, repair or removal of {@code appId} holding the app, then tells the faces. */
    private AppChange changingApp(String appId, Activities.Work work, IoAction<AppChange> action) {
        Activities.Claim claim = activities.app(appId, work);
        AppChange c;
        if (claim instanceof Activities.Claim.Busy busy) {
            c = new AppChange.Refused(appId, busy.reason());
        } else {
            try (Activities.Lease lease = ((Activities.Claim.Granted) claim).lease()) {
                c = action.run();
            } catch (IOException | RuntimeException e) {
                LOG.debug("{} of {} failed", work, appId, e);
                c = new AppChange.Refused(appId, e.getMessage() == null ? e.toString() : e.getMessage());
            }
        }
        publish(new ClientEvent.AppChanged(clock.instant(), appId, work.name().toLowerCase(java.util.Locale.ROOT),
                c instanceof AppChange.Done, c.message()));
        if (c instanceof AppChange.Done && work == Activities.Work.ROLLBACK) {
            try {
                watch.installed(appId);
            } catch (RuntimeException e) {
                LOG.warn("cannot tell whether {} as rolled back is still trusted: {}", appId, e.toString());
            }
        }
        return c;
    }

    /**
     * Holds an installed app at the version in use: {@link #updateAll} (and so automatic updates) passes it by
     * until {@link #unhold}. A rollback holds the app it rolled back. Returns false if it was held already.
     */
    public boolean hold(String appId) {
        if (installed(appId).isEmpty()) {
            throw new IllegalArgumentException(appId + " is not installed: nothing to hold");
        }
        return sql(() -> installed.hold(appId, clock.instant()));
    }

    /** Releases a hold; false when the app was not held. */
    public boolean unhold(String appId) {
        return sql(() -> installed.unhold(appId));
    }

    /** Since when an app is held, if it is. */
    public Optional<java.time.Instant> held(String appId) {
        return sql(() -> installed.held(appId));
    }

    /**
     * Returns to the version kept by the last update (if it is still trusted); the newer one is deleted. The app
     * is then held (updates pass it by) until {@link #unhold}: the user rolled back for a reason.
     */
    @Override
    public AppChange rollback(String appId) {
        AppChange c = changingApp(appId, Activities.Work.ROLLBACK, () -> installer.rollback(appId));
        if (c instanceof AppChange.Done) {
            sql(() -> installed.hold(appId, clock.instant()));
        }
        return c;
    }

    /**
     * Whether {@code storeKey}'s current catalog and keyring (as last synced) trust the package file {@code car}
     * for its app at {@code at}, from the signatures beside it: the decision an install would make, with its key path
     * or the reason it refuses. For a developer checking a package before the store lists it; nothing changes.
     * {@code bytesRead} hears how far each signature's pass over the file has come (for a progress bar).
     */
    public org.caravan.keyring.trust.TrustDecision decidePackageFile(String storeKey, Path car, java.time.Instant at,
            java.util.function.LongConsumer bytesRead) throws IOException {
        return installer.decideFile(storeKey, car, at, bytesRead);
    }

    /**
     * Restores the files of an installed app from the package cached at install, checked again first (SHA-256,
     * signatures, trust decision, manifest as recorded); refused, with the way to reinstall, when that package is
     * gone or no longer passes.
     */
    public AppChange repair(String appId) {
        return changingApp(appId, Activities.Work.REPAIR, () -> installer.repair(appId));
    }

    /** Deletes every installed version of an app and forgets it. */
    @Override
    public AppChange remove(String appId) {
        AppChange c = changingApp(appId, Activities.Work.REMOVE, () -> installer.remove(appId));
        if (c instanceof AppChange.Done) {
            sql(() -> installed.unhold(appId));
        }
        return c;
    }

    public Optional<InstalledRecord> installed(String appId) {
        return sql(() -> installed.installed(appId));
    }

    /** Every installed app (the version in use), in app id order. */
    public List<InstalledRecord> installedApps() {
        return sql(installed::all);
    }

    /** The version an update kept for rollback, if any. */
    @Override
    public Optional<String> previousVersion(String appId) {
        return sql(() -> installed.previous(appId));
    }

    @Override
    public LaunchPlan launchPlan(String appId) {
        return launchPlan(appId, false);
    }

    /**
     * How to start an installed app: refused when it is not installed, is a plugin, has nothing to launch,
     * or the trust engine no longer admits the installed version (decided now, from the signatures verified
     * at install and the store's current keyring). A spurious app (signer revoked) may still be started with
     * {@code overrideSpurious}; the plan then carries a warning.
     */
    public LaunchPlan launchPlan(String appId, boolean overrideSpurious) {
        Optional<InstalledRecord> current = installed(appId);
        if (current.isEmpty()) {
            return new LaunchPlan.Refused(appId, appId + " is not installed", false, Cause.FAILED);
        }
        InstalledRecord r = current.get();
        InstalledTable.VersionRow row = sql(() -> installed.version(appId, r.version())).orElseThrow(
                () -> new IllegalStateException("no record of installed version " + r.version() + " of " + appId));
        if (row.manifestJson() == null) {
            return new LaunchPlan.Refused(appId, appId + " " + r.version()
                    + " was installed by an older Caravan that did not keep its manifest; install it again", false, Cause.FAILED);
        }
        org.caravan.core.pkg.Manifest manifest = org.caravan.core.pkg.Manifest.fromJson(
                row.manifestJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (manifest.type() != org.caravan.core.pkg.PackageType.APP) {
            return new LaunchPlan.Refused(appId, appId + " is a " + manifest.type() + ", not an app to run", false, Cause.FAILED);
        }
        if (manifest.launch().isEmpty()) {
            return new LaunchPlan.Refused(appId, appId + " " + r.version() + " declares nothing to launch", false, Cause.FAILED);
        }
        org.caravan.keyring.trust.TrustDecision d = installer.decideInstalled(row, clock.instant());
        String warning = null;
        if (d instanceof org.caravan.keyring.trust.TrustDecision.Refused refused) {
            if (!refused.spurious()) {
                return new LaunchPlan.Refused(appId, appId + " " + r.version() + " is no longer trusted: "
                        + refused.explain(), false, Cause.REFUSED);
            }
            if (!overrideSpurious) {
                return new LaunchPlan.Refused(appId, appId + " " + r.version() + " is spurious: " + refused.explain()
                        + " (remove it, or start it anyway with --override-spurious)", true, Cause.REFUSED);
            }
            warning = "starting spurious " + appId + " " + r.version() + " on request: " + refused.explain();
        }
        try {
            // Quick: sizes, times and the folder listing against the install, the launch program hashed.
            AppIntegrity files = InstalledFiles.quickCheck(r, manifest, row.stamps(),
                    manifest.metadata().launchProgram());
            if (files instanceof AppIntegrity.Damaged damaged) {
                return new LaunchPlan.Refused(appId, appId + " " + r.version() + " in " + r.path()
                        + " was changed after install: " + damaged.changes() + " (details: caravan client verify "
                        + appId + "; restore it: caravan client repair " + appId + ", or remove and install it again)",
                        false, Cause.REFUSED);
            }
        } catch (IOException e) {
            return new LaunchPlan.Refused(appId, "cannot check the files of " + appId + " " + r.version() + " in "
                    + r.path() + ": " + e.getMessage(), false, Cause.FAILED);
        }
        Path dir = Path.of(r.path());
        List<String> command = new ArrayList<>(List.of(manifest.launch().split(" ")));
        command.set(0, dir.resolve(command.get(0)).toString());
        return new LaunchPlan.Ready(appId, r.version(), command, dir, warning);
    }

    /**
     * Checks every file of the version in use of each installed app (or only of {@code appId}) against the
     * manifest of the signed package it was installed from: SHA-256 of every listed file, files missing, files
     * and links that are not in the package.
     *
     * @throws IllegalArgumentException when {@code appId} is given and not installed
     */
    public List<AppIntegrity> verify(String appId) {
        List<InstalledRecord> apps = appId == null ? installedApps()
                : List.of(installed(appId).orElseThrow(() -> new IllegalArgumentException(appId + " is not installed")));
        List<AppIntegrity> out = new ArrayList<>();
        for (InstalledRecord r : apps) {
            Optional<InstalledTable.VersionRow> row = sql(() -> installed.version(r.appId(), r.version()));
            if (row.isEmpty() || row.get().manifestJson() == null) {
                out.add(new AppIntegrity.Unverifiable(r.appId(), r.version(), "it was installed by an older Caravan that"
                        + " did not keep its manifest; install it again"));
                continue;
            }
            org.caravan.core.pkg.Manifest manifest = org.caravan.core.pkg.Manifest.fromJson(
                    row.get().manifestJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            try {
                out.add(InstalledFiles.verify(r, manifest));
            } catch (IOException e) {
                out.add(new AppIntegrity.Unverifiable(r.appId(), r.version(), "cannot read " + r.path() + ": "
                        + e.getMessage()));
            }
        }
        return out;
    }

    /**
     * Checks every subscribed store's rows in the local database against the newest generation kept on disk,
     * verified again with the store's key, and rewrites rows changed outside Caravan from it (see
     * {@link StoreCheck}).
     */
    public List<StoreCheck> verifyStores() {
        syncLock.lock();
        try {
            List<StoreCheck> out = new ArrayList<>();
            for (StoreRecord s : stores()) {
                try {
                    out.add(catalogSync.recheck(s));
                } catch (IOException | SQLException | RuntimeException e) {
                    out.add(new StoreCheck.Unverifiable(s.displayName(), e.getMessage() == null ? e.toString()
                            : e.getMessage()));
                }
            }
            return out;
        } finally {
            syncLock.unlock();
        }
    }

    // ---- plugins ----------------------------------------------------------------------------------

    /** Every installed plugin with its state: enabled, disabled by the user, or refused and why. */
    public List<PluginInfo> plugins() {
        return plugins.list();
    }

    /** Switches a plugin on or off (saved in the database); throws if no such plugin is installed. */
    public void setPluginEnabled(String pluginId, boolean enabled) {
        plugins.setEnabled(pluginId, enabled);
    }

    /**
     * The panels that enabled, trusted {@code app-page-panel} plugins give for an app's page, one per
     * plugin; a plugin that fails (exception, class not found, no answer in 2 s) gives a {@link PanelText.Failed}.
     */
    @Override
    public List<PanelText> appPagePanels(AppEntry app) {
        return plugins.appPagePanels(new org.caravan.core.plugin.api.AppPageContext(app.appId(), app.name(),
                app.version(), app.summary(), app.category(), app.installedVersion()));
    }

    private InstallOutcome guarded(String appId, IoAction<InstallOutcome> action) {
        try {
            return action.run();
        } catch (IOException | RuntimeException e) {
            LOG.debug("install of {} failed", appId, e);
            return new InstallOutcome.Failed(appId, DiskSpace.fullAfter(home, e)
                    .orElse(e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    interface IoAction<T> {
        T run() throws IOException;
    }

    /**
     * Stops the background syncs and lets a background write of a generation finish, then closes the rest.
     * Those two wait for threads that may still need this client's lock (to reach the session), so they run
     * before it is taken: waiting while holding it would stall until their timeouts.
     */
    @Override
    public void close() {
        if (shared) {
            return;
        }
        closeNow();
    }

    /**
     * Makes {@link #close()} a no-op from now on: the service that owns this home hands the same open instance to
     * every command it runs, and each command's {@code try (client)} must not close it under the others.
     *
     * @return what closes it for real (the service, when it stops)
     */
    public Runnable share() {
        shared = true;
        return this::closeNow;
    }

    /**
     * Starts the peer-to-peer session now rather than on first need, so that what this home holds (the catalog
     * generations and, when seeding is on, the installed packages) is shared from the first second.
     */
    public void startSharing() {
        node();
    }

    private void closeNow() {
        scheduler.close();
        catalogSync.close();
        synchronized (this) {
            plugins.close();
            if (node != null) {
                node.close();
                node = null;
            }
            try {
                search.close();
            } catch (IOException e) {
                LOG.warn("cannot close the search index: {}", e.getMessage());
            }
            db.close();
        }
    }

    /**
     * Tells {@code listener} every {@link ClientEvent} from now on, on the thread that caused it (keep it short;
     * hand slow work to another thread). Returns what removes it again.
     */
    public Runnable addEventListener(Consumer<ClientEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    // ---- what the window's screens read ----------------------------------------------------------------

    @Override
    public Optional<AppPage> appPage(String appId) {
        return sql(() -> {
            for (StoreRecord s : db.stores()) {
                Optional<ClientDatabase.StoredApp> app = db.app(s.storeKey(), appId);
                if (app.isPresent()) {
                    AppEntry entry = trust.entries(clock.instant(), List.of(app.get())).get(0);
                    return Optional.of(new AppPage(entry, db.details(s.storeKey(), appId).orElse(null),
                            releases(appId), previousVersion(appId).orElse(null)));
                }
            }
            return Optional.empty();
        });
    }

    @Override
    public byte[] icon(String appId) {
        return sql(() -> {
            for (StoreRecord s : db.stores()) {
                byte[] icon = db.icon(s.storeKey(), appId);
                if (icon.length > 0) {
                    return icon;
                }
            }
            return new byte[0];
        });
    }

    @Override
    public InstallOutcome install(String appId, String version, InstallProgress progress, CancelToken cancel) {
        // The window's install: held and told like every other, so that it and a CLI command never both install one app.
        return changing(appId, Activities.Work.INSTALL, () -> installer.install(appId, version, true, progress, cancel));
    }

    @Override
    public List<StoreRoot> roots() {
        return sql(() -> {
            List<StoreRoot> out = new ArrayList<>();
            for (StoreRecord s : db.stores()) {
                if (s.generation() == 0) {
                    continue;
                }
                for (org.caravan.keyring.key.Certificate c : trust.web(s.storeKey()).roots()) {
                    out.add(new StoreRoot(s.storeKey(), s.displayName(), c.fingerprint().hex(), c.userId()));
                }
            }
            return out;
        });
    }

    @Override
    public List<AppEntry> previewOverrides(List<LocalOverride> overrides) {
        return sql(() -> trust.entries(clock.instant(), db.apps(),
                ctx -> new org.caravan.keyring.trust.TrustContext(ctx.otherStores(), overrides)));
    }

    /** Tells every listener; one listener's failure does not keep the event from the others. */
    void publish(ClientEvent event) {
        for (Consumer<ClientEvent> l : listeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("an event listener failed on {}: {}", event.kind(), e.toString());
            }
        }
    }

    // ---- the user's own trust decisions ---------------------------------------------------------------

    /**
     * Trusts {@code key} to sign {@code appId} on this machine only, as if a store had certified it for that
     * app (the key must still be valid: not revoked, not expired).
     */
    public void trustKeyForApp(Fingerprint key, String appId) {
        watchingTrust(() -> {
            db.addOverride(new LocalOverride.TrustForApp(key, appId));
            return null;
        });
    }

    /** Never trusts {@code key} on this machine, whatever any store says; an installed app it signed is told. */
    public void distrustKey(Fingerprint key) {
        watchingTrust(() -> {
            db.addOverride(new LocalOverride.Distrust(key));
            return null;
        });
    }

    /** Forgets this machine's overrides of {@code key}; returns how many there were. */
    public int forgetOverrides(Fingerprint key) {
        return watchingTrust(() -> db.removeOverrides(key));
    }

    /** A change of the user's own trust decisions, telling the faces what it did to installed apps. */
    private <T> T watchingTrust(SqlAction<T> change) {
        Map<String, InstalledWatch.Standing> before = watch.snapshot();
        T result = sql(change);
        try {
            watch.tell(before);
        } catch (RuntimeException e) {
            LOG.warn("cannot tell what a trust override changed for installed apps: {}", e.toString());
        }
        return result;
    }

    public List<LocalOverride> overrides() {
        return sql(db::overrides);
    }

    // ---- helpers ----------------------------------------------------------------------------------

    interface SqlAction<T> {
        T run() throws SQLException;
    }

    static <T> T sql(SqlAction<T> action) {
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

    /**
     * Every release of {@code appId} in every subscribed store, newest first, each with the trust decision for it
     * now (from the signer claims its store recorded): what {@code caravan client show} lists. Empty when no
     * store lists the app.
     */
    public List<ReleaseStanding> releases(String appId) {
        return sql(() -> {
            List<ReleaseStanding> out = new ArrayList<>();
            java.time.Instant now = clock.instant();
            for (StoreRecord s : db.stores()) {
                Optional<ClientDatabase.StoredApp> app = db.app(s.storeKey(), appId);
                if (app.isEmpty()) {
                    continue;
                }
                ClientDatabase.StoredApp a = app.get();
                List<org.caravan.core.catalog.Release> rs = new ArrayList<>(a.releases());
                rs.sort(Comparator.comparing((org.caravan.core.catalog.Release r) ->
                        org.caravan.core.pkg.Version.parse(r.version())).reversed());
                TrustWebNames names = new TrustWebNames(trust.web(s.storeKey()));
                for (org.caravan.core.catalog.Release r : rs) {
                    org.caravan.keyring.trust.TrustDecision d = trust.decideClaimed(s.storeKey(), appId, a.category(), r, now);
                    TrustState state = d instanceof org.caravan.keyring.trust.TrustDecision.Refused f
                            ? (f.spurious() ? TrustState.SPURIOUS : TrustState.REFUSED)
                            : TrustView.isStale(s, now) ? TrustState.STALE : TrustState.TRUSTED;
                    String signer = r.signers().isEmpty() ? "" : names.userId(r.signers().get(0).fingerprint());
                    out.add(new ReleaseStanding(s.storeKey(), s.displayName(), appId, a.name(), a.summary(), a.category(),
                            r, signer, d, state));
                }
            }
            return out;
        });
    }

    /** User ids of a store's keys by fingerprint. */
    private record TrustWebNames(org.caravan.keyring.trust.TrustWeb web) {
        String userId(String fingerprint) {
            return Stream.concat(web.roots().stream(), web.keys().stream())
                    .filter(c -> c.fingerprint().hex().equals(fingerprint))
                    .map(org.caravan.keyring.key.Certificate::userId).findFirst().orElse("unknown key");
        }
    }
}
