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

    /**
     * Attack: a DHT node re-encodes a genuine pointer value in another bencoding of the same data. The signature
     * covers exact bytes, so only the one canonical form can be the store's; every other spelling is no pointer.
     */
    @Test
    void nonCanonicalBencodingOfAPointerIsNoPointer() {
        String ih = "2:ih20:" + "h".repeat(20);
        assertEquals(Optional.of(new ChannelPointer(new InfoHash("68".repeat(20)), 4)), decode("d1:gi4e" + ih + "e"));
        for (String bad : List.of(
                "d1:gi04e" + ih + "e",                       // leading zero in an integer
                "d1:gi-0e" + ih + "e",                       // negative zero
                "d1:gi+4e" + ih + "e",                       // sign on a positive integer
                "d01:gi4e" + ih + "e",                       // leading zero in a string length
                "d" + ih + "1:gi4ee",                        // keys out of order
                "d1:gi4e1:gi4e" + ih + "e",                  // a key twice
                "d1:gi4e" + ih + "ee",                       // trailing byte
                "d1:gi4e" + ih + "e\n")) {                  // trailing newline
            assertEquals(Optional.empty(), decode(bad), bad);
        }
    }

    /** Attack: a pointer over BEP 44's 1000-byte limit (nodes would not store it; a forged one is refused here too). */
    @Test
    void aPointerValueOver1000BytesIsNoPointer() {
        String head = "d1:gi4e2:ih20:" + "h".repeat(20) + "1:x";
        String atLimit = head + (1000 - head.length() - 5) + ":" + "p".repeat(1000 - head.length() - 5) + "e";
        assertEquals(1000, atLimit.length());
        assertTrue(decode(atLimit).isPresent(), "1000 bytes is still a pointer");
        String over = head + (1001 - head.length() - 5) + ":" + "p".repeat(1001 - head.length() - 5) + "e";
        assertEquals(1001, over.length());
        assertEquals(Optional.empty(), decode(over));
    }

    private static Optional<ChannelPointer> decode(String value) {
        return PointerCodec.decode(value.getBytes(StandardCharsets.ISO_8859_1));
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
        // Found by DhtFuzzTest#bencode: a key that is not UTF-8 re-encoded as U+FFFD, i.e. as other bytes.
        assertThrows(IllegalArgumentException.class, () -> Bencode.decode("d1:\u009ai1ee".getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void pieceLengthKeepsThePieceListSmall() {
        assertEquals(16 * 1024, Metainfo.pieceLengthFor(1));
        assertTrue(100L * 1024 * 1024 / Metainfo.pieceLengthFor(100L * 1024 * 1024) <= Metainfo.TARGET_PIECES);
    }
}
