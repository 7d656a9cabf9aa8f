package org.caravan.core.bench.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.caravan.core.catalog.CatalogApp;
import org.caravan.core.catalog.DeltaBundle;
import org.caravan.core.catalog.GenerationBundle;
import org.caravan.core.catalog.GenerationVerifier;
import org.caravan.core.catalog.Sha256;
import org.caravan.core.catalog.VerifiedGeneration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Smoke test of the benchmark's inputs: the synthetic catalogs are real signed generations a client
 * accepts, their one-app deltas rebuild the next generation exactly, and the search queries and the H2
 * baseline find what they should. Small sizes only: the benchmark itself runs from bench/catalog-bench.sh.
 */
class SyntheticCatalogTest {
    @TempDir
    Path tmp;

    @Test
    void aSyntheticGenerationVerifiesAndItsOneAppDeltaRebuildsTheNext() throws Exception {
        SyntheticCatalog cat = SyntheticCatalog.create(tmp.resolve("store"));
        List<CatalogApp> apps = cat.apps(300);
        GenerationBundle g1 = cat.generation("Smoke", 1, null, apps, CatalogBench.ISSUED);
        VerifiedGeneration v = GenerationVerifier.verify(g1, cat.storeKey());
        assertEquals(300, v.catalog().apps().size());

        List<CatalogApp> changed = new ArrayList<>(apps);
        changed.set(150, cat.app(150, "1.0.1"));
        GenerationBundle g2 = cat.generation("Smoke", 2, Sha256.hex(g1.catalogJson()), changed,
                CatalogBench.ISSUED.plusSeconds(60));
        DeltaBundle delta = DeltaBundle.between(g1, g2);
        assertEquals(List.of(SyntheticCatalog.appId(150)),
                delta.delta().upserts().stream().map(CatalogApp::id).toList());
        assertArrayEquals(g2.catalogJson(), delta.applyTo(g1).catalogJson());
        assertEquals(2, GenerationVerifier.verify(delta.applyTo(g1), cat.storeKey()).catalog().generation());
    }

    @Test
    void everyQueryThatMustHitFindsAppsInTheBaseline() throws Exception {
        SyntheticCatalog cat = SyntheticCatalog.create(tmp.resolve("store"));
        int n = 2_000;
        try (H2Baseline h2 = new H2Baseline(tmp.resolve("h2"))) {
            assertEquals(2 * n, h2.insert(cat.apps(n)), "one app row and one release row per app");
            for (CatalogBench.Query q : CatalogBench.Query.set(cat, n)) {
                int hits = h2.like(q.words(), q.category());
                if (q.mustHit()) {
                    assertTrue(hits > 0, "'" + q.text() + "' in " + q.category() + " found nothing");
                }
            }
            assertEquals(0, h2.like(List.of("nonexistentword"), null));
        }
    }
}
