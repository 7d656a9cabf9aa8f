package org.caravan.keyring.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.caravan.keyring.testing.Personas;
import org.junit.jupiter.api.Test;

class UnknownSignerTest {
    @Test
    void aSignatureByAKeyNotAmongTheCandidatesIsInvalidAndNamesTheIssuer() {
        byte[] data = {1, 2, 3};
        byte[] sig = DetachedSignatures.sign(Personas.secretKey("outsider"), data, Personas.SIGNED)
                .getBytes(StandardCharsets.US_ASCII);
        List<SignatureCheck> checks = DetachedSignatures.verify(data, sig, List.of(Personas.certificate("developer")));
        assertEquals(List.of(new SignatureCheck.Invalid("no certificate for issuer " + Personas.OUTSIDER.hex())), checks);
    }
}
