package org.caravan.keyring.trust;

import static org.caravan.keyring.trust.TrustAssertions.decide;
import static org.caravan.keyring.trust.TrustAssertions.trusted;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.caravan.keyring.testing.Personas;
import org.junit.jupiter.api.Test;

class CertifiedSignerTest {
    @Test
    void aDeveloperCertifiedByTheRootIsTrustedInItsScope() {
        TrustDecision.Trusted t = trusted(decide(Subjects.EDITOR, Personas.SIGNED, Personas.LATER, "developer"));
        assertEquals(List.of(Personas.ROOT, Personas.DEVELOPER), t.path().stream().map(KeyRef::fingerprint).toList());
        assertEquals(Level.DEVELOPER, t.level());
        assertEquals(Scope.parse(Personas.DEVELOPER_SCOPE), t.scope());
        assertEquals(List.of(), t.coSigners());
        assertEquals(Personas.LATER, t.referenceTime());
        assertEquals("trusted: Root <root@caravan.test> [" + Personas.ROOT.hex() + "] -> Developer <developer@caravan.test> ["
                + Personas.DEVELOPER.hex() + "] (level developer, scope app:org.example.editor)", t.explain());
    }

    @Test
    void aMentorCertifiedByTheSecondRootIsTrustedForItsCategory() {
        TrustDecision.Trusted t = trusted(decide(Subjects.CHESS, Personas.SIGNED, Personas.SIGNED, "mentor"));
        assertEquals(List.of(Personas.SECOND_ROOT, Personas.MENTOR), t.path().stream().map(KeyRef::fingerprint).toList());
        assertEquals(Level.MENTOR, t.level());
    }

    @Test
    void aGlobalMaintainerMayPublishAnything() {
        TrustDecision.Trusted t = trusted(decide(Subjects.HELLO, Personas.SIGNED, Personas.SIGNED, "maintainer"));
        assertEquals(Level.MAINTAINER, t.level());
        assertEquals(Scope.GLOBAL, t.scope());
    }

    @Test
    void otherValidSignersAreListedAsCoSigners() {
        TrustDecision.Trusted t = trusted(decide(Subjects.EDITOR, Personas.SIGNED, Personas.SIGNED,
                "developer", "newcomer", "outsider"));
        assertEquals(Personas.DEVELOPER, t.signer().fingerprint());
        assertEquals(List.of(Personas.NEWCOMER, Personas.OUTSIDER),
                t.coSigners().stream().map(KeyRef::fingerprint).toList());
    }
}
