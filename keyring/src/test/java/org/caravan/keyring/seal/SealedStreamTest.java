package org.caravan.keyring.seal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Sealed content opens only whole, in order and under its own key. */
class SealedStreamTest {
    private static final ContentKey KEY = ContentKey.of(new byte[32]);

    private static byte[] seal(byte[] plain, ContentKey key) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(plain.length, SealedStream.seal(new ByteArrayInputStream(plain), out, key));
        return out.toByteArray();
    }

    private static byte[] open(byte[] sealed, ContentKey key) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SealedStream.open(new ByteArrayInputStream(sealed), out, key, "test.car");
        return out.toByteArray();
    }

    @Test
    void roundTripsEverySizeAroundAChunk() throws IOException {
        Random r = new Random(7);
        for (int size : new int[] {0, 1, SealedStream.CHUNK - 1, SealedStream.CHUNK, SealedStream.CHUNK + 1,
                3 * SealedStream.CHUNK + 5}) {
            byte[] plain = new byte[size];
            r.nextBytes(plain);
            byte[] sealed = seal(plain, KEY);
            assertEquals(SealedStream.sealedSize(size), sealed.length, "size " + size);
            assertArrayEquals(plain, open(sealed, KEY), "size " + size);
        }
    }

    @Test
    void refusesCutChangedExtendedOrForeignContent() throws IOException {
        byte[] plain = new byte[2 * SealedStream.CHUNK + 100];
        new Random(1).nextBytes(plain);
        byte[] sealed = seal(plain, KEY);
        // Cut at a chunk boundary: the rest would look like a whole stream if the last chunk were not marked.
        int boundary = 10 + SealedStream.CHUNK + SealedStream.TAG;
        for (int cut : new int[] {0, 5, 10, boundary, boundary + 1, 2 * boundary - 10, sealed.length - 1}) {
            SealBrokenException e = assertThrows(SealBrokenException.class,
                    () -> open(Arrays.copyOf(sealed, cut), KEY), "cut at " + cut);
            assertTrue(e.getMessage().startsWith("test.car"), e.getMessage());
        }
        byte[] flipped = sealed.clone();
        flipped[sealed.length / 2] ^= 1;
        assertTrue(assertThrows(SealBrokenException.class, () -> open(flipped, KEY)).getMessage()
                .contains("does not authenticate"));
        byte[] longer = Arrays.copyOf(sealed, sealed.length + 1);
        assertThrows(SealBrokenException.class, () -> open(longer, KEY));
        // A whole second stream appended: the first one ends, and what follows is refused.
        byte[] twice = new byte[2 * sealed.length];
        System.arraycopy(sealed, 0, twice, 0, sealed.length);
        System.arraycopy(sealed, 0, twice, sealed.length, sealed.length);
        byte[] small = seal(new byte[3], KEY);
        byte[] smallTwice = Arrays.copyOf(small, small.length + 1);
        assertTrue(assertThrows(SealBrokenException.class, () -> open(smallTwice, KEY)).getMessage()
                .contains("does not authenticate"));
        assertThrows(SealBrokenException.class, () -> open(twice, KEY));
        assertThrows(SealBrokenException.class, () -> open(sealed, ContentKey.random()));
    }

    @Test
    void aContentKeyNeverShowsInText() {
        ContentKey k = ContentKey.random();
        assertEquals("ContentKey[hidden]", k.toString());
        assertEquals(64, k.hex().length());
    }
}
