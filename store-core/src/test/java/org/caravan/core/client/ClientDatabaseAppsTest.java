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
        try (ClientDatabase db = twoStores(List.of(app("org.example.shared", "1.0.0", "1.1.0"),
                app("org.example.only-a", "2.0.0")), List.of(app("org.example.shared", "3.0.0")))) {

            List<ClientDatabase.StoredApp> apps = db.apps();
            assertEquals(3, apps.size());
            for (ClientDatabase.StoredApp a : apps) {
                List<String> versions = a.releases().stream().map(Release::version).sorted().toList();
                String expected = a.storeKey().equals(STORE_A)
                        ? (a.appId().equals("org.example.shared") ? "[1.0.0, 1.1.0]" : "[2.0.0]")
                        : "[3.0.0]";
                assertEquals(expected, versions.toString(), a.storeKey() + " " + a.appId());
                assertEquals(Personas.DEVELOPER.hex(), a.releases().get(0).signers().get(0).fingerprint());
            }
            assertEquals(db.app(STORE_A, "org.example.shared").orElseThrow().releases().size(), 2);
        }
    }

    /**
     * The full list and a window's first cards come in one order (by name, then id, then store; case and accents as
     * code units), so the first cards are the list's beginning and nothing jumps when the rest arrives.
     */
    @Test
    void theFirstAppsAreTheBeginningOfTheFullListInTheSameOrder() throws Exception {
        try (ClientDatabase db = twoStores(List.of(named("org.example.z", "Zebra"), named("org.example.b", "zebra"),
                named("org.example.e", "Éclair"), named("org.example.a", "Zebra"), named("org.example.s", "apple"),
                named("org.example.shared", "Apple")), List.of(named("org.example.shared", "Apple")))) {

            List<String> all = db.apps().stream().map(a -> a.name() + "/" + a.appId() + "/" + a.storeKey().charAt(0)).toList();
            assertEquals(List.of("Apple/org.example.shared/a", "Apple/org.example.shared/b", "Zebra/org.example.a/a",
                    "Zebra/org.example.z/a", "apple/org.example.s/a", "zebra/org.example.b/a", "Éclair/org.example.e/a"), all);
            for (int n = 0; n <= all.size(); n++) {
                assertEquals(all.subList(0, n), db.firstApps(n).stream()
                        .map(a -> a.name() + "/" + a.appId() + "/" + a.storeKey().charAt(0)).toList(), "first " + n);
            }
        }
    }

    private static final String STORE_A = "aa".repeat(32);
    private static final String STORE_B = "bb".repeat(32);

    /** A client database subscribed to stores A and B, holding a generation of each with these apps. */
    private ClientDatabase twoStores(List<CatalogApp> inA, List<CatalogApp> inB) throws Exception {
        ClientDatabase db = new ClientDatabase(tmp.resolve("db"));
        db.addStore(STORE_A, "00");
        db.addStore(STORE_B, "00");
        db.importGeneration(catalog(STORE_A, inA), "11".repeat(32), "", ISSUED);
        db.importGeneration(catalog(STORE_B, inB), "22".repeat(32), "", ISSUED);
        return db;
    }

    private static CatalogApp named(String id, String name) {
        CatalogApp a = app(id, "1.0.0");
        return new CatalogApp(id, name, a.summary(), a.category(), a.releases());
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
