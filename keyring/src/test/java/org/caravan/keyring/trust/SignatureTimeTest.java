package org.caravan.keyring.trust;

import static org.caravan.keyring.trust.TrustAssertions.decide;
import static org.caravan.keyring.trust.TrustAssertions.refused;

import org.caravan.keyring.testing.Personas;
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
        refused(decide(Subjects.EDITOR, Personas.CREATED.minusSeconds(3600), Personas.SIGNED, "developer"), Rule.TIME,
                Personas.DEVELOPER, "precedes the creation of key Developer <developer@caravan.test>");
    }
}
