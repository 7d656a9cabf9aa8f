package org.caravan.keyring.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.caravan.keyring.testing.Personas;
import org.junit.jupiter.api.Test;

class MalformedSignatureTest {
    @Test
    void noSignatureDataMeansNoSignatures() {
        assertEquals(List.of(), DetachedSignatures.verify(new byte[] {1}, new byte[0], Personas.keyring()));
        assertEquals(List.of(), DetachedSignatures.verify(new byte[] {1}, "\n \n".getBytes(StandardCharsets.US_ASCII),
                Personas.keyring()));
    }

    @Test
    void garbageIsOneInvalidSignatureThatSaysSo() {
        List<SignatureCheck> checks = DetachedSignatures.verify(new byte[] {1},
                "this is not a signature".getBytes(StandardCharsets.US_ASCII), Personas.keyring());
        assertEquals(1, checks.size());
        SignatureCheck.Invalid invalid = assertInstanceOf(SignatureCheck.Invalid.class, checks.get(0));
        assertTrue(invalid.reason().startsWith("not "), invalid.reason());
    }

    @Test
    void aCertificateIsNotASignature() {
        List<SignatureCheck> checks = DetachedSignatures.verify(new byte[] {1},
                Personas.certificate("developer").armored().getBytes(StandardCharsets.US_ASCII), Personas.keyring());
        SignatureCheck.Invalid invalid = assertInstanceOf(SignatureCheck.Invalid.class, checks.get(0));
        assertTrue(invalid.reason().startsWith("not a detached signature"), invalid.reason());
    }
}
