package org.caravan.core.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.caravan.core.catalog.CatalogFormatException;
import org.caravan.core.catalog.GenerationBundle;
import org.caravan.core.catalog.GenerationVerifier;
import org.caravan.core.catalog.VerifiedGeneration;
import org.caravan.core.net.ChannelPointer;
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

    private final Path home;
    private final Clock clock;
    private final ClientDatabase db;
    private final TrustView trust;
    private final Supplier<PeerNode> node;

    CatalogSync(Path home, Clock clock, ClientDatabase db, TrustView trust, Supplier<PeerNode> node) {
        this.home = home;
        this.clock = clock;
        this.db = db;
        this.trust = trust;
        this.node = node;
    }

    SyncReport sync(StoreRecord store) {
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
        try {
            Path dir = Files.createDirectories(home.resolve("generations").resolve(store.storeKey()));
            incoming = Files.createTempDirectory(home.resolve("staging"), "generation-");
            Path file = node.get().fetch(p.infoHash(), incoming, GenerationBundle.MAX_BUNDLE_BYTES, FETCH_TIMEOUT,
                    (d, t) -> { });
            VerifiedGeneration gen = GenerationVerifier.verify(
                    GenerationBundle.read(file, GenerationBundle.MAX_BUNDLE_BYTES), magnet.publicKey());
            if (gen.catalog().generation() != p.generation()) {
                throw new CatalogFormatException("the pointer announces generation " + p.generation()
                        + " but the catalog it points to is generation " + gen.catalog().generation());
            }
            db.importGeneration(gen.catalog(), gen.catalogHash(),
                    new String(gen.bundle().keyring(), StandardCharsets.US_ASCII), clock.instant());
            trust.replaceWeb(store.storeKey(), gen.web());
            Path kept = dir.resolve(GenerationBundle.fileName(gen.catalog().generation()));
            Files.move(file, kept, StandardCopyOption.REPLACE_EXISTING);
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
        } finally {
            if (incoming != null) {
                try {
                    ClientService.deleteTree(incoming);
                } catch (IOException e) {
                    LOG.warn("cannot clean {}: {}", incoming, e.getMessage());
                }
            }
        }
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
        return (int) ClientService.sql(db::apps).stream().filter(a -> a.storeKey().equals(storeKey)).count();
    }
}
