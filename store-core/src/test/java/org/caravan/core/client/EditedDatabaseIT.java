package org.caravan.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import org.caravan.core.catalog.GenerationBundle;
import org.caravan.core.testing.StoreFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's own H2 file and kept generation files edited by hand (by another program running as the user):
 * {@code verify} re-checks each store's rows against the newest kept generation, verified again with the store's
 * key, and rewrites what was changed from it; a kept file that no longer verifies is deleted, never trusted.
 */
class EditedDatabaseIT {
    @TempDir
    Path tmp;

    @Test
    void rowsEditedByHandAreFoundAndRestoredFromTheSignedGeneration() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("s"));
        f.addApp("org.example.hello", "1.0.0", "utilities");
        f.store.publish(StoreFixture.PUBLISHED);
        f.addApp("org.example.chess", "1.0.0", "games");
        f.store.publish(StoreFixture.PUBLISHED);
        f.addApp("org.example.notes", "1.0.0", "utilities");
        f.store.publish(StoreFixture.PUBLISHED);
        String key = HexFormat.of().formatHex(f.store.storeKey());
        Path home = tmp.resolve("home");
        try (ClientService c = ClientService.open(home, StoreFixture.CLOCK)) {
            c.subscribe(f.store.magnet());
            assertEquals(SyncReport.Outcome.UPDATED, c.importGeneration(key, f.store.generationFile(1)).outcome());
            assertEquals(SyncReport.Outcome.UPDATED, c.importGeneration(key, f.store.generationFile(2)).outcome());
            assertEquals(List.of(new StoreCheck.Intact("Test Store", 2)), c.verifyStores());
        }

        // A release's hash swapped for a bad package's, an extra root, an app added, a generation far ahead (which
        // would refuse every real update: a freeze from inside).
        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + home.resolve("db/caravan"), "caravan", "");
                Statement st = db.createStatement()) {
            st.executeUpdate("UPDATE releases SET sha256 = '" + "ab".repeat(32) + "' WHERE app_id = 'org.example.hello'");
            st.executeUpdate("UPDATE stores SET roots = roots || ',0123456789012345678901234567890123456789',"
                    + " generation = 999999");
            st.executeUpdate("INSERT INTO apps(store_key, app_id, name, summary, category) VALUES('" + key
                    + "', 'org.evil.app', 'Evil', 'x', 'games')");
        }
        try (ClientService c = ClientService.open(home, StoreFixture.CLOCK)) {
            List<StoreCheck> found = c.verifyStores();
            StoreCheck.Restored r = assertInstanceOf(StoreCheck.Restored.class, found.get(0), found.toString());
            assertEquals(2, r.generation());
            assertEquals(List.of("generation 999999 held, 2 signed", "root keys",
                    "apps org.evil.app, org.example.hello"), r.differences());
            assertTrue(r.message().contains("changed outside Caravan"), r.message());
            assertEquals(2, c.stores().get(0).generation());
            assertEquals(List.of("org.example.chess", "org.example.hello"),
                    c.apps().stream().map(AppEntry::appId).sorted().toList());
            assertEquals(List.of(new StoreCheck.Intact("Test Store", 2)), c.verifyStores());
            // Updates flow again.
            assertEquals(SyncReport.Outcome.UPDATED, c.importGeneration(key, f.store.generationFile(3)).outcome());
        }

        // The kept file of generation 3 edited (one byte of its signed catalog): it does not verify, so it is
        // deleted and the rows go back to the newest generation that does (2); importing 3 again works.
        Path kept = home.resolve("generations").resolve(key).resolve("3").resolve(GenerationBundle.fileName(3));
        GenerationBundle b = GenerationBundle.read(kept, GenerationBundle.MAX_BUNDLE_BYTES);
        byte[] json = b.catalogJson().clone();
        int at = new String(json, java.nio.charset.StandardCharsets.UTF_8).indexOf("Test Store");
        json[at] = 'B';
        Files.delete(kept);
        new GenerationBundle(json, b.catalogSignature(), b.keyring()).write(kept);
        try (ClientService c = ClientService.open(home, StoreFixture.CLOCK)) {
            StoreCheck.Restored r = assertInstanceOf(StoreCheck.Restored.class, c.verifyStores().get(0));
            assertEquals(2, r.generation());
            assertEquals(1, r.removedFiles().size(), r.toString());
            assertTrue(r.removedFiles().get(0).startsWith("generation-3.cgen"), r.toString());
            assertTrue(Files.notExists(kept));
            assertEquals(2, c.stores().get(0).generation());
            assertEquals(SyncReport.Outcome.UPDATED, c.importGeneration(key, f.store.generationFile(3)).outcome());
            assertEquals(List.of(new StoreCheck.Intact("Test Store", 3)), c.verifyStores());
        }
    }
}
