package org.caravan.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.caravan.core.catalog.Catalog;
import org.caravan.core.catalog.CatalogApp;
import org.caravan.core.catalog.CatalogDelta;
import org.caravan.core.catalog.Release;
import org.caravan.core.catalog.SignerClaim;
import org.caravan.core.catalog.StorePolicy;
import org.caravan.keyring.testing.Personas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generation rebuilt from a delta is imported as that delta over the generation held. A delta that starts
 * from another generation changes nothing: the catalog that came with it may carry only its head.
 */
class ClientDatabaseDeltaTest {
    private static final Instant ISSUED = Instant.parse("2026-02-01T00:00:00Z");
    private static final String STORE = "aa".repeat(32);

    @TempDir
    Path tmp;

    @Test
    void aDeltaRewritesOnlyItsAppsAndADeltaFromAnotherGenerationChangesNothing() throws Exception {
        try (ClientDatabase db = new ClientDatabase(tmp.resolve("db"))) {
            db.addStore(STORE, "00");
            db.importGeneration(catalog(1, List.of(app("org.a", "1.0.0"), app("org.b", "1.0.0"))), "11".repeat(32), "",
                    ISSUED);
            // Generation 2 as a rebuilt delta hands it over: the head, no apps, and the delta.
            Catalog head2 = catalog(2, List.of());
            db.importGeneration(head2, "22".repeat(32), "", ISSUED, delta(1, head2, List.of(app("org.c", "1.0.0")),
                    List.of("org.a")));
            assertEquals(List.of("org.b", "org.c"), ids(db));

            Catalog head4 = catalog(4, List.of());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> db.importGeneration(head4,
                    "44".repeat(32), "", ISSUED, delta(3, head4, List.of(), List.of("org.b"))));
            assertTrue(e.getMessage().contains("starts from generation 3, but generation 2 is held"), e.getMessage());
            assertEquals(List.of("org.b", "org.c"), ids(db));
            assertEquals(2, db.store(STORE).orElseThrow().generation());
        }
    }

    private static List<String> ids(ClientDatabase db) throws Exception {
        return db.appSummaries(STORE).stream().map(ClientDatabase.StoredApp::appId).toList();
    }

    private static CatalogDelta delta(long from, Catalog head, List<CatalogApp> upserts, List<String> removals) {
        return new CatalogDelta(CatalogDelta.FORMAT_VERSION, STORE, from, "01".repeat(32), "02".repeat(32), head, upserts,
                removals);
    }

    private static CatalogApp app(String id, String version) {
        Release r = new Release(version, "app", "cd".repeat(20), "ef".repeat(32), 1234, id + "-" + version + ".car",
                List.of(new SignerClaim(Personas.DEVELOPER.hex(), ISSUED)), List.of("signature of " + version));
        return new CatalogApp(id, "Name " + id, "Summary " + id, "utilities", List.of(r));
    }

    private static Catalog catalog(long generation, List<CatalogApp> apps) {
        return new Catalog(Catalog.FORMAT_VERSION, STORE, "Store", generation, ISSUED, ISSUED.plusSeconds(3600), null,
                List.of(Personas.ROOT.hex()), "33".repeat(32), StorePolicy.DEFAULT, apps);
    }
}
