package org.caravan.core.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.caravan.core.net.NetworkConfig;
import org.caravan.core.net.PeerAddress;
import org.caravan.core.net.PeerNode;
import org.caravan.core.net.StoreMagnet;
import org.caravan.core.net.TorrentSessions;
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

    private final Path home;
    private final Clock clock;
    private final ClientDatabase db;
    private final InstalledTable installed;
    private final TrustView trust;
    private final CatalogSync catalogSync;
    private final Installer installer;
    private PeerNode node;

    private ClientService(Path home, Clock clock) throws IOException {
        this.home = home.toAbsolutePath();
        this.clock = clock;
        Files.createDirectories(this.home);
        this.db = new ClientDatabase(this.home.resolve("db"));
        try {
            this.installed = new InstalledTable(db);
        } catch (SQLException e) {
            db.close();
            throw new IOException("cannot open the installed-apps table: " + e.getMessage(), e);
        }
        this.trust = new TrustView(db, installed);
        this.catalogSync = new CatalogSync(this.home, clock, db, trust, this::node);
        this.installer = new Installer(this.home, clock, db, installed, trust, this::node);
        installer.cleanStaging();
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
            out.add(catalogSync.sync(s));
        }
        return out;
    }

    // ---- apps -------------------------------------------------------------------------------------

    @Override
    public List<AppEntry> apps() {
        return sql(() -> trust.apps(clock.instant()));
    }

    @Override
    public InstallOutcome install(String appId, InstallProgress progress) {
        try {
            return installer.install(appId, progress);
        } catch (IOException | RuntimeException e) {
            LOG.debug("install of {} failed", appId, e);
            return new InstallOutcome.Failed(appId, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    public Optional<InstalledRecord> installed(String appId) {
        return sql(() -> installed.installed(appId));
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
}
