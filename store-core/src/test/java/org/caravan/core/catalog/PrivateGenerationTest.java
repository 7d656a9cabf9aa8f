package org.caravan.core.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.seal.SealedStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sealed generation opens only whole and only for a subscriber: a key it is not wrapped for is told it is not a
 * subscriber (and what to do); a file cut, changed or declaring an absurd wrapped key is refused, and no partly
 * decrypted generation is left behind.
 */
class PrivateGenerationTest {
    static final Instant MADE = Instant.parse("2026-02-01T00:00:00Z");
    @TempDir
    Path tmp;

    @Test
    void onlyAWholeFileOpensAndOnlyForASubscriber() throws Exception {
        SecretKey alice = SecretKey.generateWithEncryption("Alice <alice@caravan.invalid>", MADE);
        SecretKey bob = SecretKey.generateWithEncryption("Bob <bob@caravan.invalid>", MADE);
        byte[] plain = new byte[700_000];
        new java.util.Random(7).nextBytes(plain);
        Path plainFile = Files.write(tmp.resolve("plain.cgen"), plain);
        Path sealed = tmp.resolve("generation-1.cgen");
        PrivateGeneration.seal(plainFile, sealed, List.of(alice.certificate()));
        Path out = tmp.resolve("opened.cgen");
        PrivateGeneration.open(sealed, alice, "Members Only", out);
        assertArrayEquals(plain, Files.readAllBytes(out));
        Files.delete(out);

        PrivateGeneration.NotSubscribedException notMine = assertThrows(PrivateGeneration.NotSubscribedException.class,
                () -> PrivateGeneration.open(sealed, bob, "Members Only", out));
        assertTrue(notMine.getMessage().contains("this home (key " + bob.fingerprint().hex() + ") is not a subscriber "
                + "of private store Members Only") && notMine.getMessage().contains("caravan client identity"),
                notMine.getMessage());
        assertFalse(Files.exists(out));

        byte[] b = Files.readAllBytes(sealed);
        int wrapped = ByteBuffer.wrap(b, 9, 4).getInt();
        int stream = 13 + wrapped;
        int full = SealedStream.CHUNK + 16;
        byte[] inKey = b.clone();
        inKey[13 + wrapped - 20] ^= 1;
        byte[] inStream = b.clone();
        inStream[stream + full + 500] ^= 1;
        byte[] huge = b.clone();
        ByteBuffer.wrap(huge, 9, 4).putInt(Integer.MAX_VALUE);
        Object[][] cases = {
                {"cut inside the wrapped key", Arrays.copyOf(b, 13 + wrapped / 2), "cut short"},
                {"cut inside the last chunk", Arrays.copyOf(b, b.length - 100), "does not authenticate"},
                {"cut after two whole chunks", Arrays.copyOf(b, stream + 10 + 2 * full), "its last chunk is missing"},
                {"a byte changed in the wrapped key", inKey, "wrapped key does not open"},
                {"a byte changed in chunk 1", inStream, "chunk 1"},
                {"a byte added", Arrays.copyOf(b, b.length + 1), "chunk 2"},
                {"an absurd wrapped key length", huge, "declares a wrapped key of " + Integer.MAX_VALUE + " bytes"},
        };
        for (Object[] c : cases) {
            Path bad = Files.write(tmp.resolve("bad.cgen"), (byte[]) c[1]);
            CatalogFormatException e = assertThrows(CatalogFormatException.class,
                    () -> PrivateGeneration.open(bad, alice, "Members Only", out), (String) c[0]);
            assertTrue(e.getMessage().contains((String) c[2]), c[0] + ": " + e.getMessage());
            assertFalse(Files.exists(out), c[0] + ": a partly decrypted generation was left");
        }
    }
}
