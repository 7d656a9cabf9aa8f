package org.caravan.core.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.caravan.core.catalog.CatalogDelta;
import org.caravan.core.catalog.CatalogFormatException;
import org.caravan.core.catalog.DeltaBundle;
import org.caravan.core.catalog.GenerationBundle;
import org.caravan.core.catalog.GenerationVerifier;
import org.caravan.core.catalog.VerifiedGeneration;
import org.caravan.core.net.ChannelPointer;
import org.caravan.core.net.DhtRepublisher;
import org.caravan.core.net.NetworkConfig;
import org.caravan.core.net.PeerAddress;
import org.caravan.core.net.PeerNode;
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

    private final Path home;
    private final Clock clock;
    private final ClientDatabase db;
    private final TrustView trust;
    private final Supplier<PeerNode> node;
    private final SearchIndex search;
    private final Supplier<NetworkConfig> network;

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
        SyncReport report = fetchAndImport(store);
        // Only an unchanged pointer is re-put: a new one was just put by its publisher. This also spares the
        // publisher's next put the ~15 s a lookup waits for each vanished node (our KRPC socket is short-lived).
        if (report.outcome() == SyncReport.Outcome.UP_TO_DATE) {
            republishInBackground(store);
        }
        return report;
    }

    /**
     * Every subscriber re-puts the store's signed pointer (BEP 44 lets anyone re-put a signed item), so the
     * store stays reachable while its publisher is offline. Off the caller's thread: a dead bootstrap node
     * costs a query timeout, which a sync must not wait for; a failure is only logged.
     */
    private void republishInBackground(StoreRecord store) {
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
            return;
        }
        Thread t = new Thread(() -> {
            try {
                LOG.debug("re-put catalog pointer of {}: {}", name,
                        DhtRepublisher.republish(config, start, magnet.publicKey(), magnet.salt(), REPUBLISH_DEADLINE));
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot re-put the catalog pointer of {}: {}", name, e.getMessage());
            }
        }, "caravan-republish");
        t.setDaemon(true);
        t.start();
    }

    private SyncReport fetchAndImport(StoreRecord store) {
        String name = store.displayName();
        StoreMagnet magnet = store.magnet();
        Optional<ChannelPointer> pointer = node.get().getPointer(magnet.publicKey(), magnet.salt(), POINTER_DEADLINE);
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
        Path incoming = null;
        Path fetched = null;
        boolean imported = false;
        try {
            Path dir = Files.createDirectories(home.resolve("generations").resolve(store.storeKey()));
            incoming = Files.createTempDirectory(home.resolve("staging"), "generation-");
            Path held = generationFile(dir, store.generation());
            GenerationBundle bundle = null;
            CatalogDelta applied = null;
            String via = "full generation";
            if (p.delta().isPresent() && p.generation() == store.generation() + 1 && Files.exists(held)) {
                try {
                    Path deltaFile = node.get().fetch(p.delta().get(), incoming, DeltaBundle.MAX_DELTA_BYTES, FETCH_TIMEOUT,
                            (d, t) -> { });
                    via = "delta of " + Files.size(deltaFile) + " bytes";
                    DeltaBundle delta = DeltaBundle.read(deltaFile);
                    bundle = delta.applyTo(GenerationBundle.read(held, GenerationBundle.MAX_BUNDLE_BYTES));
                    applied = delta.delta();
                } catch (CatalogFormatException | IOException e) {
                    LOG.warn("delta to generation {} of {} unusable ({}); fetching the full generation",
                            p.generation(), name, e.getMessage());
                    bundle = null;
                    applied = null;
                    via = "full generation";
                }
            }
            Path target = generationFile(dir, p.generation());
            if (bundle == null) {
                // Fetched where it will be kept: the session goes on seeding it from there.
                fetched = node.get().fetch(p.infoHash(), Files.createDirectories(target.getParent()),
                        GenerationBundle.MAX_BUNDLE_BYTES, FETCH_TIMEOUT, (d, t) -> { });
                if (!fetched.equals(target)) {
                    throw new CatalogFormatException("the generation torrent is named '" + fetched.getFileName()
                            + "', not " + target.getFileName());
                }
                bundle = GenerationBundle.read(fetched, GenerationBundle.MAX_BUNDLE_BYTES);
            }
            VerifiedGeneration gen = GenerationVerifier.verify(bundle, magnet.publicKey());
            if (gen.catalog().generation() != p.generation()) {
                throw new CatalogFormatException("the pointer announces generation " + p.generation()
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
            imported = true;
            trust.replaceWeb(store.storeKey(), gen.web());
            if (applied != null) {
                search.updateStore(store.storeKey(), applied.upserts().stream()
                        .map(a -> new ClientDatabase.StoredApp(store.storeKey(), a.id(), a.name(), a.summary(),
                                a.category(), List.of()))
                        .toList(), applied.removals());
            } else {
                search.replaceStore(store.storeKey(), db.appSummaries(store.storeKey()));
            }
            if (!Files.exists(target)) {
                Files.createDirectories(target.getParent());
                gen.bundle().write(target);
                seedQuietly(target);
            }
            String storeName = gen.catalog().storeName();
            return new SyncReport(store.storeKey(), storeName, SyncReport.Outcome.UPDATED, gen.catalog().generation(),
                    gen.catalog().apps().size(), "synced " + storeName + ": generation " + gen.catalog().generation()
                            + ", " + gen.catalog().apps().size() + " apps (" + via + ")");
        } catch (CatalogFormatException | IllegalStateException e) {
            return new SyncReport(store.storeKey(), name, SyncReport.Outcome.REFUSED, store.generation(), 0,
                    "refused catalog of " + name + ": " + e.getMessage() + "; keeping generation " + store.generation());
        } catch (IOException | SQLException e) {
            return new SyncReport(store.storeKey(), name, SyncReport.Outcome.FAILED, store.generation(), 0,
                    "sync of " + name + " failed: " + e.getMessage());
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

    /** Each generation in a folder of its own, named as its torrent, so the file fetched is the file kept. */
    private static Path generationFile(Path storeDir, long generation) {
        return storeDir.resolve(Long.toString(generation)).resolve(GenerationBundle.fileName(generation));
    }

    /** Subscribers seed the generations they hold, so a store stays reachable while its publisher is away. */
    private void seedQuietly(Path file) {
        try {
            node.get().seed(file);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot seed {}: {}", file, e.getMessage());
        }
    }

    private int appCount(String storeKey) {
        return ClientService.sql(() -> db.appCount(storeKey));
    }
}
