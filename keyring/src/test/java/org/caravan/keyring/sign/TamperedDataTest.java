package org.caravan.keyring.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.caravan.keyring.testing.Personas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TamperedDataTest {
    @Test
    void oneFlippedBitMakesTheSignatureInvalid(@TempDir Path dir) throws Exception {
        byte[] data = "the real package".getBytes(StandardCharsets.UTF_8);
        byte[] sig = DetachedSignatures.sign(Personas.secretKey("developer"), data, Personas.SIGNED)
                .getBytes(StandardCharsets.US_ASCII);
        data[3] ^= 1;
        Path file = dir.resolve("pkg.zip");
        Files.write(file, data);
        for (List<SignatureCheck> checks : List.of(
                DetachedSignatures.verify(data, sig, Personas.keyring()),
                DetachedSignatures.verify(file, sig, Personas.keyring()))) {
            assertEquals(1, checks.size());
            SignatureCheck.Invalid invalid = assertInstanceOf(SignatureCheck.Invalid.class, checks.get(0));
            assertTrue(invalid.reason().startsWith("signature does not match the data"), invalid.reason());
            assertTrue(invalid.reason().contains(Personas.DEVELOPER.hex()), invalid.reason());
        }
    }
}
