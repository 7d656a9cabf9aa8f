package org.caravan.keyring.trust;

import static org.caravan.keyring.trust.TrustAssertions.decide;
import static org.caravan.keyring.trust.TrustAssertions.trusted;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.caravan.keyring.testing.Personas;
import org.junit.jupiter.api.Test;

class RootSignatureTest {
    @Test
    void aRootSigningIsTrustedAsMaintainerEverywhere() {
        TrustDecision.Trusted t = trusted(decide(Subjects.CHESS, Personas.SIGNED, Personas.LATER, "second-root"));
        assertEquals(List.of(Personas.SECOND_ROOT), t.path().stream().map(KeyRef::fingerprint).toList());
        assertEquals(Level.MAINTAINER, t.level());
        assertEquals(Scope.GLOBAL, t.scope());
    }
}
