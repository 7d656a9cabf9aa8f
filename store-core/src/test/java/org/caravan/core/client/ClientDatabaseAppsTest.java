package org.caravan.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.caravan.core.catalog.Catalog;
import org.caravan.core.catalog.CatalogApp;
import org.caravan.core.catalog.Release;
import org.caravan.core.catalog.SignerClaim;
import org.caravan.core.catalog.StorePolicy;
import org.caravan.keyring.testing.Personas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing every app reads the releases in bulk; each app must still get exactly its own store's releases. */
class ClientDatabaseAppsTest {
    private static final Instant ISSUED = Instant.parse("2026-02-01T00:00:00Z");

    @TempDir
    Path tmp;

    @Test
    void everyAppListsItsOwnStoresReleasesEvenWhenTwoStoresShareAnAppId() throws Exception {
        String storeA = "aa".repeat(32);
        String storeB = "bb".repeat(32);
        try (ClientDatabase db = new ClientDatabase(tmp.resolve("db"))) {
            db.addStore(storeA, "00");
            db.addStore(storeB, "00");
            db.importGeneration(catalog(storeA, List.of(app("org.example.shared", "1.0.0", "1.1.0"),
                    app("org.example.only-a", "2.0.0"))), "11".repeat(32), "", ISSUED);
            db.importGeneration(catalog(storeB, List.of(app("org.example.shared", "3.0.0"))), "22".repeat(32), "", ISSUED);

            List<ClientDatabase.StoredApp> apps = db.apps();
            assertEquals(3, apps.size());
            for (ClientDatabase.StoredApp a : apps) {
                List<String> versions = a.releases().stream().map(Release::version).sorted().toList();
                String expected = a.storeKey().equals(storeA)
                        ? (a.appId().equals("org.example.shared") ? "[1.0.0, 1.1.0]" : "[2.0.0]")
                        : "[3.0.0]";
                assertEquals(expected, versions.toString(), a.storeKey() + " " + a.appId());
                assertEquals(Personas.DEVELOPER.hex(), a.releases().get(0).signers().get(0).fingerprint());
            }
            assertEquals(db.app(storeA, "org.example.shared").orElseThrow().releases().size(), 2);
        }
    }

    private static CatalogApp app(String id, String... versions) {
        List<Release> releases = java.util.Arrays.stream(versions)
                .map(v -> new Release(v, "app", "cd".repeat(20), "ef".repeat(32), 1234, id + "-" + v + ".car",
                        List.of(new SignerClaim(Personas.DEVELOPER.hex(), ISSUED)), List.of("signature of " + v)))
                .toList();
        return new CatalogApp(id, "Name " + id, "Summary " + id, "utilities", releases);
    }

    private static Catalog catalog(String storeKey, List<CatalogApp> apps) {
        return new Catalog(Catalog.FORMAT_VERSION, storeKey, "Store " + storeKey.substring(0, 2), 1, ISSUED,
                ISSUED.plusSeconds(3600), null, List.of(Personas.ROOT.hex()), "33".repeat(32), StorePolicy.DEFAULT, apps);
    }
}
