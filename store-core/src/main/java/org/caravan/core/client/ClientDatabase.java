package org.caravan.core.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.caravan.core.catalog.Catalog;
import org.caravan.core.catalog.CatalogApp;
import org.caravan.core.catalog.CatalogCodec;
import org.caravan.core.catalog.CatalogDelta;
import org.caravan.core.catalog.Release;
import org.caravan.core.catalog.SealedFile;
import org.caravan.core.catalog.RootPin;
import org.caravan.core.catalog.SignedRootSet;
import org.caravan.core.catalog.SignerClaim;
import org.caravan.core.catalog.StorePolicy;
import org.caravan.keyring.key.Fingerprint;
import org.caravan.keyring.trust.LocalOverride;

/**
 * The client's own embedded H2 database (HOME/db/caravan.mv.db): settings, subscriptions and catalogs
 * (installed apps: {@link InstalledTable}). A catalog is imported from a verified
 * generation in one transaction, so a crash leaves either the old catalog or the new one. Never opens a
 * database file that came from the network.
 */
final class ClientDatabase implements AutoCloseable {
    private static final ObjectMapper JSON = CatalogCodec.mapper();
    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS settings(name VARCHAR(100) PRIMARY KEY, val VARCHAR(10000) NOT NULL);
            CREATE TABLE IF NOT EXISTS stores(
              store_key CHAR(64) PRIMARY KEY, salt VARCHAR(128) NOT NULL, name VARCHAR(1000),
              generation BIGINT NOT NULL, catalog_hash CHAR(64), issued TIMESTAMP WITH TIME ZONE,
              expires TIMESTAMP WITH TIME ZONE, synced_at TIMESTAMP WITH TIME ZONE, roots VARCHAR(10000),
              keyring CLOB);
            CREATE TABLE IF NOT EXISTS apps(
              store_key CHAR(64) NOT NULL, app_id VARCHAR(255) NOT NULL, name VARCHAR(1000),
              summary VARCHAR(10000), category VARCHAR(255), PRIMARY KEY(store_key, app_id));
            CREATE TABLE IF NOT EXISTS releases(
              store_key CHAR(64) NOT NULL, app_id VARCHAR(255) NOT NULL, version VARCHAR(255) NOT NULL,
              type VARCHAR(16) NOT NULL, info_hash CHAR(40) NOT NULL, sha256 CHAR(64) NOT NULL, size BIGINT NOT NULL,
              file_name VARCHAR(255) NOT NULL, signers CLOB NOT NULL, signatures CLOB NOT NULL,
              PRIMARY KEY(store_key, app_id, version));
            """;

    private final Connection conn;

    ClientDatabase(Path dbDir) throws IOException {
        Files.createDirectories(dbDir);
        try {
            // WRITE_DELAY=0: every commit is written to the file before commit() returns. H2's default writes it
            // up to a second later, and a client killed in that second lost a generation it had reported synced
            // (FINDINGS, "H2"). Every commit here is one the user is told about (a sync, a subscription, a
            // setting, a trust override, an install), so all of them are written at once rather than a
            // CHECKPOINT at each; the cost is one file write per commit, and commits are few (a sync is one).
            // Written to the OS, not fsync'ed: a killed process loses nothing, a power cut may (DurableCommitIT).
            conn = DriverManager.getConnection("jdbc:h2:file:" + dbDir.toAbsolutePath().resolve("caravan")
                    + ";WRITE_DELAY=0", "caravan", "");
            try (Statement st = conn.createStatement()) {
                st.execute(SCHEMA);
                // Added after the first release of the schema: the store's signed policy, as JSON.
                st.execute("ALTER TABLE stores ADD COLUMN IF NOT EXISTS policy CLOB");
                // Added with BEP 19 web seeds: the release's HTTP mirrors as a JSON list; null = none (older rows).
                st.execute("ALTER TABLE releases ADD COLUMN IF NOT EXISTS mirrors CLOB");
                // Added with root rotation: the version of the root set the held catalog is signed under.
                st.execute("ALTER TABLE stores ADD COLUMN IF NOT EXISTS root_version BIGINT DEFAULT 1 NOT NULL");
                // Added with pinned magnets: the root set the magnet subscribed with vouches for (RootPin), or null.
                st.execute("ALTER TABLE stores ADD COLUMN IF NOT EXISTS root_pin VARCHAR(100)");
                // Added with endorsed rotations: the signature packets the current root set endorsed, one SHA-256
                // per line (null or empty: none).
                st.execute("ALTER TABLE stores ADD COLUMN IF NOT EXISTS endorsed CLOB");
                // Added with package metadata: what the app page shows (AppDetails as JSON, null: none), the icon
                // apart (cards read only it, thousands at a time), and each release's notes (null: none).
                st.execute("ALTER TABLE apps ADD COLUMN IF NOT EXISTS details CLOB");
                st.execute("ALTER TABLE apps ADD COLUMN IF NOT EXISTS icon BLOB");
                st.execute("ALTER TABLE releases ADD COLUMN IF NOT EXISTS notes CLOB");
                // Added with private packages: how a private store's release travels (SealedFile as JSON, with the
                // key that opens it; null: as it is). The home is mode 700, as for the identity key.
                st.execute("ALTER TABLE releases ADD COLUMN IF NOT EXISTS sealed CLOB");
                // Added with the catalog's licensed flag: the licensor's fingerprint (null: not licensed).
                st.execute("ALTER TABLE releases ADD COLUMN IF NOT EXISTS licensed_by VARCHAR(64)");
                // The package's keywords, space-separated, searched with the summary (null: none).
                st.execute("ALTER TABLE apps ADD COLUMN IF NOT EXISTS keywords VARCHAR(2000)");
                // The first cards of a window (firstApps: the first apps by name) are read in this index's order
                // rather than by sorting every app: at 100 000 apps 0.7-1 s of a cold start, now a few milliseconds.
                st.execute("CREATE INDEX IF NOT EXISTS apps_by_name ON apps(name, app_id, store_key)");
                // The user's own trust decisions; app_id is '' for "distrust this key everywhere".
                st.execute("""
                        CREATE TABLE IF NOT EXISTS overrides(key_fpr CHAR(40) NOT NULL, app_id VARCHAR(255) NOT NULL,
                          PRIMARY KEY(key_fpr, app_id))""");
            }
        } catch (SQLException e) {
            if (e.getErrorCode() == 90020) {
                throw new IOException("the client database in " + dbDir + " is in use by another Caravan process", e);
            }
            throw new IOException("cannot open the client database in " + dbDir + ": " + e.getMessage(), e);
        }
    }

    synchronized Optional<String> setting(String name) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT val FROM settings WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    synchronized void putSetting(String name, String value) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("MERGE INTO settings(name, val) KEY(name) VALUES(?, ?)")) {
            ps.setString(1, name);
            ps.setString(2, value);
            ps.executeUpdate();
        }
    }

    /** Adds a subscription; returns false when the store was already subscribed. */
    synchronized boolean addStore(String storeKey, String saltHex) throws SQLException {
        return addStore(storeKey, saltHex, null);
    }

    /**
     * Subscribes to a store, with the root set its magnet vouches for ({@code pin}, may be null). Subscribing
     * again with a pin of a later root set version keeps the later pin; an older or absent one changes nothing.
     *
     * @return whether the store was new
     */
    synchronized boolean addStore(String storeKey, String saltHex, RootPin pin) throws SQLException {
        if (store(storeKey).isPresent()) {
            Optional<RootPin> held = rootPin(storeKey);
            if (pin != null && (held.isEmpty() || held.get().version() < pin.version())) {
                try (PreparedStatement ps = conn.prepareStatement("UPDATE stores SET root_pin = ? WHERE store_key = ?")) {
                    ps.setString(1, pin.toString());
                    ps.setString(2, storeKey);
                    ps.executeUpdate();
                }
            }
            return false;
        }
        try (PreparedStatement ps = conn.prepareStatement(
                "INSERT INTO stores(store_key, salt, generation, root_pin) VALUES(?, ?, 0, ?)")) {
            ps.setString(1, storeKey);
            ps.setString(2, saltHex);
            ps.setString(3, pin == null ? null : pin.toString());
            ps.executeUpdate();
        }
        return true;
    }

    /**
     * Ends a subscription in one transaction: the store's row, its apps and releases. Installed apps are the
     * caller's to check first.
     *
     * @return whether the store was subscribed
     */
    synchronized boolean removeStore(String storeKey) throws SQLException {
        boolean auto = conn.getAutoCommit();
        conn.setAutoCommit(false);
        try {
            for (String table : new String[] {"releases", "apps"}) {
                try (PreparedStatement ps = conn.prepareStatement("DELETE FROM " + table + " WHERE store_key = ?")) {
                    ps.setString(1, storeKey);
                    ps.executeUpdate();
                }
            }
            int removed;
            try (PreparedStatement ps = conn.prepareStatement("DELETE FROM stores WHERE store_key = ?")) {
                ps.setString(1, storeKey);
                removed = ps.executeUpdate();
            }
            conn.commit();
            return removed > 0;
        } catch (SQLException | RuntimeException e) {
            conn.rollback();
            throw e;
        } finally {
            conn.setAutoCommit(auto);
        }
    }

    /** The root set a subscribed store's magnet vouched for, if it named one. */
    synchronized Optional<RootPin> rootPin(String storeKey) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT root_pin FROM stores WHERE store_key = ?")) {
            ps.setString(1, storeKey);
            try (ResultSet rs = ps.executeQuery()) {
                String v = rs.next() ? rs.getString(1) : null;
                return v == null ? Optional.empty() : Optional.of(RootPin.parse(v));
            }
        }
    }

    synchronized List<StoreRecord> stores() throws SQLException {
        List<StoreRecord> out = new ArrayList<>();
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT * FROM stores ORDER BY name, store_key")) {
            while (rs.next()) {
                out.add(storeRow(rs));
            }
        }
        return out;
    }

    synchronized Optional<StoreRecord> store(String storeKey) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT * FROM stores WHERE store_key = ?")) {
            ps.setString(1, storeKey);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(storeRow(rs)) : Optional.empty();
            }
        }
    }

    synchronized String keyring(String storeKey) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT keyring FROM stores WHERE store_key = ?")) {
            ps.setString(1, storeKey);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    synchronized void addOverride(LocalOverride o) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("MERGE INTO overrides(key_fpr, app_id) KEY(key_fpr, app_id) VALUES(?, ?)")) {
            ps.setString(1, o.key().hex());
            ps.setString(2, o instanceof LocalOverride.TrustForApp t ? t.appId() : "");
            ps.executeUpdate();
        }
    }

    /** Forgets every override of a key; returns how many there were. */
    synchronized int removeOverrides(Fingerprint key) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("DELETE FROM overrides WHERE key_fpr = ?")) {
            ps.setString(1, key.hex());
            return ps.executeUpdate();
        }
    }

    synchronized List<LocalOverride> overrides() throws SQLException {
        List<LocalOverride> out = new ArrayList<>();
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT key_fpr, app_id FROM overrides ORDER BY key_fpr, app_id")) {
            while (rs.next()) {
                Fingerprint key = Fingerprint.of(rs.getString(1));
                String app = rs.getString(2);
                out.add(app.isEmpty() ? new LocalOverride.Distrust(key) : new LocalOverride.TrustForApp(key, app));
            }
        }
        return out;
    }

    /** The policy of the store's current generation (the default before the first sync). */
    synchronized StorePolicy policy(String storeKey) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT policy FROM stores WHERE store_key = ?")) {
            ps.setString(1, storeKey);
            try (ResultSet rs = ps.executeQuery()) {
                String v = rs.next() ? rs.getString(1) : null;
                return v == null ? StorePolicy.DEFAULT : JSON.readValue(v, StorePolicy.class);
            }
        } catch (IOException e) {
            throw new SQLException("corrupt policy of store " + storeKey, e);
        }
    }

    /** The signature packets the store's current root set endorsed (see {@code Catalog#endorsed}). */
    synchronized List<String> endorsed(String storeKey) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT endorsed FROM stores WHERE store_key = ?")) {
            ps.setString(1, storeKey);
            try (ResultSet rs = ps.executeQuery()) {
                String v = rs.next() ? rs.getString(1) : null;
                return v == null || v.isEmpty() ? List.of() : List.of(v.split("\n"));
            }
        }
    }

    /**
     * The version of the root set the held catalog is signed under (1 before the first sync): with the generation, the
     * floor a catalog must be above, and the salt the store's pointer is read under.
     */
    synchronized long rootVersion(String storeKey) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT root_version FROM stores WHERE store_key = ?")) {
            ps.setString(1, storeKey);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Math.max(1, rs.getLong(1)) : 1;
            }
        }
    }

    synchronized List<String> roots(String storeKey) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT roots FROM stores WHERE store_key = ?")) {
            ps.setString(1, storeKey);
            try (ResultSet rs = ps.executeQuery()) {
                String v = rs.next() ? rs.getString(1) : null;
                return v == null || v.isEmpty() ? List.of() : List.of(v.split(","));
            }
        }
    }

    /**
     * A verified catalog walks its root history from version 1, but this client already trusts version
     * {@code heldVersion}: the catalog's history must pass through exactly that set (so every rotation after it
     * was approved by k of the roots this client trusts), and must not go back to an older set.
     */
    private static void checkRootContinuity(Catalog catalog, long heldVersion, List<String> heldRoots, int heldThreshold) {
        if (catalog.rootVersion() < heldVersion) {
            throw new IllegalStateException("the catalog is signed under root set version " + catalog.rootVersion()
                    + ", older than version " + heldVersion + " this client trusts (rolled-back root set)");
        }
        List<String> roots;
        int threshold;
        if (heldVersion == 1 && catalog.rootHistory().isEmpty()) {
            roots = catalog.roots();
            threshold = catalog.policy().rootThreshold();
        } else if (catalog.rootHistory().size() >= heldVersion) {
            SignedRootSet s = catalog.rootHistory().get((int) heldVersion - 1);
            roots = s.roots();
            threshold = s.threshold();
        } else {
            throw new IllegalStateException("the catalog's root history does not reach root set version " + heldVersion
                    + " this client trusts");
        }
        if (!roots.stream().sorted().toList().equals(heldRoots.stream().sorted().toList()) || threshold != heldThreshold) {
            throw new IllegalStateException("the catalog's root set version " + heldVersion + " differs from the one this"
                    + " client trusts (roots " + heldRoots + ", threshold " + heldThreshold + "): a forked root history");
        }
    }

    private static StoreRecord storeRow(ResultSet rs) throws SQLException {
        return new StoreRecord(rs.getString("store_key"), rs.getString("salt"), rs.getString("name"),
                rs.getLong("generation"), rs.getString("catalog_hash"), instant(rs, "issued"), instant(rs, "expires"),
                instant(rs, "synced_at"));
    }

    private static Instant instant(ResultSet rs, String col) throws SQLException {
        Timestamp t = rs.getTimestamp(col);
        return t == null ? null : t.toInstant();
    }

    /**
     * Replaces a store's catalog with a verified generation in one transaction. Refuses (and changes
     * nothing) when the generation is not newer than the one held: the highest generation is persisted,
     * so a replay after a restart is refused too.
     */
    synchronized void importGeneration(Catalog catalog, String catalogHash, String keyring, Instant syncedAt)
            throws SQLException {
        importGeneration(catalog, catalogHash, keyring, syncedAt, null);
    }

    /**
     * As {@link #importGeneration(Catalog, String, String, Instant)}; with the {@code delta} the catalog was
     * rebuilt from (which must start from the generation held, else nothing changes), only the apps it
     * changes are rewritten and {@code catalog}'s own apps are not read (its head is enough).
     */
    synchronized void importGeneration(Catalog catalog, String catalogHash, String keyring, Instant syncedAt,
            CatalogDelta delta) throws SQLException {
        importGeneration(catalog, catalogHash, keyring, syncedAt, delta, false);
    }

    /**
     * Rewrites a store's rows from a verified generation this client kept, whatever generation the rows name: they
     * were found changed outside Caravan ({@link #differences}), so the signed file is the only thing to go by.
     * The root pin still applies.
     */
    synchronized void restoreGeneration(Catalog catalog, String catalogHash, String keyring, Instant syncedAt)
            throws SQLException {
        importGeneration(catalog, catalogHash, keyring, syncedAt, null, true);
    }

    private void importGeneration(Catalog catalog, String catalogHash, String keyring, Instant syncedAt,
            CatalogDelta delta, boolean restore) throws SQLException {
        boolean auto = conn.getAutoCommit();
        conn.setAutoCommit(false);
        try {
            long held;
            long heldRootVersion;
            String heldRoots;
            String heldPolicy;
            String pin;
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT generation, root_version, roots, policy, root_pin FROM stores WHERE store_key = ? FOR UPDATE")) {
                ps.setString(1, catalog.storeKey());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException("store " + catalog.storeKey() + " is not subscribed");
                    }
                    held = rs.getLong(1);
                    heldRootVersion = rs.getLong(2);
                    heldRoots = rs.getString(3);
                    heldPolicy = rs.getString(4);
                    pin = rs.getString(5);
                }
            }
            if (pin != null) {
                RootPin.parse(pin).check(catalog);
            }
            // The floor is (root set version, generation), compared in that order: a rotation (k of the roots this
            // client trusts and k of the new ones, checked below and by GenerationVerifier) starts the count anew,
            // as TUF's root update discards the timestamp and snapshot versions a stolen online key may have
            // raised. Only a catalog of a later root set may go below the generation held; an older set is refused.
            boolean rotated = held > 0 && catalog.rootVersion() > heldRootVersion;
            if (!restore && catalog.generation() <= held && !rotated) {
                throw new IllegalStateException("generation " + catalog.generation() + " is not newer than generation "
                        + held + " already held" + (heldRootVersion > 1 || catalog.rootVersion() > 1
                                ? " (signed under root set version " + catalog.rootVersion() + ", the one held under"
                                        + " version " + heldRootVersion + ")" : "")
                        + " (replayed or rolled back catalog)");
            }
            if (!restore && held > 0 && heldRoots != null) {
                int heldThreshold = heldPolicy == null ? 1 : JSON.readValue(heldPolicy, StorePolicy.class).rootThreshold();
                checkRootContinuity(catalog, heldRootVersion, List.of(heldRoots.split(",")), heldThreshold);
            }
            try (PreparedStatement ps = conn.prepareStatement("""
                    UPDATE stores SET name = ?, generation = ?, catalog_hash = ?, issued = ?, expires = ?, synced_at = ?,
                    roots = ?, keyring = ?, policy = ?, root_version = ?, endorsed = ? WHERE store_key = ?""")) {
                ps.setString(1, catalog.storeName());
                ps.setLong(2, catalog.generation());
                ps.setString(3, catalogHash);
                ps.setTimestamp(4, Timestamp.from(catalog.issued()));
                ps.setTimestamp(5, Timestamp.from(catalog.expires()));
                ps.setTimestamp(6, Timestamp.from(syncedAt));
                ps.setString(7, String.join(",", catalog.roots()));
                ps.setString(8, keyring);
                ps.setString(9, JSON.writeValueAsString(catalog.policy()));
                ps.setLong(10, catalog.rootVersion());
                ps.setString(11, String.join("\n", catalog.endorsed()));
                ps.setString(12, catalog.storeKey());
                ps.executeUpdate();
            }
            List<CatalogApp> inserts;
            if (delta != null && delta.fromGeneration() != held) {
                // A catalog rebuilt from a delta may come without its apps (CatalogSync verifies its head
                // only): never import it as a whole.
                throw new IllegalStateException("the delta starts from generation " + delta.fromGeneration()
                        + ", but generation " + held + " is held");
            }
            if (delta != null) {
                inserts = delta.upserts();
                List<String> changed = new ArrayList<>(delta.removals());
                inserts.forEach(a -> changed.add(a.id()));
                for (String table : new String[] {"apps", "releases"}) {
                    try (PreparedStatement ps = conn.prepareStatement(
                            "DELETE FROM " + table + " WHERE store_key = ? AND app_id = ?")) {
                        for (String id : changed) {
                            ps.setString(1, catalog.storeKey());
                            ps.setString(2, id);
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                }
            } else {
                inserts = catalog.apps();
                for (String table : new String[] {"apps", "releases"}) {
                    try (PreparedStatement ps = conn.prepareStatement("DELETE FROM " + table + " WHERE store_key = ?")) {
                        ps.setString(1, catalog.storeKey());
                        ps.executeUpdate();
                    }
                }
            }
            try (PreparedStatement app = conn.prepareStatement(
                            "INSERT INTO apps(store_key, app_id, name, summary, category, details, icon, keywords)"
                                    + " VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
                    PreparedStatement rel = conn.prepareStatement("""
                            INSERT INTO releases(store_key, app_id, version, type, info_hash, sha256, size, file_name,
                            signers, signatures, mirrors, notes, sealed, licensed_by)
                            VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                for (CatalogApp a : inserts) {
                    app.setString(1, catalog.storeKey());
                    app.setString(2, a.id());
                    app.setString(3, a.name());
                    app.setString(4, a.summary());
                    app.setString(5, a.category());
                    app.setString(6, a.details() == null ? null : JSON.writeValueAsString(a.details()));
                    byte[] icon = a.details() == null ? new byte[0] : a.details().iconBytes();
                    app.setBytes(7, icon.length == 0 ? null : icon);
                    app.setString(8, a.details() == null || a.details().keywords().isEmpty() ? null
                            : String.join(" ", a.details().keywords()));
                    app.addBatch();
                    for (Release r : a.releases()) {
                        rel.setString(1, catalog.storeKey());
                        rel.setString(2, a.id());
                        rel.setString(3, r.version());
                        rel.setString(4, r.type());
                        rel.setString(5, r.infoHash());
                        rel.setString(6, r.sha256());
                        rel.setLong(7, r.size());
                        rel.setString(8, r.fileName());
                        rel.setString(9, JSON.writeValueAsString(r.signers()));
                        rel.setString(10, JSON.writeValueAsString(r.signatures()));
                        rel.setString(11, r.mirrors().isEmpty() ? null : JSON.writeValueAsString(r.mirrors()));
                        rel.setString(12, r.notes().isEmpty() ? null : r.notes());
                        rel.setString(13, r.sealed() == null ? null : JSON.writeValueAsString(r.sealed()));
                        rel.setString(14, r.licensedBy());
                        rel.addBatch();
                    }
                }
                app.executeBatch();
                rel.executeBatch();
            }
            conn.commit();
        } catch (SQLException | RuntimeException e) {
            conn.rollback();
            throw e;
        } catch (IOException e) {
            conn.rollback();
            throw new SQLException("cannot encode release signers or decode the held policy", e);
        } finally {
            conn.setAutoCommit(auto);
        }
    }

    /**
     * What differs between the rows held for a store and a verified catalog (empty: nothing): the head (generation,
     * hash, times, roots, policy, keyring) and the apps with their releases, by id.
     */
    synchronized List<String> differences(Catalog catalog, String catalogHash, String keyring) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT * FROM stores WHERE store_key = ?")) {
            ps.setString(1, catalog.storeKey());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return List.of("the store is not subscribed");
                }
                if (rs.getLong("generation") != catalog.generation()) {
                    out.add("generation " + rs.getLong("generation") + " held, " + catalog.generation() + " signed");
                }
                if (!catalogHash.equals(rs.getString("catalog_hash"))) {
                    out.add("catalog hash");
                }
                if (!millis(instant(rs, "issued")).equals(millis(catalog.issued()))
                        || !millis(instant(rs, "expires")).equals(millis(catalog.expires()))) {
                    out.add("issue or expiry time");
                }
                if (!String.join(",", catalog.roots()).equals(rs.getString("roots"))
                        || rs.getLong("root_version") != catalog.rootVersion()) {
                    out.add("root keys");
                }
                String policy = rs.getString("policy");
                if (policy == null || !JSON.readValue(policy, StorePolicy.class).equals(catalog.policy())) {
                    out.add("policy");
                }
                if (!keyring.equals(rs.getString("keyring"))) {
                    out.add("keyring");
                }
            }
        } catch (IOException e) {
            out.add("policy");
        }
        Map<String, CatalogApp> listed = new HashMap<>();
        catalog.apps().forEach(a -> listed.put(a.id(), a));
        java.util.TreeSet<String> apps = new java.util.TreeSet<>();
        for (StoredApp a : apps()) {
            if (!a.storeKey().equals(catalog.storeKey())) {
                continue;
            }
            CatalogApp c = listed.remove(a.appId());
            if (c == null || !c.name().equals(a.name()) || !java.util.Objects.equals(c.summary(), a.summary())
                    || !java.util.Objects.equals(c.category(), a.category())
                    || !new java.util.HashSet<>(c.releases()).equals(new java.util.HashSet<>(a.releases()))
                    || c.releases().size() != a.releases().size()) {
                apps.add(a.appId());
            }
        }
        apps.addAll(listed.keySet());
        if (!apps.isEmpty()) {
            out.add("apps " + String.join(", ", apps));
        }
        return out;
    }

    private static Object millis(Instant t) {
        return t == null ? "none" : t.toEpochMilli();
    }

    /** An app with its store and all its releases, as imported. */
    record StoredApp(String storeKey, String appId, String name, String summary, String category, List<Release> releases) {}

    synchronized Optional<StoredApp> app(String storeKey, String appId) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT name, summary, category FROM apps WHERE store_key = ? AND app_id = ?")) {
            ps.setString(1, storeKey);
            ps.setString(2, appId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new StoredApp(storeKey, appId, rs.getString(1), rs.getString(2), rs.getString(3),
                                releases(storeKey, appId)))
                        : Optional.empty();
            }
        }
    }

    /** What the app page shows beyond name and summary, as its store's catalog gave it; empty when nothing. */
    synchronized Optional<org.caravan.core.catalog.AppDetails> details(String storeKey, String appId)
            throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT details FROM apps WHERE store_key = ? AND app_id = ?")) {
            ps.setString(1, storeKey);
            ps.setString(2, appId);
            try (ResultSet rs = ps.executeQuery()) {
                String json = rs.next() ? rs.getString(1) : null;
                return json == null ? Optional.empty()
                        : Optional.of(JSON.readValue(json, org.caravan.core.catalog.AppDetails.class));
            }
        } catch (IOException e) {
            throw new SQLException("corrupt details of " + appId, e);
        }
    }

    /** The app's icon (PNG bytes), or empty when its package gives none. */
    synchronized byte[] icon(String storeKey, String appId) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT icon FROM apps WHERE store_key = ? AND app_id = ?")) {
            ps.setString(1, storeKey);
            ps.setString(2, appId);
            try (ResultSet rs = ps.executeQuery()) {
                byte[] b = rs.next() ? rs.getBytes(1) : null;
                return b == null ? new byte[0] : b;
            }
        }
    }

    synchronized int appCount(String storeKey) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT COUNT(*) FROM apps WHERE store_key = ?")) {
            ps.setString(1, storeKey);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** One store's apps without their releases (for the search index). */
    synchronized List<StoredApp> appSummaries(String storeKey) throws SQLException {
        List<StoredApp> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(
                // The keywords are searched as part of the summary.
                "SELECT app_id, name, CASE WHEN keywords IS NULL THEN summary ELSE summary || ' ' || keywords END,"
                        + " category FROM apps WHERE store_key = ? ORDER BY app_id")) {
            ps.setString(1, storeKey);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredApp(storeKey, rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            List.of()));
                }
            }
        }
        return out;
    }

    synchronized List<StoredApp> apps() throws SQLException {
        // Two queries in all: one query per app for its releases took 1.3 s at 10 000 apps (issue 4 benchmark).
        Map<String, List<Release>> releases = new HashMap<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM releases")) {
            while (rs.next()) {
                String appId = rs.getString("app_id");
                releases.computeIfAbsent(rs.getString("store_key") + "/" + appId, k -> new ArrayList<>())
                        .add(releaseRow(rs, appId));
            }
        }
        List<StoredApp> out = new ArrayList<>();
        // Only the columns a list needs (not the page's details or the icon), in the table's own order, sorted here:
        // ordered by SQL, H2 walks the apps_by_name index and looks every row up (1.8 s at 100 000 apps, against
        // 0.4 s for this scan and a sort).
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT store_key, app_id, name, summary, category FROM apps")) {
            while (rs.next()) {
                String key = rs.getString(1);
                String id = rs.getString(2);
                out.add(new StoredApp(key, id, rs.getString(3), rs.getString(4), rs.getString(5),
                        releases.getOrDefault(key + "/" + id, List.of())));
            }
        }
        out.sort(BY_NAME);
        return out;
    }

    /** The order of {@code ORDER BY name, app_id, store_key} (H2's: no name first, then by UTF-16 code units). */
    private static final java.util.Comparator<StoredApp> BY_NAME = java.util.Comparator
            .comparing(StoredApp::name, java.util.Comparator.nullsFirst(java.util.Comparator.<String>naturalOrder()))
            .thenComparing(StoredApp::appId).thenComparing(StoredApp::storeKey);

    /**
     * The licensor's fingerprint of each app whose catalog marks a release as licensed (protocol section 9b), by app
     * id: what a face shows as locked or licensed before any download. One query for all apps.
     */
    synchronized Map<String, String> licensors() throws SQLException {
        Map<String, String> out = new java.util.TreeMap<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT app_id, licensed_by FROM releases WHERE licensed_by IS NOT NULL ORDER BY app_id, version")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    /** Each app's keywords (space-separated) by app id, for apps that have any; an id in two stores gets both. */
    synchronized Map<String, String> keywords() throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT app_id, keywords FROM apps WHERE keywords IS NOT NULL")) {
            while (rs.next()) {
                out.merge(rs.getString(1), rs.getString(2), (a, b) -> a + " " + b);
            }
        }
        return out;
    }

    /**
     * The first {@code limit} apps in the order of {@link #apps()} (by name), each with its releases: a window's
     * first screen of cards without reading every app of a 100 000-app catalog.
     */
    synchronized List<StoredApp> firstApps(int limit) throws SQLException {
        List<StoredApp> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT store_key, app_id, name, summary, category FROM apps ORDER BY name, app_id, store_key LIMIT ?")) {
            ps.setInt(1, Math.max(0, limit));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredApp(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), List.of()));
                }
            }
        }
        List<StoredApp> withReleases = new ArrayList<>(out.size());
        for (StoredApp a : out) {
            withReleases.add(new StoredApp(a.storeKey(), a.appId(), a.name(), a.summary(), a.category(),
                    releases(a.storeKey(), a.appId())));
        }
        return withReleases;
    }

    private List<Release> releases(String storeKey, String appId) throws SQLException {
        List<Release> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT * FROM releases WHERE store_key = ? AND app_id = ?")) {
            ps.setString(1, storeKey);
            ps.setString(2, appId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(releaseRow(rs, appId));
                }
            }
        }
        return out;
    }

    private static Release releaseRow(ResultSet rs, String appId) throws SQLException {
        try {
            String mirrors = rs.getString("mirrors");
            String sealed = rs.getString("sealed");
            return new Release(rs.getString("version"), rs.getString("type"), rs.getString("info_hash"),
                    rs.getString("sha256"), rs.getLong("size"), rs.getString("file_name"),
                    JSON.readValue(rs.getString("signers"), new TypeReference<List<SignerClaim>>() { }),
                    JSON.readValue(rs.getString("signatures"), new TypeReference<List<String>>() { }),
                    mirrors == null ? List.of() : JSON.readValue(mirrors, new TypeReference<List<String>>() { }),
                    rs.getString("notes"), sealed == null ? null : JSON.readValue(sealed, SealedFile.class),
                    rs.getString("licensed_by"));
        } catch (IOException e) {
            throw new SQLException("corrupt release row " + appId + " " + rs.getString("version"), e);
        }
    }

    /** The one connection; callers synchronize on this database object. */
    Connection connection() {
        return conn;
    }

    static Instant instantOf(ResultSet rs, String col) throws SQLException {
        return instant(rs, col);
    }

    @Override
    public synchronized void close() {
        try {
            conn.close();
        } catch (SQLException e) {
            // closing: nothing left to protect
        }
    }
}
