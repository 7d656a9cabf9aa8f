package org.caravan.core.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.caravan.core.catalog.CatalogCodec;
import org.caravan.core.catalog.SignerClaim;

/**
 * The installed apps, in the client's database. Shares {@link ClientDatabase}'s connection and lock.
 * <p>
 * {@code installed} holds one row per app: the version in use and the one kept for rollback
 * ({@code previous}). {@code installed_versions} holds every version whose folder is kept on disk, with its
 * manifest and the signatures verified at install, so that launching, rolling back and re-checking trust
 * never need the catalog or the package again. Every change of both tables is one transaction: a crash
 * leaves the old rows or the new ones, and {@link Installer#reconcile} removes folders no row names.
 */
final class InstalledTable {
    private static final ObjectMapper JSON = CatalogCodec.mapper();
    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS installed(
              app_id VARCHAR(255) PRIMARY KEY, version VARCHAR(255) NOT NULL, store_key CHAR(64) NOT NULL,
              path VARCHAR(4096) NOT NULL, sha256 CHAR(64) NOT NULL, signer CHAR(40), installed_at TIMESTAMP WITH TIME ZONE NOT NULL);
            ALTER TABLE installed ADD COLUMN IF NOT EXISTS previous VARCHAR(255);
            CREATE TABLE IF NOT EXISTS installed_versions(
              app_id VARCHAR(255) NOT NULL, version VARCHAR(255) NOT NULL, store_key CHAR(64) NOT NULL,
              path VARCHAR(4096) NOT NULL, sha256 CHAR(64) NOT NULL, signer CHAR(40),
              installed_at TIMESTAMP WITH TIME ZONE NOT NULL, category VARCHAR(255), manifest CLOB, signers CLOB,
              PRIMARY KEY(app_id, version));
            INSERT INTO installed_versions(app_id, version, store_key, path, sha256, signer, installed_at)
              SELECT i.app_id, i.version, i.store_key, i.path, i.sha256, i.signer, i.installed_at FROM installed i
              WHERE NOT EXISTS (SELECT 1 FROM installed_versions v WHERE v.app_id = i.app_id AND v.version = i.version);
            ALTER TABLE installed_versions ADD COLUMN IF NOT EXISTS file_stamps CLOB;
            CREATE TABLE IF NOT EXISTS holds(app_id VARCHAR(255) PRIMARY KEY, since TIMESTAMP WITH TIME ZONE NOT NULL);
            """;

    /**
     * One kept version: the record, its category, its manifest JSON, the signatures verified at install, and the
     * modification time (ms) of each file as extracted ({@code stamps}; null for versions installed before they
     * were recorded), for the quick check before a run.
     */
    record VersionRow(InstalledRecord record, String category, String manifestJson, List<SignerClaim> signers,
            Map<String, Long> stamps) {}

    private final ClientDatabase db;

    InstalledTable(ClientDatabase db) throws SQLException {
        this.db = db;
        synchronized (db) {
            try (Statement st = db.connection().createStatement()) {
                st.execute(SCHEMA);
            }
        }
    }

    /** Holds an app at the version in use: updates pass it by until {@link #unhold}. Returns false if held already. */
    boolean hold(String appId, java.time.Instant now) throws SQLException {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement(
                    "MERGE INTO holds(app_id, since) KEY(app_id) SELECT ?, COALESCE((SELECT since FROM holds WHERE app_id = ?), ?)")) {
                boolean was = held(appId).isPresent();
                ps.setString(1, appId);
                ps.setString(2, appId);
                ps.setTimestamp(3, Timestamp.from(now));
                ps.executeUpdate();
                return !was;
            }
        }
    }

    /** Releases a hold; false when the app was not held. */
    boolean unhold(String appId) throws SQLException {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement("DELETE FROM holds WHERE app_id = ?")) {
                ps.setString(1, appId);
                return ps.executeUpdate() > 0;
            }
        }
    }

    /** Since when the app is held, if it is. */
    Optional<java.time.Instant> held(String appId) throws SQLException {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement("SELECT since FROM holds WHERE app_id = ?")) {
                ps.setString(1, appId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getTimestamp(1).toInstant()) : Optional.empty();
                }
            }
        }
    }

    /** The version in use. */
    Optional<InstalledRecord> installed(String appId) throws SQLException {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement("SELECT * FROM installed WHERE app_id = ?")) {
                ps.setString(1, appId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(record(rs)) : Optional.empty();
                }
            }
        }
    }

    /** Every installed app (the version in use), by id. */
    List<InstalledRecord> all() throws SQLException {
        synchronized (db) {
            List<InstalledRecord> out = new ArrayList<>();
            try (Statement st = db.connection().createStatement();
                    ResultSet rs = st.executeQuery("SELECT * FROM installed ORDER BY app_id")) {
                while (rs.next()) {
                    out.add(record(rs));
                }
            }
            return out;
        }
    }

    /** The version kept for rollback, if any. */
    Optional<String> previous(String appId) throws SQLException {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement("SELECT previous FROM installed WHERE app_id = ?")) {
                ps.setString(1, appId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
                }
            }
        }
    }

    /** Every kept version of every app. */
    List<VersionRow> versions() throws SQLException {
        synchronized (db) {
            List<VersionRow> out = new ArrayList<>();
            try (Statement st = db.connection().createStatement();
                    ResultSet rs = st.executeQuery("SELECT * FROM installed_versions ORDER BY app_id, version")) {
                while (rs.next()) {
                    out.add(versionRow(rs));
                }
            }
            return out;
        }
    }

    Optional<VersionRow> version(String appId, String version) throws SQLException {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement(
                    "SELECT * FROM installed_versions WHERE app_id = ? AND version = ?")) {
                ps.setString(1, appId);
                ps.setString(2, version);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(versionRow(rs)) : Optional.empty();
                }
            }
        }
    }

    /**
     * Makes {@code row} the version in use; the version in use before becomes the one kept for rollback,
     * unless {@code keepPrevious} is false. Returns the folders of versions no longer kept (delete them after
     * this returns: if that is interrupted, the next start removes them).
     */
    List<String> recordInstall(VersionRow row, boolean keepPrevious) throws SQLException {
        InstalledRecord r = row.record();
        synchronized (db) {
            return transaction(conn -> {
                Optional<InstalledRecord> current = installed(r.appId());
                String previous = keepPrevious ? current.map(InstalledRecord::version)
                        .filter(v -> !v.equals(r.version())).orElse(null) : null;
                try (PreparedStatement ps = conn.prepareStatement("""
                        MERGE INTO installed_versions(app_id, version, store_key, path, sha256, signer, installed_at,
                        category, manifest, signers, file_stamps) KEY(app_id, version)
                        VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                    ps.setString(1, r.appId());
                    ps.setString(2, r.version());
                    ps.setString(3, r.storeKey());
                    ps.setString(4, r.path());
                    ps.setString(5, r.sha256());
                    ps.setString(6, r.signer());
                    ps.setTimestamp(7, Timestamp.from(r.installedAt()));
                    ps.setString(8, row.category());
                    ps.setString(9, row.manifestJson());
                    ps.setString(10, json(row.signers()));
                    ps.setString(11, row.stamps() == null ? null : json(row.stamps()));
                    ps.executeUpdate();
                }
                setCurrent(conn, r, previous);
                return prune(conn, r.appId(), r.version(), previous);
            });
        }
    }

    /** Makes a kept version the one in use and forgets the others (rollback); returns their folders. */
    List<String> switchTo(String appId, String version) throws SQLException {
        synchronized (db) {
            return transaction(conn -> {
                VersionRow row = version(appId, version).orElseThrow(() -> new IllegalStateException(
                        appId + " " + version + " is not kept on this computer"));
                setCurrent(conn, row.record(), null);
                return prune(conn, appId, version, null);
            });
        }
    }

    /** Forgets an app entirely; returns the folders of all its versions. */
    List<String> remove(String appId) throws SQLException {
        synchronized (db) {
            return transaction(conn -> {
                List<String> paths = prune(conn, appId, null, null);
                try (PreparedStatement ps = conn.prepareStatement("DELETE FROM installed WHERE app_id = ?")) {
                    ps.setString(1, appId);
                    ps.executeUpdate();
                }
                return paths;
            });
        }
    }

    /** Records the file times of a version whose folder was extracted again ({@link Installer#repair}). */
    void updateStamps(String appId, String version, Map<String, Long> stamps) throws SQLException {
        synchronized (db) {
            transaction(conn -> {
                try (PreparedStatement ps = conn.prepareStatement(
                        "UPDATE installed_versions SET file_stamps = ? WHERE app_id = ? AND version = ?")) {
                    ps.setString(1, json(stamps));
                    ps.setString(2, appId);
                    ps.setString(3, version);
                    ps.executeUpdate();
                }
                return null;
            });
        }
    }

    /** Forgets a kept version that is not in use (its folder vanished). */
    void forgetKept(String appId, String version) throws SQLException {
        synchronized (db) {
            transaction(conn -> {
                Optional<InstalledRecord> current = installed(appId);
                if (current.isPresent() && current.get().version().equals(version)) {
                    throw new IllegalStateException(appId + " " + version + " is in use");
                }
                try (PreparedStatement ps = conn.prepareStatement(
                        "DELETE FROM installed_versions WHERE app_id = ? AND version = ?")) {
                    ps.setString(1, appId);
                    ps.setString(2, version);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = conn.prepareStatement(
                        "UPDATE installed SET previous = NULL WHERE app_id = ? AND previous = ?")) {
                    ps.setString(1, appId);
                    ps.setString(2, version);
                    ps.executeUpdate();
                }
                return null;
            });
        }
    }

    private void setCurrent(Connection conn, InstalledRecord r, String previous) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("""
                MERGE INTO installed(app_id, version, store_key, path, sha256, signer, installed_at, previous) KEY(app_id)
                VALUES(?, ?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setString(1, r.appId());
            ps.setString(2, r.version());
            ps.setString(3, r.storeKey());
            ps.setString(4, r.path());
            ps.setString(5, r.sha256());
            ps.setString(6, r.signer());
            ps.setTimestamp(7, Timestamp.from(r.installedAt()));
            ps.setString(8, previous);
            ps.executeUpdate();
        }
    }

    /** Deletes the version rows of {@code appId} other than {@code keepA} and {@code keepB}; returns their paths. */
    private static List<String> prune(Connection conn, String appId, String keepA, String keepB) throws SQLException {
        List<String> gone = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT version, path FROM installed_versions WHERE app_id = ?")) {
            ps.setString(1, appId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String v = rs.getString(1);
                    if (!v.equals(keepA) && !v.equals(keepB)) {
                        gone.add(rs.getString(2));
                    }
                }
            }
        }
        try (PreparedStatement ps = conn.prepareStatement(
                "DELETE FROM installed_versions WHERE app_id = ? AND version <> ? AND version <> ?")) {
            ps.setString(1, appId);
            ps.setString(2, keepA == null ? "" : keepA);
            ps.setString(3, keepB == null ? "" : keepB);
            ps.executeUpdate();
        }
        return gone;
    }

    private interface Tx<T> {
        T run(Connection conn) throws SQLException;
    }

    private <T> T transaction(Tx<T> body) throws SQLException {
        Connection conn = db.connection();
        boolean auto = conn.getAutoCommit();
        conn.setAutoCommit(false);
        try {
            T result = body.run(conn);
            conn.commit();
            // H2 writes commits to the file up to a second later: a kill -9 in that window would forget a
            // commit after its folders were deleted. CHECKPOINT writes it now.
            try (Statement st = conn.createStatement()) {
                st.execute("CHECKPOINT");
            }
            return result;
        } catch (SQLException | RuntimeException e) {
            conn.rollback();
            throw e;
        } finally {
            conn.setAutoCommit(auto);
        }
    }

    private static InstalledRecord record(ResultSet rs) throws SQLException {
        return new InstalledRecord(rs.getString("app_id"), rs.getString("version"), rs.getString("store_key"),
                rs.getString("path"), rs.getString("sha256"), rs.getString("signer"),
                ClientDatabase.instantOf(rs, "installed_at"));
    }

    private static VersionRow versionRow(ResultSet rs) throws SQLException {
        String signers = rs.getString("signers");
        String stampJson = rs.getString("file_stamps");
        List<SignerClaim> claims;
        Map<String, Long> stamps;
        try {
            claims = signers == null ? List.of() : JSON.readValue(signers, new TypeReference<List<SignerClaim>>() { });
            stamps = stampJson == null ? null : JSON.readValue(stampJson, new TypeReference<Map<String, Long>>() { });
        } catch (IOException e) {
            throw new SQLException("corrupt installed version row " + rs.getString("app_id") + " "
                    + rs.getString("version") + ": " + e.getMessage(), e);
        }
        return new VersionRow(record(rs), rs.getString("category"), rs.getString("manifest"), claims, stamps);
    }

    private static String json(Object value) throws SQLException {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new SQLException("cannot encode " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
