package org.caravan.keyring.trust;

import static org.caravan.keyring.trust.TrustAssertions.decide;
import static org.caravan.keyring.trust.TrustAssertions.refused;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.caravan.keyring.key.UnusableKeyException;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.testing.Signing;
import org.caravan.keyring.trust.TrustDecision.Rule;
import org.junit.jupiter.api.Test;

class SignatureTimeTest {
    @Test
    void aSignatureFromTheFutureIsRefused() {
        refused(decide(Subjects.EDITOR, Personas.LATER, Personas.SIGNED, "developer"), Rule.TIME, Personas.DEVELOPER,
                "dated 2026-04-01T00:00:00Z, after the reference time 2026-02-01T00:00:00Z");
    }

    @Test
    void aSignatureOlderThanItsKeyIsRefused() {
        // Caravan no longer makes such a signature (the clock is wrong), but another tool may.
        UnusableKeyException e = assertThrows(UnusableKeyException.class, () -> DetachedSignatures.sign(
                Personas.secretKey("developer"), Signing.PACKAGE, Personas.CREATED.minusSeconds(3600)));
        assertTrue(e.getMessage().contains("after the signature time") && e.getMessage().contains("check the clock"),
                e.getMessage());
        refused(TrustAssertions.ENGINE.decide(Personas.web(), Signing.uncheckedChecks(Personas.web(),
                        Personas.CREATED.minusSeconds(3600), Personas.secretKey("developer")), Subjects.EDITOR, Personas.SIGNED),
                Rule.TIME, Personas.DEVELOPER, "precedes the creation of key Developer <developer@caravan.test>");
    }
}
