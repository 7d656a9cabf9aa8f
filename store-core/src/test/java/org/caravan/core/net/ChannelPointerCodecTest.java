package org.caravan.core.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ChannelPointerCodecTest {
    private static final InfoHash IH = new InfoHash("0123456789abcdef0123456789abcdef01234567");

    @Test
    void pointerRoundTripsThroughItsBencodedValue() {
        ChannelPointer p = new ChannelPointer(IH, 42);
        byte[] value = PointerCodec.encode(p);
        String expectedPrefix = "d1:gi42e2:ih20:";
        assertEquals(expectedPrefix, new String(value, 0, expectedPrefix.length(), StandardCharsets.ISO_8859_1));
        assertEquals(expectedPrefix.length() + 20 + 1, value.length);
        assertEquals(Optional.of(p), PointerCodec.decode(value));
    }

    @Test
    void aPointerWithADeltaRoundTrips() {
        InfoHash delta = new InfoHash("fedcba9876543210fedcba9876543210fedcba98");
        ChannelPointer p = new ChannelPointer(IH, 7, Optional.of(delta));
        byte[] value = PointerCodec.encode(p);
        String expectedPrefix = "d1:d20:";
        assertEquals(expectedPrefix, new String(value, 0, expectedPrefix.length(), StandardCharsets.ISO_8859_1));
        assertEquals(Optional.of(p), PointerCodec.decode(value));
    }

    @Test
    void malformedValuesDecodeToNothing() {
        for (byte[] bad : List.of(
                "d1:xi1ee".getBytes(StandardCharsets.US_ASCII),              // no g, no ih
                "d1:gi0e2:ih20:aaaaaaaaaaaaaaaaaaaae".getBytes(StandardCharsets.US_ASCII), // generation 0
                "d1:gi1e2:ih3:abce".getBytes(StandardCharsets.US_ASCII),     // short info-hash
                "d2:ih20:aaaaaaaaaaaaaaaaaaaa1:gi1ee".getBytes(StandardCharsets.US_ASCII), // keys out of order
                "i1e".getBytes(StandardCharsets.US_ASCII),
                "d1:gi1e".getBytes(StandardCharsets.US_ASCII),               // truncated
                new byte[0])) {
            assertEquals(Optional.empty(), PointerCodec.decode(bad), new String(bad, StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void bencodeSortsKeysAndKeepsBinaryStrings() {
        byte[] raw = HexFormat.of().parseHex("00ff10");
        byte[] enc = Bencode.encode(Map.of("zz", 1L, "a", raw, "m", List.of("x", -3L)));
        assertEquals("d1:a3:", new String(enc, 0, 6, StandardCharsets.ISO_8859_1));
        @SuppressWarnings("unchecked")
        Map<String, Object> back = (Map<String, Object>) Bencode.decode(enc);
        assertArrayEquals(raw, (byte[]) back.get("a"));
        assertEquals(1L, back.get("zz"));
        assertEquals("d1:a3:\u0000\u00ff\u00101:ml1:xi-3ee2:zzi1ee", new String(enc, StandardCharsets.ISO_8859_1));
    }

    @Test
    void bencodeRejectsTrailingBytesAndBadNumbers() {
        assertThrows(IllegalArgumentException.class, () -> Bencode.decode("i1ei2e".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(IllegalArgumentException.class, () -> Bencode.decode("i01e".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(IllegalArgumentException.class, () -> Bencode.decode("5:abc".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void pieceLengthKeepsThePieceListSmall() {
        assertEquals(16 * 1024, Metainfo.pieceLengthFor(1));
        assertTrue(100L * 1024 * 1024 / Metainfo.pieceLengthFor(100L * 1024 * 1024) <= Metainfo.TARGET_PIECES);
    }
}
