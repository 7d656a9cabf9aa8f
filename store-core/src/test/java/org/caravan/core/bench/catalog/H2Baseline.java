package org.caravan.core.bench.catalog;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.caravan.core.catalog.CatalogApp;
import org.caravan.core.catalog.CatalogCodec;
import org.caravan.core.catalog.Release;

/**
 * The baselines of import and search: the same rows written into a fresh H2 file with plain JDBC (batches
 * of 1 000, one transaction, no verification, no index rebuild), and searched with {@code LIKE '%word%'}
 * -- what a client without a search index would do -- and with H2's own full-text index
 * ({@code org.h2.fulltext.FullText}: whole words only, where the client's Lucene index also matches the
 * beginnings of words), the alternative the issue names.
 */
final class H2Baseline implements AutoCloseable {
    private final Connection conn;

    H2Baseline(Path dir) throws SQLException {
        conn = DriverManager.getConnection("jdbc:h2:file:" + dir.toAbsolutePath().resolve("baseline"), "bench", "");
        try (Statement st = conn.createStatement()) {
            st.execute("""
                    CREATE TABLE apps(app_id VARCHAR(255) PRIMARY KEY, name VARCHAR(1000), summary VARCHAR(10000),
                      category VARCHAR(255));
                    CREATE TABLE releases(app_id VARCHAR(255) NOT NULL, version VARCHAR(255) NOT NULL,
                      type VARCHAR(16) NOT NULL, info_hash CHAR(40) NOT NULL, sha256 CHAR(64) NOT NULL,
                      size BIGINT NOT NULL, file_name VARCHAR(255) NOT NULL, signers CLOB NOT NULL,
                      signatures CLOB NOT NULL, PRIMARY KEY(app_id, version));
                    """);
        }
    }

    /** Inserts every app and release in batches of 1 000 in one transaction; returns the rows written. */
    int insert(List<CatalogApp> apps) throws Exception {
        conn.setAutoCommit(false);
        int rows = 0;
        try (PreparedStatement a = conn.prepareStatement("INSERT INTO apps VALUES(?, ?, ?, ?)");
                PreparedStatement r = conn.prepareStatement("INSERT INTO releases VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (CatalogApp app : apps) {
                a.setString(1, app.id());
                a.setString(2, app.name());
                a.setString(3, app.summary());
                a.setString(4, app.category());
                a.addBatch();
                for (Release rel : app.releases()) {
                    r.setString(1, app.id());
                    r.setString(2, rel.version());
                    r.setString(3, rel.type());
                    r.setString(4, rel.infoHash());
                    r.setString(5, rel.sha256());
                    r.setLong(6, rel.size());
                    r.setString(7, rel.fileName());
                    r.setString(8, CatalogCodec.mapper().writeValueAsString(rel.signers()));
                    r.setString(9, CatalogCodec.mapper().writeValueAsString(rel.signatures()));
                    r.addBatch();
                    rows++;
                }
                rows++;
                if (rows % 1000 < 2) {
                    a.executeBatch();
                    r.executeBatch();
                }
            }
            a.executeBatch();
            r.executeBatch();
        }
        conn.commit();
        conn.setAutoCommit(true);
        return rows;
    }

    /** Creates H2's native full-text index over the apps' name and summary (after {@link #insert}). */
    void createFullTextIndex() throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("CREATE ALIAS IF NOT EXISTS FT_INIT FOR 'org.h2.fulltext.FullText.init'");
            st.execute("CALL FT_INIT()");
            st.execute("CALL FT_CREATE_INDEX('PUBLIC', 'APPS', 'NAME,SUMMARY')");
        }
    }

    /**
     * How many apps H2's full-text index finds with every word (whole words) in their name or summary, in
     * {@code category} if given. All matches are read, as for {@link #like}.
     */
    int fullText(List<String> words, String category) throws SQLException {
        String sql = category == null ? "SELECT KEYS FROM FT_SEARCH_DATA(?, 0, 0)"
                : "SELECT a.app_id FROM FT_SEARCH_DATA(?, 0, 0) f JOIN apps a ON a.app_id = f.KEYS[1]"
                        + " WHERE a.category = ?";
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, String.join(" ", words));
            if (category != null) {
                ps.setString(2, category);
            }
            int n = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    n++;
                }
            }
            return n;
        }
    }

    /**
     * How many apps have every word in their name or summary (case-insensitive). All matches are read, as a
     * ranked search must see them all before it can return the best few.
     */
    int like(List<String> words, String category) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT app_id FROM apps WHERE 1=1");
        for (int i = 0; i < words.size(); i++) {
            sql.append(" AND (LOWER(name) LIKE ? OR LOWER(summary) LIKE ?)");
        }
        if (category != null) {
            sql.append(" AND category = ?");
        }
        try (PreparedStatement ps = conn.prepareStatement(sql.toString())) {
            int k = 1;
            for (String w : words) {
                ps.setString(k++, "%" + w + "%");
                ps.setString(k++, "%" + w + "%");
            }
            if (category != null) {
                ps.setString(k, category);
            }
            int n = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    n++;
                }
            }
            return n;
        }
    }

    @Override
    public void close() throws SQLException {
        conn.close();
    }
}
