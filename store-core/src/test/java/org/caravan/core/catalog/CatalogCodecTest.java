package org.caravan.core.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogCodecTest {
    static final String KEY = "ab".repeat(32);

    static Catalog sample(long generation) {
        Release r = new Release("1.0.0", "app", "cd".repeat(20), "ef".repeat(32), 1234, "org.example.hello-1.0.0.car",
                List.of(new SignerClaim("E7848A4CA7092C0B95E668162D52AB7F189B849C", Instant.parse("2026-02-01T00:00:00Z"))),
                List.of("-----BEGIN PGP SIGNATURE-----\n...\n-----END PGP SIGNATURE-----\n"));
        CatalogApp app = new CatalogApp("org.example.hello", "Hello", "Says hello", "utilities", List.of(r));
        return new Catalog(1, KEY, "Test Store", generation, Instant.parse("2026-02-01T00:00:00Z"),
                Instant.parse("2026-02-08T00:00:00Z"), null, List.of("D8AD5E997D6FF4F5B31C378D4B7E5D5ED01176CA"),
                "12".repeat(32), StorePolicy.DEFAULT, List.of(app));
    }

    @Test
    void encodingIsCanonicalAndRoundTrips() {
        byte[] a = CatalogCodec.encode(sample(3));
        byte[] b = CatalogCodec.encode(CatalogCodec.decode(a));
        assertArrayEquals(a, b);
        String json = new String(a, StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\"apps\":"), json);
        assertTrue(json.indexOf("\"expires\"") < json.indexOf("\"generation\""), "keys are sorted");
        assertTrue(json.contains("\"issued\":\"2026-02-01T00:00:00Z\""), "instants are ISO-8601: " + json);
        assertEquals(3, CatalogCodec.decode(a).generation());
    }

    @Test
    void malformedCatalogsNameTheProblem() {
        CatalogFormatException notJson = assertThrows(CatalogFormatException.class,
                () -> CatalogCodec.decode("not json".getBytes(StandardCharsets.UTF_8)));
        assertTrue(notJson.getMessage().startsWith("catalog.json is not a valid catalog"), notJson.getMessage());

        String json = new String(CatalogCodec.encode(sample(1)), StandardCharsets.UTF_8);
        CatalogFormatException badGen = assertThrows(CatalogFormatException.class,
                () -> CatalogCodec.decode(json.replace("\"generation\":1", "\"generation\":0").getBytes(StandardCharsets.UTF_8)));
        assertTrue(badGen.getMessage().contains("generation must be >= 1"), badGen.getMessage());

        CatalogFormatException unknown = assertThrows(CatalogFormatException.class,
                () -> CatalogCodec.decode(json.replace("{\"apps\"", "{\"extra\":1,\"apps\"").getBytes(StandardCharsets.UTF_8)));
        assertTrue(unknown.getMessage().contains("extra"), unknown.getMessage());
    }

    @Test
    void aLicensedReleaseIsMarkedAndCatalogsWithoutTheMarkKeepTheirBytes() {
        byte[] plain = CatalogCodec.encode(sample(1));
        assertTrue(!new String(plain, StandardCharsets.UTF_8).contains("licensedBy"), "an unlicensed release has no key");
        assertEquals(null, CatalogCodec.decode(plain).apps().get(0).releases().get(0).licensedBy());

        Catalog c = sample(1);
        String licensor = "0123456789ABCDEF0123456789ABCDEF01234567";
        CatalogApp app = c.apps().get(0);
        CatalogApp marked = new CatalogApp(app.id(), app.name(), app.summary(), app.category(),
                List.of(app.releases().get(0).withLicensedBy(licensor)));
        Catalog withMark = new Catalog(1, KEY, "Test Store", 1, c.issued(), c.expires(), null, c.roots(),
                c.keyringSha256(), c.policy(), List.of(marked));
        byte[] json = CatalogCodec.encode(withMark);
        assertTrue(new String(json, StandardCharsets.UTF_8).contains("\"licensedBy\":\"" + licensor + "\""));
        assertEquals(licensor, CatalogCodec.decode(json).apps().get(0).releases().get(0).licensedBy());
        assertArrayEquals(json, CatalogCodec.encode(CatalogCodec.decode(json)));

        CatalogFormatException bad = assertThrows(CatalogFormatException.class, () -> CatalogCodec.decode(
                new String(json, StandardCharsets.UTF_8).replace(licensor, "not-a-key").getBytes(StandardCharsets.UTF_8)));
        assertTrue(bad.getMessage().contains("licensedBy must be a key's fingerprint"), bad.getMessage());
    }

    @Test
    void aReleaseWithoutSignatureIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Release("1.0.0", "app",
                "cd".repeat(20), "ef".repeat(32), 1, "x.car", List.of(), List.of()));
        assertTrue(e.getMessage().contains("carries no signature"), e.getMessage());
    }
}
