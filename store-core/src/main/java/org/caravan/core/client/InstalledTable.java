package org.caravan.core.client;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.Optional;

/** The installed apps, in the client's database. Shares {@link ClientDatabase}'s connection and lock. */
final class InstalledTable {
    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS installed(
              app_id VARCHAR(255) PRIMARY KEY, version VARCHAR(255) NOT NULL, store_key CHAR(64) NOT NULL,
              path VARCHAR(4096) NOT NULL, sha256 CHAR(64) NOT NULL, signer CHAR(40), installed_at TIMESTAMP WITH TIME ZONE NOT NULL);
            """;

    private final ClientDatabase db;

    InstalledTable(ClientDatabase db) throws SQLException {
        this.db = db;
        synchronized (db) {
            try (Statement st = db.connection().createStatement()) {
                st.execute(SCHEMA);
            }
        }
    }

    Optional<InstalledRecord> installed(String appId) throws SQLException {
        synchronized (db) {
            Connection conn = db.connection();
            try (PreparedStatement ps = conn.prepareStatement("SELECT * FROM installed WHERE app_id = ?")) {
                ps.setString(1, appId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new InstalledRecord(rs.getString("app_id"), rs.getString("version"),
                            rs.getString("store_key"), rs.getString("path"), rs.getString("sha256"), rs.getString("signer"),
                            ClientDatabase.instantOf(rs, "installed_at")));
                }
            }
        }
    }

    void recordInstall(InstalledRecord r) throws SQLException {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement("""
                    MERGE INTO installed(app_id, version, store_key, path, sha256, signer, installed_at) KEY(app_id)
                    VALUES(?, ?, ?, ?, ?, ?, ?)""")) {
                ps.setString(1, r.appId());
                ps.setString(2, r.version());
                ps.setString(3, r.storeKey());
                ps.setString(4, r.path());
                ps.setString(5, r.sha256());
                ps.setString(6, r.signer());
                ps.setTimestamp(7, Timestamp.from(r.installedAt()));
                ps.executeUpdate();
            }
        }
    }
}
