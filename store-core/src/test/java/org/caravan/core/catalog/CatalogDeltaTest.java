package org.caravan.core.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.caravan.core.store.Publication;
import org.caravan.core.testing.StoreFixture;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.trust.Level;
import org.caravan.keyring.trust.Scope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogDeltaTest {
    @TempDir
    Path tmp;

    private static GenerationBundle read(Path file) throws Exception {
        return GenerationBundle.read(file, GenerationBundle.MAX_BUNDLE_BYTES);
    }

    @Test
    void aDeltaRebuildsTheNextGenerationExactly() throws Exception {
        StoreFixture f = StoreFixture.create(tmp);
        f.addApp("org.example.hello", "1.0.0", "utilities");
        f.addApp("org.example.notes", "1.0.0", "office");
        Publication g1 = f.store.publish(StoreFixture.PUBLISHED);
        f.addApp("org.example.hello", "1.1.0", "utilities");
        Publication g2 = f.store.publish(StoreFixture.PUBLISHED.plusSeconds(60));
        assertTrue(g2.delta().isPresent(), "generation 2 comes with a delta");

        DeltaBundle delta = DeltaBundle.read(g2.delta().get());
        CatalogDelta d = delta.delta();
        assertEquals(List.of("org.example.hello"), d.upserts().stream().map(CatalogApp::id).toList());
        assertEquals(List.of(), d.removals());
        assertNull(delta.keyring(), "an unchanged keyring is not repeated");

        GenerationBundle rebuilt = delta.applyTo(read(g1.file()));
        assertArrayEquals(read(g2.file()).catalogJson(), rebuilt.catalogJson());
        VerifiedGeneration v = GenerationVerifier.verify(rebuilt, f.store.storeKey());
        assertEquals(2, v.catalog().generation());
    }

    @Test
    void aRevocationTravelsInTheDeltasKeyring() throws Exception {
        StoreFixture f = StoreFixture.create(tmp);
        f.addApp("org.example.hello", "1.0.0", "utilities");
        Publication g1 = f.store.publish(StoreFixture.PUBLISHED);
        f.store.certify(Personas.secretKey("mentor").certificate(), Level.MENTOR, Scope.GLOBAL, null, StoreFixture.NOW);
        Publication g2 = f.store.publish(StoreFixture.NOW);
        DeltaBundle delta = DeltaBundle.read(g2.delta().orElseThrow());
        assertArrayEquals(read(g2.file()).keyring(), delta.keyring());
        assertEquals(2, GenerationVerifier.verify(delta.applyTo(read(g1.file())), f.store.storeKey()).catalog().generation());
    }

    @Test
    void aTamperedDeltaOrADeltaForAnotherGenerationIsRefused() throws Exception {
        StoreFixture f = StoreFixture.create(tmp);
        f.addApp("org.example.hello", "1.0.0", "utilities");
        Publication g1 = f.store.publish(StoreFixture.PUBLISHED);
        f.addApp("org.example.notes", "1.0.0", "office");
        Publication g2 = f.store.publish(StoreFixture.PUBLISHED.plusSeconds(60));
        f.addApp("org.example.paint", "1.0.0", "graphics");
        Publication g3 = f.store.publish(StoreFixture.PUBLISHED.plusSeconds(120));

        DeltaBundle d2 = DeltaBundle.read(g2.delta().orElseThrow());
        String json = new String(d2.deltaJson(), StandardCharsets.UTF_8).replace("Summary of org.example.notes", "Evil");
        DeltaBundle tampered = new DeltaBundle(json.getBytes(StandardCharsets.UTF_8), d2.catalogSignature(), d2.keyring());
        CatalogFormatException e = assertThrows(CatalogFormatException.class, () -> tampered.applyTo(read(g1.file())));
        assertTrue(e.getMessage().contains("does not match the hash"), e.getMessage());

        DeltaBundle d3 = DeltaBundle.read(g3.delta().orElseThrow());
        CatalogFormatException wrong = assertThrows(CatalogFormatException.class, () -> d3.applyTo(read(g1.file())));
        assertTrue(wrong.getMessage().contains("starts from generation 2"), wrong.getMessage());

        Path junk = Files.writeString(tmp.resolve("delta-9.cdelta"), "junk");
        assertThrows(CatalogFormatException.class, () -> DeltaBundle.read(junk).delta());
    }

    /** The goal of issue 4: one changed app of 10 000 costs a subscriber under 1% of the full catalog. */
    @Test
    void oneChangedAppOfTenThousandIsUnderOnePercentOfTheCatalog() {
        String sig = "-----BEGIN PGP SIGNATURE-----\n\n" + "A".repeat(160) + "\n=abcd\n-----END PGP SIGNATURE-----\n";
        List<CatalogApp> apps = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            apps.add(app(i, "1.0.0", sig));
        }
        Catalog g1 = catalog(1, null, apps);
        byte[] j1 = CatalogCodec.encode(g1);
        List<CatalogApp> changed = new ArrayList<>(apps);
        changed.set(4242, app(4242, "1.0.1", sig));
        Catalog g2 = catalog(2, Sha256.hex(j1), changed);
        byte[] j2 = CatalogCodec.encode(g2);
        CatalogDelta d = CatalogDelta.between(g1, j1, g2, j2);
        byte[] delta = deltaBytes(d);
        double ratio = (double) delta.length / j2.length;
        assertTrue(ratio < 0.01, "delta " + delta.length + " bytes of " + j2.length + " = " + ratio);
        assertArrayEquals(j2, CatalogCodec.encode(d.applyTo(g1, j1)));
    }

    private static byte[] deltaBytes(CatalogDelta d) {
        try {
            return CatalogCodec.mapper().writeValueAsBytes(d);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static CatalogApp app(int i, String version, String sig) {
        Release r = new Release(version, "app", String.format("%040x", i), String.format("%064x", i), 1000 + i,
                "org.example.app" + i + "-" + version + ".car",
                List.of(new SignerClaim(Personas.DEVELOPER.hex(), Instant.parse("2026-02-01T00:00:00Z"))), List.of(sig));
        return new CatalogApp("org.example.app" + i, "App " + i, "The app number " + i, "utilities", List.of(r));
    }

    private static Catalog catalog(long generation, String previous, List<CatalogApp> apps) {
        return new Catalog(1, "ab".repeat(32), "Big Store", generation, Instant.parse("2026-02-01T00:00:00Z"),
                Instant.parse("2026-02-08T00:00:00Z"), previous, List.of(Personas.ROOT.hex()), "12".repeat(32),
                StorePolicy.DEFAULT, apps);
    }
}
