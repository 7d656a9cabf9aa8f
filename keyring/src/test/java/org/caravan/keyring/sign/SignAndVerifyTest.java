package org.caravan.keyring.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.caravan.keyring.key.SecretKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignAndVerifyTest {
    static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant SIGNED = Instant.parse("2026-02-03T04:05:06Z");
    static final SecretKey ALICE = SecretKey.generate("Alice <alice@example.org>", CREATED);

    @Test
    void aSignatureOverBytesVerifiesWithTheSignersFingerprintAndTime() {
        byte[] data = "package bytes".getBytes(StandardCharsets.UTF_8);
        String sig = DetachedSignatures.sign(ALICE, data, SIGNED);
        assertTrue(sig.startsWith("-----BEGIN PGP SIGNATURE-----"), sig);
        List<SignatureCheck> checks = DetachedSignatures.verify(data, sig.getBytes(StandardCharsets.US_ASCII),
                List.of(ALICE.certificate()));
        assertEquals(List.of(new SignatureCheck.Valid(ALICE.fingerprint(), SIGNED)), checks);
    }

    @Test
    void aSignatureOverAFileVerifies(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.zip");
        byte[] data = new byte[3 * 65536 + 17];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        Files.write(file, data);
        String sig = DetachedSignatures.sign(ALICE, file, SIGNED);
        assertEquals(sig, DetachedSignatures.sign(ALICE, data, SIGNED), "file and byte paths sign the same bytes");
        List<SignatureCheck> checks = DetachedSignatures.verify(file, sig.getBytes(StandardCharsets.US_ASCII),
                List.of(ALICE.certificate()));
        assertEquals(List.of(new SignatureCheck.Valid(ALICE.fingerprint(), SIGNED)), checks);
    }

    @Test
    void everySignatureInOneFileGetsItsOwnResult() {
        byte[] data = "co-signed".getBytes(StandardCharsets.UTF_8);
        SecretKey bob = SecretKey.generate("Bob <bob@example.org>", CREATED);
        String both = DetachedSignatures.sign(ALICE, data, SIGNED) + DetachedSignatures.sign(bob, data, SIGNED.plusSeconds(1));
        byte[] sigs = org.bouncycastle.util.Arrays.concatenate(dearmor(DetachedSignatures.sign(ALICE, data, SIGNED)),
                dearmor(DetachedSignatures.sign(bob, data, SIGNED.plusSeconds(1))));
        List<SignatureCheck> checks = DetachedSignatures.verify(data, sigs, List.of(ALICE.certificate()));
        assertEquals(2, checks.size(), both);
        assertEquals(new SignatureCheck.Valid(ALICE.fingerprint(), SIGNED), checks.get(0));
        assertInstanceOf(SignatureCheck.Invalid.class, checks.get(1));
        assertEquals(List.of(new SignatureCheck.Valid(ALICE.fingerprint(), SIGNED),
                new SignatureCheck.Valid(bob.fingerprint(), SIGNED.plusSeconds(1))),
                DetachedSignatures.verify(data, sigs, List.of(bob.certificate(), ALICE.certificate())));
    }

    private static byte[] dearmor(String armored) {
        try (var in = org.bouncycastle.openpgp.PGPUtil.getDecoderStream(
                new java.io.ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)))) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
