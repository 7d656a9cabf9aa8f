package org.caravan.core.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Release.mirrors (BEP 19 web seeds): optional in JSON, so catalogs written before it keep their bytes. */
class ReleaseMirrorsTest {

    private static Catalog withMirrors(List<String> mirrors) {
        Catalog c = CatalogCodecTest.sample(2);
        CatalogApp app = c.apps().get(0);
        CatalogApp changed = new CatalogApp(app.id(), app.name(), app.summary(), app.category(),
                List.of(app.releases().get(0).withMirrors(mirrors)));
        return new Catalog(c.formatVersion(), c.storeKey(), c.storeName(), c.generation(), c.issued(), c.expires(),
                c.previousHash(), c.roots(), c.keyringSha256(), c.policy(), List.of(changed));
    }

    @Test
    void aCatalogWithoutMirrorsKeepsItsBytesAndDecodesWithNone() {
        byte[] json = CatalogCodec.encode(CatalogCodecTest.sample(2));
        String text = new String(json, StandardCharsets.UTF_8);
        assertFalse(text.contains("mirrors"), "an empty mirror list is not written: " + text);
        Catalog back = CatalogCodec.decode(json);
        assertEquals(List.of(), back.apps().get(0).releases().get(0).mirrors());
        assertArrayEquals(json, CatalogCodec.encode(back));
        assertArrayEquals(json, CatalogCodec.encode(withMirrors(List.of())));
    }

    @Test
    void mirrorsRoundTripInTheCanonicalJson() {
        List<String> urls = List.of("https://mirror.example.org/hello.car", "http://127.0.0.1:8080/hello.car");
        byte[] json = CatalogCodec.encode(withMirrors(urls));
        String text = new String(json, StandardCharsets.UTF_8);
        assertTrue(text.contains("\"mirrors\":[\"https://mirror.example.org/hello.car\",\"http://127.0.0.1:8080/hello.car\"]"),
                text);
        assertTrue(text.indexOf("\"infoHash\"") < text.indexOf("\"mirrors\"")
                && text.indexOf("\"mirrors\"") < text.indexOf("\"sha256\""), "keys stay sorted: " + text);
        Catalog back = CatalogCodec.decode(json);
        assertEquals(urls, back.apps().get(0).releases().get(0).mirrors());
        assertArrayEquals(json, CatalogCodec.encode(back));
    }

    @Test
    void otherMissingFieldsAreStillRefused() {
        String json = new String(CatalogCodec.encode(CatalogCodecTest.sample(1)), StandardCharsets.UTF_8);
        String noSize = json.replace("\"size\":1234,", "");
        CatalogFormatException e = assertThrows(CatalogFormatException.class,
                () -> CatalogCodec.decode(noSize.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("size"), e.getMessage());
    }

    @Test
    void badMirrorsAreRefusedNamingTheUrlAndRelease() {
        for (String bad : List.of("ftp://example.org/x.car", "file:///etc/passwd", "hello.car", "http:///x.car",
                "https://user:pw@example.org/x.car", "https://example.org/x.car#frag", "http://exa mple.org/")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> withMirrors(List.of(bad)), bad);
            assertTrue(e.getMessage().contains("release 1.0.0") && e.getMessage().contains(bad.split(" ")[0]),
                    e.getMessage());
        }
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> withMirrors(List.of("http://127.0.0.1/a.car", "http://127.0.0.1/a.car")));
        assertTrue(twice.getMessage().contains("listed twice"), twice.getMessage());
        String json = new String(CatalogCodec.encode(withMirrors(List.of("http://127.0.0.1/a.car"))), StandardCharsets.UTF_8);
        CatalogFormatException inJson = assertThrows(CatalogFormatException.class, () -> CatalogCodec.decode(
                json.replace("http://127.0.0.1/a.car", "gopher://127.0.0.1/a.car").getBytes(StandardCharsets.UTF_8)));
        assertTrue(inJson.getMessage().contains("gopher://127.0.0.1/a.car"), inJson.getMessage());
    }
}
