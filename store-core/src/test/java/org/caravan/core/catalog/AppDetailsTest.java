package org.caravan.core.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The app details and release notes in a catalog: optional, so catalogs written before them still load. */
class AppDetailsTest {
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 'I', 'H', 'D', 'R',
            0, 0, 0, 32, 0, 0, 0, 32};

    private static Catalog with(AppDetails details, String notes) {
        Catalog c = CatalogCodecTest.sample(2);
        CatalogApp app = c.apps().get(0);
        Release r = app.releases().get(0);
        Release noted = new Release(r.version(), r.type(), r.infoHash(), r.sha256(), r.size(), r.fileName(), r.signers(),
                r.signatures(), r.mirrors(), notes);
        return c.withApps(List.of(new CatalogApp(app.id(), app.name(), app.summary(), app.category(), List.of(noted),
                details)));
    }

    @Test
    void anOldCatalogLoadsWithoutDetailsAndKeepsItsBytes() {
        byte[] json = CatalogCodec.encode(CatalogCodecTest.sample(2));
        String text = new String(json, StandardCharsets.UTF_8);
        assertFalse(text.contains("details") || text.contains("notes"), text);
        Catalog back = CatalogCodec.decode(json);
        assertNull(back.apps().get(0).details());
        assertEquals("", back.apps().get(0).releases().get(0).notes());
        assertArrayEquals(json, CatalogCodec.encode(back));
    }

    @Test
    void detailsAndNotesRoundTrip() {
        AppDetails d = new AppDetails("Long text.", "https://example.org", "MIT", List.of("memo"),
                Base64.getEncoder().encodeToString(PNG), List.of(new AppDetails.Shot("Main", Base64.getEncoder()
                        .encodeToString(PNG))));
        Catalog c = with(d, "Fixed a crash.");
        Catalog back = CatalogCodec.decode(CatalogCodec.encode(c));
        assertEquals(d, back.apps().get(0).details());
        assertArrayEquals(PNG, back.apps().get(0).details().iconBytes());
        assertEquals("Fixed a crash.", back.apps().get(0).releases().get(0).notes());
        assertArrayEquals(CatalogCodec.encode(c), CatalogCodec.encode(back));
    }

    @Test
    void anIconThatIsNotAPngIsRefused() {
        String why = assertThrows(IllegalArgumentException.class, () -> new AppDetails("", "", "", List.of(),
                Base64.getEncoder().encodeToString("GIF89a".getBytes(StandardCharsets.US_ASCII)), List.of()))
                .getMessage();
        assertTrue(why.contains("icon is not a PNG"), why);
    }
}
