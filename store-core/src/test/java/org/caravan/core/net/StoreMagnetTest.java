package org.caravan.core.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class StoreMagnetTest {
    private static final String KEY = "8543d3e6115f0f98c944077a4493dcd543e49c739fd998550a1f614ab36ed63e";
    private static final String MAGNET = "magnet:?xs=urn:btpk:" + KEY + "&s=63617261766e";

    @Test
    void parsesAndFormatsTheSameMagnet() {
        StoreMagnet m = StoreMagnet.parse(MAGNET);
        assertArrayEquals(HexFormat.of().parseHex(KEY), m.publicKey());
        assertEquals("caravn", new String(m.salt(), java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(MAGNET, m.format());
        assertEquals(m, StoreMagnet.parse(m.format()));
    }

    @Test
    void acceptsUpperCaseHexAndOtherParametersAndNoSalt() {
        StoreMagnet m = StoreMagnet.parse("magnet:?dn=My%20Store&xs=urn:btpk:" + KEY.toUpperCase());
        assertEquals(0, m.salt().length);
        assertEquals("magnet:?xs=urn:btpk:" + KEY, m.format());
    }

    @Test
    void publicKeyAndSaltAreCopies() {
        StoreMagnet m = StoreMagnet.parse(MAGNET);
        m.publicKey()[0] = 0;
        m.salt()[0] = 0;
        assertEquals(MAGNET, m.format());
    }

    @Test
    void refusesAnotherScheme() {
        assertMessage("https://example.org/?xs=urn:btpk:" + KEY, "magnet:?");
    }

    @Test
    void refusesMissingKey() {
        assertMessage("magnet:?xt=urn:btih:" + "a".repeat(40), "no xs=urn:btpk");
    }

    @Test
    void refusesBadHex() {
        assertMessage("magnet:?xs=urn:btpk:" + "zz" + KEY.substring(2), "not hex");
        assertMessage("magnet:?xs=urn:btpk:" + KEY + "&s=abc", "salt is not hex");
    }

    @Test
    void refusesWrongKeyLength() {
        assertMessage("magnet:?xs=urn:btpk:" + KEY.substring(2), "31 bytes");
        assertMessage("magnet:?xs=urn:btpk:" + KEY + "00", "33 bytes");
    }

    @Test
    void refusesSaltOver64Bytes() {
        assertMessage("magnet:?xs=urn:btpk:" + KEY + "&s=" + "ab".repeat(65), "65 bytes");
        // 64 bytes is the limit itself and fine
        assertEquals(64, StoreMagnet.parse("magnet:?xs=urn:btpk:" + KEY + "&s=" + "ab".repeat(64)).salt().length);
    }

    @Test
    void refusesEmptyText() {
        assertThrows(IllegalArgumentException.class, () -> StoreMagnet.parse(" "));
        assertThrows(IllegalArgumentException.class, () -> StoreMagnet.parse(null));
    }

    /** Attack: a magnet naming two channels; readers that took the first and the last would follow different ones. */
    @Test
    void refusesTwoSaltsOrTwoKeys() {
        assertMessage(MAGNET + "&s=00", "two salts");
        assertMessage(MAGNET + "&xs=urn:btpk:" + KEY, "two urn:btpk keys");
    }

    @Test
    void ignoresUnknownParametersAndOtherExactSources() {
        StoreMagnet m = StoreMagnet.parse(MAGNET + "&x.pe=127.0.0.1:6881&x.future=1&tr=udp%3A%2F%2F127.0.0.1&xs=urn:btih:"
                + "a".repeat(40));
        assertEquals(MAGNET, m.format());
    }

    @Test
    void percentEncodingIsDecodedAndABadEscapeNamesTheMagnet() {
        assertEquals(MAGNET, StoreMagnet.parse("magnet:?xs=urn%3Abtpk%3A" + KEY + "&s=%36%33617261766e").format());
        assertMessage(MAGNET + "&dn=100%", "bad percent escape");
        assertMessage("magnet:?xs=urn:btpk:" + KEY + "&s=%zz", "bad percent escape");
    }

    /** Attack: a megabyte of magnet (pasted, or from a link): refused at once, with a message of bounded size. */
    @Test
    void refusesHugeInputWithAShortMessage() {
        String huge = MAGNET + "&dn=" + "a".repeat(1_000_000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StoreMagnet.parse(huge));
        assertTrue(e.getMessage().contains(huge.length() + " characters"), e.getMessage());
        assertTrue(e.getMessage().length() < 300, "message of " + e.getMessage().length() + " characters");
        assertEquals(MAGNET, StoreMagnet.parse(MAGNET + "&dn=" + "a".repeat(StoreMagnet.MAX_MAGNET_CHARS - MAGNET.length() - 4))
                .format(), "a magnet at the limit is read");
    }

    private static void assertMessage(String magnet, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StoreMagnet.parse(magnet));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains(magnet), "names the magnet: " + e.getMessage());
    }

    /** Each root set version has its own DHT item: version 1 keeps the magnet's salt, so stores that never rotated are unchanged. */
    @Test
    void eachRootSetVersionHasItsOwnSaltWithinBep44sLimit() {
        StoreMagnet m = StoreMagnet.parse(MAGNET);
        assertArrayEquals(m.salt(), m.saltFor(1));
        assertEquals(new String(m.salt(), java.nio.charset.StandardCharsets.US_ASCII) + ".r2",
                new String(m.saltFor(2), java.nio.charset.StandardCharsets.US_ASCII));
        StoreMagnet longSalt = new StoreMagnet(m.publicKey(), "s".repeat(StoreMagnet.MAX_SALT_BYTES).getBytes());
        byte[] v12 = longSalt.saltFor(12);
        assertEquals(StoreMagnet.MAX_SALT_BYTES, v12.length);
        assertTrue(new String(v12, java.nio.charset.StandardCharsets.US_ASCII).endsWith("s.r12"));
        assertThrows(IllegalArgumentException.class, () -> m.saltFor(0));
    }
}
