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
}
