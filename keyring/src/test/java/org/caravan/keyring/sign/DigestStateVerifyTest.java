package org.caravan.keyring.sign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import org.caravan.keyring.testing.Personas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifying from the digest state a caller already has (one pass over a package for its SHA-256 and its
 * signatures) gives the same results as verifying the file, for good and for wrong signatures.
 */
class DigestStateVerifyTest {

    private static byte[] packageBytes() {
        byte[] data = new byte[5 * 65536 + 123];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 131 + (i >>> 9));
        }
        return data;
    }

    private static MessageDigest hashed(String algorithm, byte[] data) throws Exception {
        MessageDigest md = MessageDigest.getInstance(algorithm);
        md.update(data, 0, 1000);
        md.update(data, 1000, data.length - 1000);
        return md;
    }

    @Test
    void aGoodSignatureIsValidFromTheDigestStateAsFromTheFile(@TempDir Path dir) throws Exception {
        byte[] data = packageBytes();
        Path file = Files.write(dir.resolve("app.car"), data);
        byte[] sig = DetachedSignatures.sign(Personas.secretKey("developer"), data, Personas.SIGNED)
                .getBytes(StandardCharsets.US_ASCII);
        MessageDigest state = hashed("SHA-256", data);

        List<SignatureCheck> fromState = DetachedSignatures.verify(file, state, sig, Personas.keyring());

        assertEquals(List.of(new SignatureCheck.Valid(Personas.DEVELOPER, Personas.SIGNED)), fromState);
        assertEquals(DetachedSignatures.verify(file, sig, Personas.keyring()), fromState);
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data), state.digest(),
                "the caller's digest is left as it was, so it still gives the file's SHA-256");
    }

    @Test
    void aSignatureOverOtherBytesIsInvalidFromTheDigestStateAsFromTheFile(@TempDir Path dir) throws Exception {
        byte[] data = packageBytes();
        byte[] sig = DetachedSignatures.sign(Personas.secretKey("developer"), data, Personas.SIGNED)
                .getBytes(StandardCharsets.US_ASCII);
        data[70_000] ^= 1;
        Path file = Files.write(dir.resolve("app.car"), data);

        List<SignatureCheck> fromState = DetachedSignatures.verify(file, hashed("SHA-256", data), sig, Personas.keyring());

        assertEquals(DetachedSignatures.verify(file, sig, Personas.keyring()), fromState);
        SignatureCheck.Invalid invalid = assertInstanceOf(SignatureCheck.Invalid.class, fromState.get(0));
        assertTrue(invalid.reason().startsWith("signature does not match the data"), invalid.reason());
        assertTrue(invalid.reason().contains(Personas.DEVELOPER.hex()), invalid.reason());
    }

    @Test
    void theStateIsWhatIsCheckedSoAStateOfOtherBytesFails(@TempDir Path dir) throws Exception {
        byte[] data = packageBytes();
        Path file = Files.write(dir.resolve("app.car"), data);
        byte[] sig = DetachedSignatures.sign(Personas.secretKey("developer"), data, Personas.SIGNED)
                .getBytes(StandardCharsets.US_ASCII);
        byte[] other = data.clone();
        other[3] ^= 1;

        // The file on disk is the signed one, but the SHA-256 signature continues the state and does not read it.
        List<SignatureCheck> checks = DetachedSignatures.verify(file, hashed("SHA-256", other), sig, Personas.keyring());

        assertInstanceOf(SignatureCheck.Invalid.class, checks.get(0));
    }

    @Test
    void aSignatureOverAnotherHashThanTheStateReadsTheFileAndStillVerifies(@TempDir Path dir) throws Exception {
        byte[] data = packageBytes();
        Path file = Files.write(dir.resolve("app.car"), data);
        byte[] both = org.bouncycastle.util.Arrays.concatenate(
                dearmor(DetachedSignatures.sign(Personas.secretKey("developer"), data, Personas.SIGNED)),
                dearmor(DetachedSignatures.sign(Personas.secretKey("newcomer"), data, Personas.SIGNED.plusSeconds(1))));

        List<SignatureCheck> checks = DetachedSignatures.verify(file, hashed("SHA-512", data), both, Personas.keyring());

        assertEquals(List.of(new SignatureCheck.Valid(Personas.DEVELOPER, Personas.SIGNED),
                new SignatureCheck.Valid(Personas.NEWCOMER, Personas.SIGNED.plusSeconds(1))), checks);
        assertEquals(DetachedSignatures.verify(file, both, Personas.keyring()), checks);
    }

    @Test
    void aMissingDigestStateIsRefusedByName(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("app.car"), packageBytes());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DetachedSignatures.verify(file, null, new byte[0], Personas.keyring()));
        assertTrue(e.getMessage().contains("app.car"), e.getMessage());
    }

    private static byte[] dearmor(String armored) throws java.io.IOException {
        try (var in = org.bouncycastle.openpgp.PGPUtil.getDecoderStream(
                new java.io.ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)))) {
            return in.readAllBytes();
        }
    }
}
