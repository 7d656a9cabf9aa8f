package org.caravan.core.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.caravan.keyring.testing.Personas;
import org.junit.jupiter.api.Test;

/**
 * A delta applied to the held catalog's bytes (without decoding them) gives exactly the bytes the publisher
 * signed, wherever the changed apps sit; held bytes it cannot splice are refused, never guessed at.
 */
class CatalogSpliceTest {
    private static final Instant ISSUED = Instant.parse("2026-02-01T00:00:00Z");

    @Test
    void addsRemovalsAndChangesAtEitherEndAndInTheMiddleGiveThePublishersBytes() {
        Catalog g1 = catalog(1, null, List.of(app("org.b", "1.0.0"), app("org.d", "1.0.0"), app("org.f", "1.0.0"),
                app("org.\u00e9t\u00e9 \"quoted\"", "1.0.0"), app("org.x", "1.0.0")));
        Catalog g2 = catalog(2, hash(g1), List.of(app("org.a", "1.0.0"), app("org.d", "1.1.0"), app("org.f", "1.0.0"),
                app("org.\u00e9t\u00e9 \"quoted\"", "2.0.0"), app("org.z", "1.0.0")));
        assertSplices(g1, g2, 5);
        // ... and to nothing, and from nothing.
        Catalog g3 = catalog(3, hash(g2), List.of());
        assertSplices(g2, g3, 0);
        assertSplices(g3, catalog(4, hash(g3), List.of(app("org.only", "1.0.0"))), 1);
    }

    @Test
    void theLayoutOfARebuiltGenerationSplicesTheNextDeltaLikeTokenizingDoes() throws Exception {
        Catalog g1 = catalog(1, null, List.of(app("org.a", "1.0.0"), app("org.c", "1.0.0")));
        Catalog g2 = catalog(2, hash(g1), List.of(app("org.a", "1.0.0"), app("org.b", "1.0.0"), app("org.c", "1.1.0")));
        Catalog g3 = catalog(3, hash(g2), List.of(app("org.b", "1.0.0"), app("org.c", "1.1.0"), app("org.d", "1.0.0")));
        DeltaBundle.Rebuilt r2 = bundle(g1, g2).rebuild(new GenerationBundle(CatalogCodec.encode(g1), new byte[0], new byte[0]));
        DeltaBundle.Rebuilt r3 = bundle(g2, g3).rebuild(r2.bundle(), hash(g2), r2.layout());
        assertArrayEquals(CatalogCodec.encode(g3), r3.bundle().catalogJson());
        assertEquals(CatalogSplice.layout(r3.bundle().catalogJson()).ids(), r3.layout().ids());
        assertArrayEquals(CatalogSplice.layout(r3.bundle().catalogJson()).starts(), r3.layout().starts());
        assertArrayEquals(CatalogSplice.layout(r3.bundle().catalogJson()).ends(), r3.layout().ends());
    }

    private static DeltaBundle bundle(Catalog from, Catalog to) throws Exception {
        CatalogDelta d = CatalogDelta.between(from, CatalogCodec.encode(from), to, CatalogCodec.encode(to));
        return new DeltaBundle(CatalogCodec.mapper().writeValueAsBytes(d), new byte[0], null);
    }

    @Test
    void heldBytesWithAppsOutOfIdOrderAreRefused() {
        Catalog g1 = catalog(1, null, List.of(app("org.a", "1.0.0"), app("org.b", "1.0.0")));
        String json = new String(CatalogCodec.encode(g1), StandardCharsets.UTF_8);
        String a = json.substring(json.indexOf("{\"category\""), json.indexOf(",{\"category\""));
        String b = json.substring(json.indexOf(",{\"category\"") + 1, json.indexOf("],\"expires\""));
        byte[] swapped = json.replace(a + "," + b, b + "," + a).getBytes(StandardCharsets.UTF_8);
        CatalogFormatException e = assertThrows(CatalogFormatException.class, () -> CatalogSplice.layout(swapped));
        assertTrue(e.getMessage().contains("org.a is out of id order"), e.getMessage());
    }

    @Test
    void aDeltaNamingAnAppTwiceIsRefused() {
        Catalog g1 = catalog(1, null, List.of(app("org.a", "1.0.0")));
        byte[] j1 = CatalogCodec.encode(g1);
        CatalogDelta twice = new CatalogDelta(CatalogDelta.FORMAT_VERSION, g1.storeKey(), 1, Sha256.hex(j1), "00".repeat(32),
                catalog(2, Sha256.hex(j1), List.of()), List.of(app("org.b", "1.0.0"), app("org.b", "1.0.1")), List.of());
        CatalogFormatException e = assertThrows(CatalogFormatException.class,
                () -> CatalogSplice.apply(twice, CatalogSplice.layout(j1), j1));
        assertTrue(e.getMessage().contains("lists app org.b twice"), e.getMessage());
    }

    @Test
    void aDeltaFromAnotherGenerationThanTheHashGivenIsRefused() throws Exception {
        Catalog g1 = catalog(1, null, List.of(app("org.a", "1.0.0")));
        Catalog g2 = catalog(2, hash(g1), List.of(app("org.a", "1.0.1")));
        byte[] j1 = CatalogCodec.encode(g1);
        CatalogDelta d = CatalogDelta.between(g1, j1, g2, CatalogCodec.encode(g2));
        DeltaBundle bundle = new DeltaBundle(CatalogCodec.mapper().writeValueAsBytes(d), new byte[0], null);
        GenerationBundle held = new GenerationBundle(j1, new byte[0], new byte[0]);
        assertEquals(2, bundle.rebuild(held).delta().head().generation());
        CatalogFormatException e = assertThrows(CatalogFormatException.class, () -> bundle.rebuild(held, "11".repeat(32), null));
        assertTrue(e.getMessage().contains("starts from generation 1"), e.getMessage());
    }

    private static void assertSplices(Catalog from, Catalog to, int apps) {
        byte[] fromJson = CatalogCodec.encode(from);
        byte[] toJson = CatalogCodec.encode(to);
        CatalogDelta d = CatalogDelta.between(from, fromJson, to, toJson);
        CatalogSplice.Result r = CatalogSplice.apply(d, CatalogSplice.layout(fromJson), fromJson);
        assertArrayEquals(toJson, r.json(), "generation " + to.generation());
        assertEquals(apps, r.appCount());
    }

    private static String hash(Catalog c) {
        return Sha256.hex(CatalogCodec.encode(c));
    }

    private static CatalogApp app(String id, String version) {
        Release r = new Release(version, "app", "ab".repeat(20), "cd".repeat(32), 1000, "app-" + version + ".car",
                List.of(new SignerClaim(Personas.DEVELOPER.hex(), ISSUED)), List.of("signature of " + id + " " + version));
        return new CatalogApp(id, "Name of " + id, "Summary of " + id, "utilities", List.of(r));
    }

    private static Catalog catalog(long generation, String previous, List<CatalogApp> apps) {
        return new Catalog(Catalog.FORMAT_VERSION, "ab".repeat(32), "Splice Store", generation, ISSUED.plusSeconds(generation),
                ISSUED.plusSeconds(86_400), previous, List.of(Personas.ROOT.hex()), "12".repeat(32), StorePolicy.DEFAULT,
                apps);
    }
}
