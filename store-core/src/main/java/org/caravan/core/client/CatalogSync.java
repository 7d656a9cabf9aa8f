package org.caravan.core.client;

import java.io.IOException;
import java.lang.ref.SoftReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.caravan.core.catalog.CatalogDelta;
import org.caravan.core.catalog.CatalogFormatException;
import org.caravan.core.catalog.CatalogSplice;
import org.caravan.core.catalog.DeltaBundle;
import org.caravan.core.catalog.GenerationBundle;
import org.caravan.core.catalog.GenerationVerifier;
import org.caravan.core.catalog.VerifiedGeneration;
import org.caravan.core.disk.DiskSpace;
import org.caravan.core.net.ChannelPointer;
import org.caravan.core.net.DhtRepublisher;
import org.caravan.core.net.NetworkConfig;
import org.caravan.core.net.PeerAddress;
import org.caravan.core.net.PeerNode;
import org.caravan.core.net.PointerLookup;
import org.caravan.core.net.StoreMagnet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync of one store: resolve the pointer, refuse rollbacks, fetch the generation, verify it on its
 * own, import it in one transaction, keep and seed it. Anything refused leaves the current catalog.
 */
final class CatalogSync {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogSync.class);
    private static final Duration POINTER_DEADLINE = Duration.ofSeconds(10);
    private static final Duration FETCH_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration REPUBLISH_DEADLINE = Duration.ofSeconds(10);
    /**
     * A client re-puts a pointer once it has seen it unchanged for this long, and then at most this often.
     * BEP 44 items live 2 hours on a node and publishers re-put every 40 minutes, so re-puts matter only
     * for a pointer that has stood for a while (its publisher may be gone). Not sooner: on a small network
     * each re-put leaves the nodes believing in a peer that is gone the moment it is done (the re-putting
     * socket), and the next lookup of that channel (the publisher's put of the next generation, every
     * subscriber's get) waits ~15 s for it; measured on loopback, a put took 15 s after a subscriber's
     * re-put and 2 ms without (issue 4). Nor more often: a client that syncs back to back (a user clicking
     * "sync") must not flood the DHT with lookups.
     */
    static final Duration REPUBLISH_EVERY = Duration.ofMinutes(20);

    private final Path home;
    private final Clock clock;
    private final ClientDatabase db;
    private final TrustView trust;
    private final Supplier<PeerNode> node;
    private final SearchIndex search;
    private final Supplier<NetworkConfig> network;
    /**
     * Per store: the generation held, in memory, so the next delta needs neither the file nor its inflation.
     * Soft: at 100 000 apps it is ~75 MB, which the collector may take back; the file is always there (once
     * its background write is done).
     */
    private final Map<String, SoftReference<Held>> heldInMemory = new ConcurrentHashMap<>();
    /** Per store: the write of a generation rebuilt from a delta, and its seeding, done off the sync. */
    private final Map<String, Future<?>> writing = new ConcurrentHashMap<>();
    private final ExecutorService writer = new ThreadPoolExecutor(0, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
            r -> {
                Thread t = new Thread(r, "caravan-generation-writer");
                t.setDaemon(true);
                return t;
            });

    /** A generation held: its bundle, its hash and, when it was rebuilt from a delta, where its apps are. */
    private record Held(long generation, String catalogHash, GenerationBundle bundle, CatalogSplice.Layout layout) {}

    /** Per store: the pointer last re-put and when, or a re-put still running. */
    private final Map<String, Republished> republished = new ConcurrentHashMap<>();

    /** A pointer as this client saw it: since when, when it was last re-put (null: never), a re-put running. */
    private record Republished(ChannelPointer pointer, Instant firstSeen, Instant lastPut, boolean running) {}

    CatalogSync(Path home, Clock clock, ClientDatabase db, TrustView trust, Supplier<PeerNode> node, SearchIndex search,
                Supplier<NetworkConfig> network) {
        this.network = network;
        this.home = home;
        this.clock = clock;
        this.db = db;
        this.trust = trust;
        this.node = node;
        this.search = search;
    }

    SyncReport sync(StoreRecord store) {
        Steps steps = new Steps();
        StoreMagnet magnet = store.magnet();
        // A magnet's pin names a root set no catalog before it may be signed under: its salt is where to start.
        long rootVersion = ClientService.sql(() -> Math.max(db.rootVersion(store.storeKey()),
                db.rootPin(store.storeKey()).map(org.caravan.core.catalog.RootPin::version).orElse(1L)));
        byte[] salt = magnet.saltFor(rootVersion);
        // TUF's "root N+1" probe, run beside the lookup so that it costs no extra wait when nothing is there: the
        // pointer under the next root set version's salt, where a store that rotated its roots publishes.
        PeerNode session = node.get();
        long probeBy = System.nanoTime() + PROBE_WAIT.toNanos();
        CompletableFuture<Optional<ChannelPointer>> next = CompletableFuture.supplyAsync(
                () -> session.getPointer(magnet.publicKey(), magnet.saltFor(rootVersion + 1), POINTER_DEADLINE), PROBES);
        PointerLookup lookup = session.lookupPointer(magnet.publicKey(), salt, POINTER_DEADLINE);
        steps.done("pointer");
        if (lookup instanceof PointerLookup.Unreachable u) {
            next.cancel(false);
            String name = store.displayName();
            return new SyncReport(store.storeKey(), name, SyncReport.Outcome.UNREACHABLE, store.generation(), 0,
                    "cannot reach " + name + ": no other DHT node answered within " + POINTER_DEADLINE.toSeconds()
                            + " s (" + u.knownNodes() + " known to this client, all gone or cut off); "
                            + (store.generation() > 0 ? "keeping generation " + store.generation() + "; " : "")
                            + "check the network (or --bootstrap) and sync again later");
        }
        Optional<ChannelPointer> pointer = lookup instanceof PointerLookup.Found found
                ? Optional.of(found.pointer()) : Optional.empty();
        SyncReport report = fetchAndImport(store, pointer, steps, false);
        if (report.outcome() != SyncReport.Outcome.UPDATED) {
            Optional<SyncReport> rotated = followRotation(store, rootVersion, pointer, next, probeBy, steps);
            if (rotated.isPresent()) {
                return rotated.get();
            }
        } else {
            next.cancel(false);
        }
        // Only a pointer that has stood unchanged for a while is re-put (REPUBLISH_EVERY says why).
        if (report.outcome() == SyncReport.Outcome.UP_TO_DATE && republishDue(store, pointer.orElseThrow())) {
            republishInBackground(store, salt, pointer.get());
        }
        return report;
    }

    /**
     * How long after a sync starts it waits for the pointer of the next root set version: a found pointer settles
     * within {@code LibtorrentPeerNode}'s 2 s after its first answer; an absent one may take the whole lookup deadline.
     */
    static final Duration PROBE_WAIT = Duration.ofSeconds(3);

    /** Runs the probes for the next root set version's pointer (DHT lookups: they wait on the network, not the CPU). */
    private static final java.util.concurrent.Executor PROBES = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "caravan-rotation-probe");
        t.setDaemon(true);
        return t;
    });

    /**
     * The store's pointer under the salt of root set version {@code rootVersion + 1}, when there is one that the
     * pointer read under the current version's salt did not already name: fetched, verified and imported as a
     * rotation, whatever its generation. It is taken only when its catalog's root history passes through the set
     * this client trusts, each step signed by k old and k new roots, and names a later version (the floor is
     * (root set version, generation): ClientDatabase#importGeneration). This is how subscribers get back from a
     * fast-forward: a thief who signed a catalog with an absurd generation (a stolen online or root key) raised the
     * floor under the old root set only. Empty when there is nothing to follow, or it was refused (logged).
     */
    private Optional<SyncReport> followRotation(StoreRecord store, long rootVersion, Optional<ChannelPointer> current,
            CompletableFuture<Optional<ChannelPointer>> next, long probeBy, Steps steps) {
        Optional<ChannelPointer> found;
        try {
            long left = probeBy - System.nanoTime();
            found = next.get(Math.max(left, 0), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            // A lookup of an item nobody holds ends only when every node on the way answered, or at the deadline when
            // one vanished; a sync does not wait that long for a rotation that is rarely there (the next sync asks
            // again). A rotation's pointer, when there, answers as fast as the current one.
            LOG.debug("no pointer of {} under root set version {} yet: {}", store.displayName(), rootVersion + 1,
                    e instanceof ExecutionException ? e.getCause().toString() : "no answer within " + PROBE_WAIT);
            next.cancel(false);
            return Optional.empty();
        }
        steps.done("next root set's pointer");
        if (found.isEmpty() || found.get().generation() == store.generation()
                || found.equals(current) && found.get().generation() > store.generation()) {
            // One naming the generation held is a generation of the same number, which the store's next publication
            // (one higher) brings anyway; the current salt's pointer was fetched already unless it was below the floor
            // (a store puts its pointer under every version's salt).
            return Optional.empty();
        }
        SyncReport r = fetchAndImport(store, found, steps, true);
        if (r.outcome() == SyncReport.Outcome.UPDATED) {
            return Optional.of(r);
        }
        LOG.warn("pointer of {} under root set version {}: {}", store.displayName(), rootVersion + 1, r.message());
        return Optional.empty();
    }

    /**
     * Whether to re-put {@code pointer} now: seen unchanged for {@link #REPUBLISH_EVERY}, not re-put in the last
     * {@link #REPUBLISH_EVERY}, and no re-put running. Marks it running when so.
     */
    private boolean republishDue(StoreRecord store, ChannelPointer pointer) {
        Instant now = clock.instant();
        boolean[] due = {false};
        republished.compute(store.storeKey(), (k, last) -> {
            if (last == null || !last.pointer().equals(pointer)) {
                return new Republished(pointer, now, null, false);
            }
            if (last.running() || now.isBefore(last.firstSeen().plus(REPUBLISH_EVERY))
                    || last.lastPut() != null && now.isBefore(last.lastPut().plus(REPUBLISH_EVERY))) {
                return last;
            }
            due[0] = true;
            return new Republished(pointer, last.firstSeen(), now, true);
        });
        return due[0];
    }

    /** The re-put of {@code pointer} ended (done or failed); the next is due {@link #REPUBLISH_EVERY} later. */
    private void republishEnded(String storeKey, ChannelPointer pointer) {
        republished.computeIfPresent(storeKey, (k, last) -> last.pointer().equals(pointer)
                ? new Republished(pointer, last.firstSeen(), clock.instant(), false) : last);
    }

    /**
     * Every subscriber re-puts the store's signed pointer (BEP 44 lets anyone re-put a signed item), so the
     * store stays reachable while its publisher is offline. Off the caller's thread: a dead bootstrap node
     * costs a query timeout, which a sync must not wait for; a failure is only logged.
     */
    private void republishInBackground(StoreRecord store, byte[] salt, ChannelPointer pointer) {
        String name = store.displayName();
        StoreMagnet magnet = store.magnet();
        NetworkConfig config;
        List<PeerAddress> start;
        try {
            config = network.get();
            // Our own session knows the network best (its routing table); the bootstrap nodes besides.
            start = new ArrayList<>(config.bootstrap());
            start.add(node.get().address());
        } catch (RuntimeException e) {
            LOG.warn("cannot re-put the catalog pointer of {}: {}", name, e.getMessage());
            republishEnded(store.storeKey(), pointer);
            return;
        }
        Thread t = new Thread(() -> {
            try {
                LOG.debug("re-put catalog pointer of {}: {}", name,
                        DhtRepublisher.republish(config, start, magnet.publicKey(), salt, REPUBLISH_DEADLINE));
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot re-put the catalog pointer of {}: {}", name, e.getMessage());
            } finally {
                republishEnded(store.storeKey(), pointer);
            }
        }, "caravan-republish");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Fetches, verifies and imports what {@code pointer} names. {@code rotation}: it was read under the next root set
     * version's salt, so a generation below the one held is fetched too (the import takes it only under a later root
     * set) and no delta is tried (a delta follows one root set's chain of generations).
     */
    private SyncReport fetchAndImport(StoreRecord store, Optional<ChannelPointer> pointer, Steps steps, boolean rotation) {
        String name = store.displayName();
        if (pointer.isEmpty()) {
            return new SyncReport(store.storeKey(), name, SyncReport.Outcome.NOT_FOUND, store.generation(), 0,
                    "no catalog pointer found for store " + name + " on the network (is the store served?)");
        }
        ChannelPointer p = pointer.get();
        if (p.generation() < store.generation() && !rotation) {
            return new SyncReport(store.storeKey(), name, SyncReport.Outcome.REFUSED, store.generation(), 0,
                    "refused generation " + p.generation() + " of " + name + ": older than generation "
                            + store.generation() + " already held (rollback)");
        }
        if (p.generation() == store.generation()) {
            LOG.debug("{} up to date: {}", name, steps);
            return new SyncReport(store.storeKey(), name, SyncReport.Outcome.UP_TO_DATE, store.generation(),
                    appCount(store.storeKey()), name + " is up to date (generation " + store.generation() + ")");
        }
        Optional<String> room = DiskSpace.shortOf(home, 0);
        if (room.isPresent()) {
            return new SyncReport(store.storeKey(), name, SyncReport.Outcome.FAILED, store.generation(), 0,
                    "sync of " + name + " failed: " + room.get() + "; keeping generation " + store.generation());
        }
        Path incoming = null;
        Path fetched = null;
        boolean imported = false;
        try {
            Path dir = Files.createDirectories(storeDir(store.storeKey()));
            incoming = Files.createTempDirectory(home.resolve("staging"), "generation-");
            Path held = generationFile(dir, store.generation());
            GenerationBundle bundle = null;
            DeltaBundle.Rebuilt rebuilt = null;
            String via = "full generation";
            org.caravan.core.net.InfoHash from = p.infoHash();
            // The peers the generation held came from: the store's publisher and services, which hold the next one as
            // soon as it is out, before the DHT knows it (an announce waits on nodes that went away).
            List<PeerAddress> likely = likelyPeers(store.storeKey());
            boolean deltaFits = !rotation && p.delta().isPresent() && p.generation() == store.generation() + 1;
            Held inMemory = deltaFits ? held(store) : null;
            if (deltaFits && (inMemory != null || Files.exists(held))) {
                try {
                    Path deltaFile = node.get().fetch(p.delta().get(), incoming, DeltaBundle.MAX_DELTA_BYTES, FETCH_TIMEOUT,
                            (d, t) -> { }, List.of(), likely);
                    via = "delta of " + Files.size(deltaFile) + " bytes";
                    from = p.delta().get();
                    steps.done("fetch delta");
                    DeltaBundle delta = DeltaBundle.read(deltaFile);
                    rebuilt = inMemory != null
                            ? delta.rebuild(inMemory.bundle(), inMemory.catalogHash(), inMemory.layout())
                            : delta.rebuild(readGeneration(held, name));
                    bundle = rebuilt.bundle();
                    steps.done("rebuild");
                } catch (CatalogFormatException | IOException e) {
                    LOG.warn("delta to generation {} of {} unusable ({}); fetching the full generation",
                            p.generation(), name, e.getMessage());
                    bundle = null;
                    rebuilt = null;
                    via = "full generation";
                    from = p.infoHash();
                }
            }
            Path target = generationFile(dir, p.generation());
            if (bundle == null) {
                // Fetched where it will be kept: the session goes on seeding it from there.
                fetched = node.get().fetch(p.infoHash(), Files.createDirectories(target.getParent()),
                        GenerationBundle.MAX_BUNDLE_BYTES, FETCH_TIMEOUT, (d, t) -> { }, List.of(), likely);
                if (!fetched.equals(target)) {
                    throw new CatalogFormatException("the generation torrent is named '" + fetched.getFileName()
                            + "', not " + target.getFileName());
                }
                bundle = readGeneration(fetched, name);
                steps.done("fetch generation");
            }
            SyncReport report = verifyAndImport(store, bundle, rebuilt, p.generation(), target, via, steps, true);
            imported = report.outcome() == SyncReport.Outcome.UPDATED;
            if (imported) {
                keepSources(store, node.get().sourcesOf(from));
            }
            return report;
        } catch (CatalogFormatException | IllegalStateException e) {
            if (e instanceof IllegalStateException && DiskSpace.fullAfter(home, e).isPresent()) {
                // The database could not write (H2 reports it as a state error): no fault of the catalog.
                return new SyncReport(store.storeKey(), name, SyncReport.Outcome.FAILED, store.generation(), 0,
                        "sync of " + name + " failed: " + DiskSpace.fullAfter(home, e).get() + "; keeping generation "
                                + store.generation());
            }
            return new SyncReport(store.storeKey(), name, SyncReport.Outcome.REFUSED, store.generation(), 0,
                    "refused catalog of " + name + ": " + e.getMessage() + "; keeping generation " + store.generation());
        } catch (org.caravan.core.net.NoPeerException e) {
            return new SyncReport(store.storeKey(), name, SyncReport.Outcome.FAILED, store.generation(), 0,
                    "no peer holds generation " + p.generation() + " of " + name + ": the store's publisher and its "
                            + "subscribers are offline (none answered for " + e.waited().toSeconds() + " s); "
                            + (e.bytesDone() > 0 ? "the " + e.bytesDone() + " bytes fetched are kept for the next sync; " : "")
                            + (store.generation() > 0 ? "keeping generation " + store.generation() + "; " : "")
                            + "sync again later");
        } catch (IOException | SQLException e) {
            return new SyncReport(store.storeKey(), name, SyncReport.Outcome.FAILED, store.generation(), 0,
                    "sync of " + name + " failed: " + DiskSpace.fullAfter(home, e)
                            .map(m -> m + "; keeping generation " + store.generation()).orElse(e.getMessage()));
        } finally {
            try {
                if (incoming != null) {
                    ClientService.deleteTree(incoming);
                }
                if (fetched != null && !imported) {
                    Files.deleteIfExists(fetched);
                }
            } catch (IOException e) {
                LOG.warn("cannot clean up after syncing {}: {}", name, e.getMessage());
            }
        }
    }

    /**
     * Reads a generation file; a private store's (sealed for its subscribers) is opened with this home's identity
     * first, and kept sealed on disk, so that it goes on seeding the torrent everyone fetched.
     *
     * @throws org.caravan.core.catalog.PrivateGeneration.NotSubscribedException when this home is not a subscriber
     */
    private GenerationBundle readGeneration(Path file, String storeName) throws IOException {
        if (!org.caravan.core.catalog.PrivateGeneration.isSealed(file)) {
            return GenerationBundle.read(file, GenerationBundle.MAX_BUNDLE_BYTES);
        }
        Path plain = Files.createTempFile(Files.createDirectories(home.resolve("staging")), "private-", ".cgen");
        try {
            org.caravan.core.catalog.PrivateGeneration.open(file,
                    org.caravan.core.licence.ClientIdentity.of(home, clock.instant()).secretKey(), storeName, plain);
            return GenerationBundle.read(plain, GenerationBundle.MAX_BUNDLE_BYTES);
        } finally {
            Files.deleteIfExists(plain);
        }
    }

    /**
     * Imports a full generation bundle read from a local file (a copy carried by hand, or a test's), through the
     * same verification and import as a sync; the file is kept as the store's generation once it is imported.
     */
    SyncReport importFile(StoreRecord store, Path file) {
        try {
            GenerationBundle bundle = readGeneration(file, store.displayName());
            org.caravan.core.catalog.Catalog head = org.caravan.core.catalog.CatalogCodec.decode(bundle.catalogJson());
            long generation = head.generation();
            Path target = generationFile(storeDir(store.storeKey()), generation);
            // A later root set may go below the generation held (the import checks the rotation); nothing else may.
            boolean rotated = store.generation() > 0
                    && head.rootVersion() > ClientService.sql(() -> db.rootVersion(store.storeKey()));
            if (generation <= store.generation() && !rotated) {
                throw new IllegalStateException("generation " + generation + " is not newer than generation "
                        + store.generation() + " already held (replayed or rolled back catalog)");
            }
            if (generation == store.generation()) {
                throw new IllegalStateException("generation " + generation + " of a later root set has the number of the"
                        + " generation held; import the store's next generation instead");
            }
            return verifyAndImport(store, bundle, null, generation, target, "file " + file.getFileName(), new Steps(),
                    false);
        } catch (CatalogFormatException | IllegalStateException | IllegalArgumentException e) {
            return new SyncReport(store.storeKey(), store.displayName(), SyncReport.Outcome.REFUSED, store.generation(),
                    0, "refused catalog of " + store.displayName() + " in " + file + ": " + e.getMessage()
                            + "; keeping generation " + store.generation());
        } catch (IOException | SQLException e) {
            return new SyncReport(store.storeKey(), store.displayName(), SyncReport.Outcome.FAILED, store.generation(),
                    0, "import of " + file + " failed: " + e.getMessage());
        }
    }

    /**
     * Verifies a generation (fetched whole, or {@code rebuilt} from a delta) against the store's key, imports it
     * in one transaction that is on disk when this returns, and keeps it in {@code target} (written in the
     * background when it is not there yet).
     */
    private SyncReport verifyAndImport(StoreRecord store, GenerationBundle bundle, DeltaBundle.Rebuilt rebuilt,
            long announced, Path target, String via, Steps steps, boolean fromNetwork) throws IOException, SQLException {
        String name = store.displayName();
        StoreMagnet magnet = store.magnet();
        {
            // A rebuilt catalog is verified through its head: the signature over the rebuilt bytes, the rules
            // over the fields they encode besides the apps (DeltaBundle.Rebuilt#head). Not decoded a second time.
            VerifiedGeneration gen = rebuilt != null
                    ? GenerationVerifier.verify(bundle, magnet.publicKey(), rebuilt.head())
                    : GenerationVerifier.verify(bundle, magnet.publicKey());
            CatalogDelta applied = rebuilt == null ? null : rebuilt.delta();
            int appCount = rebuilt == null ? gen.catalog().apps().size() : rebuilt.appCount();
            steps.done("verify");
            if (gen.catalog().generation() != announced) {
                throw new CatalogFormatException("the pointer announces generation " + announced
                        + " but the catalog it points to is generation " + gen.catalog().generation());
            }
            if (store.catalogHash() != null && gen.catalog().generation() == store.generation() + 1
                    && !store.catalogHash().equals(gen.catalog().previousHash())) {
                LOG.warn("generation {} of {} does not follow the generation {} held (previous hash {} != {}); "
                        + "took the full, signed generation", gen.catalog().generation(), name, store.generation(),
                        gen.catalog().previousHash(), store.catalogHash());
            }
            db.importGeneration(gen.catalog(), gen.catalogHash(),
                    new String(gen.bundle().keyring(), StandardCharsets.US_ASCII), clock.instant(), applied);
            steps.done("import");
            if (gen.catalog().generation() < store.generation()) {
                dropSuperseded(store, gen.catalog().generation());
            }
            trust.replaceWeb(store.storeKey(), gen.web());
            if (applied != null) {
                search.updateStore(store.storeKey(), applied.upserts().stream()
                        .map(a -> new ClientDatabase.StoredApp(store.storeKey(), a.id(), a.name(),
                                a.details() == null || a.details().keywords().isEmpty() ? a.summary()
                                        : a.summary() + " " + String.join(" ", a.details().keywords()),
                                a.category(), List.of()))
                        .toList(), applied.removals());
            } else {
                search.replaceStore(store.storeKey(), db.appSummaries(store.storeKey()));
            }
            steps.done("index");
            Held kept = new Held(gen.catalog().generation(), gen.catalogHash(), gen.bundle(),
                    rebuilt == null ? null : rebuilt.layout());
            heldInMemory.put(store.storeKey(), new SoftReference<>(kept));
            if (!Files.exists(target) && fromNetwork) {
                writeAndSeedInBackground(store.storeKey(), target, gen.bundle());
            } else if (!Files.exists(target)) {
                // Kept like a fetched one; shared when a session next seeds what is held.
                keep(gen.bundle(), target);
            }
            if (kept.layout() == null) {
                layOutInBackground(store.storeKey(), kept);
            }
            String storeName = gen.catalog().storeName();
            LOG.debug("synced {} generation {} ({}): {}", storeName, gen.catalog().generation(), via, steps);
            return new SyncReport(store.storeKey(), storeName, SyncReport.Outcome.UPDATED, gen.catalog().generation(),
                    appCount, "synced " + storeName + ": generation " + gen.catalog().generation()
                            + ", " + appCount + " apps (" + via + ")");
        }
    }

    /**
     * After a rotation took a generation below the one held: the generations kept above it belong to the root set
     * it replaced (a thief's fast-forward, or fetches for it that never finished). They are neither seeded nor kept,
     * so that nothing (a check of the kept files, a seed at start) takes them for the newest again.
     */
    private void dropSuperseded(StoreRecord store, long generation) {
        Path dir = storeDir(store.storeKey());
        heldInMemory.remove(store.storeKey());
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> gens = Files.list(dir)) {
            for (Path g : gens.filter(p -> keptGeneration(p) > generation).toList()) {
                Path file = g.resolve(GenerationBundle.fileName(keptGeneration(g)));
                if (Files.isRegularFile(file)) {
                    node.get().stopSeeding(org.caravan.core.net.InfoHashes.of(file));
                }
                ClientService.deleteTree(g);
                LOG.info("dropped generation {} of {}: superseded by a root rotation", g.getFileName(),
                        store.displayName());
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot drop the generations of {} a root rotation superseded: {}", store.displayName(),
                    e.getMessage());
        }
    }

    /** Where the peers a store's newest generation came from are kept: one {@code host:port} a line. */
    private Path sourcesFile(String storeKey) {
        return storeDir(storeKey).resolve("peers");
    }

    /**
     * Keeps the peers the generation just imported came from (its publisher, subscribers' services): they very likely
     * hold the store's packages too, those published with this generation included, which the DHT may not tell for
     * several seconds yet. An empty list keeps the previous one. A failure is only logged: hints are an optimisation.
     */
    private void keepSources(StoreRecord store, List<PeerAddress> peers) {
        if (peers.isEmpty()) {
            return;
        }
        try {
            Path file = sourcesFile(store.storeKey());
            Path part = file.resolveSibling("peers.part");
            StringBuilder text = new StringBuilder();
            for (PeerAddress a : peers) {
                text.append(a.host().contains(":") ? "[" + a.host() + "]" : a.host()).append(':').append(a.port())
                        .append('\n');
            }
            Files.writeString(part, text, StandardCharsets.US_ASCII);
            Files.move(part, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot keep the peers of {}: {}", store.displayName(), e.toString());
        }
    }

    /**
     * The peers this home fetched the store's newest generation from, as the swarm gave them (nothing is invented or
     * configured): likely holders of its packages, tried beside the DHT. Empty when none are known; lines that are not
     * addresses are skipped.
     */
    List<PeerAddress> likelyPeers(String storeKey) {
        Path file = sourcesFile(storeKey);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<PeerAddress> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                try {
                    if (!line.isBlank() && out.size() < 16) {
                        out.add(PeerAddress.parse(line));
                    }
                } catch (IllegalArgumentException skipped) {
                    LOG.debug("skipped a line of {}: {}", file, skipped.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot read {}: {}", file, e.toString());
        }
        return out;
    }

    /** Wall time per step of one sync, for the debug log (what a slow sync spent its time on). */
    private static final class Steps {
        private final StringBuilder text = new StringBuilder();
        private long last = System.nanoTime();

        void done(String step) {
            long now = System.nanoTime();
            text.append(text.length() == 0 ? "" : ", ").append(step).append(' ').append((now - last) / 1_000_000).append(" ms");
            last = now;
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    /**
     * The generation a folder under HOME/generations/STORE_KEY holds, by its name, or 0 for anything else. Up to 19
     * digits: a generation is a signed long, and a thief's fast-forward to 2^62 (19 digits) must be seen here too.
     */
    private static long keptGeneration(Path folder) {
        String n = folder.getFileName().toString();
        if (!n.matches("[1-9][0-9]{0,18}")) {
            return 0;
        }
        try {
            return Long.parseLong(n);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Each generation in a folder of its own, named as its torrent, so the file fetched is the file kept. */
    /** Where the generations of one store are kept: HOME/generations/STORE_KEY. */
    /** The file of the newest generation of {@code store} kept here (the one this home seeds), if any. */
    Optional<Path> heldFile(StoreRecord store) {
        if (store.generation() < 1) {
            return Optional.empty();
        }
        Path file = generationFile(storeDir(store.storeKey()), store.generation());
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    private Path storeDir(String storeKey) {
        return home.resolve("generations").resolve(storeKey);
    }

    private static Path generationFile(Path storeDir, long generation) {
        return storeDir.resolve(Long.toString(generation)).resolve(GenerationBundle.fileName(generation));
    }

    /**
     * The generation held, from memory if this process imported it (and the collector kept it), else null.
     * Without it the held file is read, so a background write of it still running is waited for first.
     */
    private Held held(StoreRecord store) throws IOException {
        SoftReference<Held> ref = heldInMemory.get(store.storeKey());
        Held h = ref == null ? null : ref.get();
        if (h != null && h.generation() == store.generation() && h.catalogHash().equals(store.catalogHash())) {
            return h;
        }
        Future<?> pending = writing.get(store.storeKey());
        if (pending != null) {
            try {
                pending.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while writing generation " + store.generation());
            } catch (ExecutionException e) {
                // Logged by the task; the file check that follows decides.
            }
        }
        return null;
    }

    /**
     * A generation rebuilt from a delta is imported first and written (ZIP, ~70 ms of deflate at 10 000
     * apps) and seeded after, off the sync: subscribers who hold the previous generation take the delta, so
     * its seed only matters to new subscribers, who can wait that long. The next delta uses the bundle in
     * memory, or waits for this write.
     */
    private void writeAndSeedInBackground(String storeKey, Path target, GenerationBundle bundle) {
        // The session this sync used: asking the client for it from the writer would need the client's lock,
        // which a closing client holds.
        PeerNode seeder = node.get();
        writing.put(storeKey, writer.submit(() -> {
            try {
                keep(bundle, target);
                seedQuietly(seeder, target);
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot keep generation {}: {}", target, e.getMessage());
            }
        }));
    }

    /**
     * Writes a generation where it is kept, whole or not at all: a client killed while writing leaves a
     * {@code .part} file, never a truncated generation the next delta would start from.
     */
    private static void keep(GenerationBundle bundle, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path part = target.resolveSibling(target.getFileName() + ".part");
        bundle.write(part);
        Files.move(part, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Finds where the apps of a generation fetched in full are (~7 ms at 10 000 apps, ~70 ms at 100 000), off
     * the sync, so the next delta is spliced without tokenizing the catalog first.
     */
    private void layOutInBackground(String storeKey, Held held) {
        writer.submit(() -> {
            try {
                Held laidOut = new Held(held.generation(), held.catalogHash(), held.bundle(),
                        CatalogSplice.layout(held.bundle().catalogJson()));
                heldInMemory.computeIfPresent(storeKey, (k, ref) -> ref.get() == held ? new SoftReference<>(laidOut) : ref);
            } catch (RuntimeException e) {
                LOG.debug("cannot lay out generation {}: {}", held.generation(), e.getMessage());
            }
        });
    }

    /**
     * Seeds the newest generation held of each store and the one before it (what a subscriber one behind may
     * still ask for), from the files kept: a client that starts again shares at once what it held, so a store
     * stays reachable through its subscribers while its publisher is offline (issue 11). Only generations up
     * to the one imported are offered: a folder of a later one holds at most a fetch that did not finish.
     */
    void seedHeld(PeerNode seeder, List<StoreRecord> stores) {
        for (StoreRecord store : stores) {
            Path dir = storeDir(store.storeKey());
            for (long g = store.generation(); g >= Math.max(1, store.generation() - 1); g--) {
                Path file = generationFile(dir, g);
                if (Files.isRegularFile(file)) {
                    seedQuietly(seeder, file);
                }
            }
        }
    }

    /**
     * Checks a store's rows against the newest generation kept in {@code HOME/generations/STORE_KEY}, verified
     * again with the store's key: rows that differ (edited outside Caravan) are rewritten from it; kept files that
     * no longer verify are deleted (a later delta then falls back to the full generation). The generation held
     * may go back to the newest one that can be proved, never forward; the next sync fetches newer ones.
     */
    StoreCheck recheck(StoreRecord store) throws IOException, SQLException {
        String key = store.storeKey();
        held(store); // lets a background write of the held generation finish first
        Path dir = storeDir(key);
        List<Long> kept = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (java.util.stream.Stream<Path> gens = Files.list(dir)) {
                gens.map(CatalogSync::keptGeneration).filter(g -> g > 0).forEach(kept::add);
            }
        }
        kept.sort(java.util.Comparator.reverseOrder());
        List<String> removed = new ArrayList<>();
        VerifiedGeneration newest = null;
        for (long g : kept) {
            Path file = generationFile(dir, g);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try {
                VerifiedGeneration v = GenerationVerifier.verify(
                        readGeneration(file, store.displayName()), store.magnet().publicKey());
                if (v.catalog().generation() != g) {
                    throw new CatalogFormatException("it holds generation " + v.catalog().generation());
                }
                long heldVersion = ClientService.sql(() -> db.rootVersion(key));
                if (store.generation() > 0 && v.catalog().rootVersion() < heldVersion) {
                    // Genuine, but under a root set a rotation replaced (a thief's fast-forward, say): never newest.
                    throw new CatalogFormatException("it is signed under root set version " + v.catalog().rootVersion()
                            + ", which version " + heldVersion + " replaced");
                }
                newest = v;
                break;
            } catch (CatalogFormatException | IOException | IllegalArgumentException | IllegalStateException e) {
                if (g > store.generation()) {
                    // Above the generation held: the pieces of a fetch that ran out of peers, kept for the next
                    // sync to resume (never imported unless that sync verifies the whole file).
                    LOG.debug("generation {} of {} is a fetch not finished yet", g, store.displayName());
                    continue;
                }
                LOG.warn("kept generation {} does not verify, deleting it: {}", file, e.getMessage());
                Files.delete(file);
                heldInMemory.remove(key);
                removed.add(file.getFileName() + " (" + e.getMessage() + ")");
            }
        }
        if (newest == null) {
            if (store.generation() == 0 && removed.isEmpty()) {
                return new StoreCheck.Intact(store.displayName(), 0);
            }
            return new StoreCheck.Unverifiable(store.displayName(), "no kept generation verifies"
                    + (removed.isEmpty() ? "" : " (removed: " + String.join(", ", removed) + ")")
                    + "; the rows for generation " + store.generation() + " are kept as they are");
        }
        String keyring = new String(newest.bundle().keyring(), StandardCharsets.US_ASCII);
        List<String> differences = db.differences(newest.catalog(), newest.catalogHash(), keyring);
        if (differences.isEmpty() && removed.isEmpty()) {
            return new StoreCheck.Intact(store.displayName(), newest.catalog().generation());
        }
        if (!differences.isEmpty()) {
            db.restoreGeneration(newest.catalog(), newest.catalogHash(), keyring,
                    store.syncedAt() == null ? clock.instant() : store.syncedAt());
            trust.replaceWeb(key, newest.web());
            search.replaceStore(key, db.appSummaries(key));
            heldInMemory.remove(key);
        }
        return new StoreCheck.Restored(newest.catalog().storeName(), newest.catalog().generation(), differences, removed);
    }

    /**
     * Forgets a store that was unsubscribed: waits for a background write of its generation, drops the one
     * held in memory, and returns the folder of the generations kept for it (to stop seeding and delete).
     */
    Path forget(String storeKey) {
        Future<?> pending = writing.remove(storeKey);
        if (pending != null) {
            try {
                pending.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                // Logged by the task; the folder is deleted either way.
            }
        }
        heldInMemory.remove(storeKey);
        return storeDir(storeKey);
    }

    /**
     * Lets a background write of a rebuilt generation finish (it is short: one ZIP) before the client's
     * session and database close, so the file the next delta starts from is there after a restart.
     */
    void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("a generation was still being written when the client closed; the next sync fetches it whole");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Subscribers seed the generations they hold, so a store stays reachable while its publisher is away. */
    private static void seedQuietly(PeerNode seeder, Path file) {
        try {
            seeder.seed(file);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot seed {}: {}", file, e.getMessage());
        }
    }

    private int appCount(String storeKey) {
        return ClientService.sql(() -> db.appCount(storeKey));
    }
}
