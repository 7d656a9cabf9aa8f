package org.caravan.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.caravan.core.catalog.Catalog;
import org.caravan.core.catalog.RootPin;
import org.caravan.core.catalog.StorePolicy;
import org.caravan.keyring.testing.Personas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The root pin a subscription keeps: moved forward by a later magnet only, and checked before any import. */
class ClientDatabasePinTest {
    private static final String STORE = "aa".repeat(32);
    private static final RootPin V2 = new RootPin(2, "22".repeat(32));
    private static final RootPin V3 = new RootPin(3, "33".repeat(32));

    @TempDir
    Path tmp;

    @Test
    void aLaterPinReplacesTheHeldOneAndAnEarlierOrAbsentOneDoesNot() throws Exception {
        try (ClientDatabase db = new ClientDatabase(tmp.resolve("db"))) {
            assertTrue(db.addStore(STORE, "00", V2));
            assertEquals(Optional.of(V2), db.rootPin(STORE));
            assertFalse(db.addStore(STORE, "00", V3));
            assertEquals(Optional.of(V3), db.rootPin(STORE));
            assertFalse(db.addStore(STORE, "00", V2));
            assertFalse(db.addStore(STORE, "00", null));
            assertEquals(Optional.of(V3), db.rootPin(STORE), "an older or plain magnet does not loosen the pin");
        }
    }

    @Test
    void aCatalogOutsideThePinIsRefusedAndNothingIsImported() throws Exception {
        try (ClientDatabase db = new ClientDatabase(tmp.resolve("db"))) {
            db.addStore(STORE, "00", V2);
            Catalog underVersion1 = new Catalog(1, STORE, "Store", 1, Instant.parse("2026-02-01T00:00:00Z"),
                    Instant.parse("2026-02-08T00:00:00Z"), null, List.of(Personas.ROOT.hex()), "12".repeat(32),
                    StorePolicy.DEFAULT, List.of());
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> db.importGeneration(underVersion1, "11".repeat(32), "", Instant.parse("2026-02-01T00:00:00Z")));
            assertTrue(e.getMessage().contains("older than version 2 the store's magnet names"), e.getMessage());
            assertEquals(0, db.store(STORE).orElseThrow().generation(), "nothing was imported");
        }
    }
}
