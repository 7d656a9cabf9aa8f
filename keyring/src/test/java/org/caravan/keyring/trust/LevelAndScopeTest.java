package org.caravan.keyring.trust;

import static org.caravan.keyring.trust.TrustAssertions.decide;
import static org.caravan.keyring.trust.TrustAssertions.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.trust.TrustDecision.Rule;
import org.junit.jupiter.api.Test;

class LevelAndScopeTest {
    @Test
    void aNewcomerCannotPublishAlone() {
        refused(decide(Subjects.HELLO, Personas.SIGNED, Personas.SIGNED, "newcomer"), Rule.LEVEL_TOO_LOW,
                Personas.NEWCOMER, "newcomer needs a mentor's co-signature");
    }

    @Test
    void aDeveloperOutsideItsAppIsOutOfScope() {
        refused(decide(Subjects.HELLO, Personas.SIGNED, Personas.SIGNED, "developer"), Rule.OUT_OF_SCOPE,
                Personas.DEVELOPER, "scope app:org.example.editor", "app org.example.hello");
    }

    @Test
    void aCategoryScopeDoesNotCoverOtherCategories() {
        refused(decide(Subjects.EDITOR, Personas.SIGNED, Personas.SIGNED, "mentor"), Rule.OUT_OF_SCOPE,
                Personas.MENTOR, "scope category:games", "app org.example.editor in category tools");
    }

    @Test
    void thePolicyDecidesWhichLevelMayPublishAlone() {
        TrustEngine lenient = new TrustEngine(new TrustPolicy(Level.NEWCOMER));
        TrustWeb web = Personas.web();
        TrustDecision d = lenient.decide(web, TrustAssertions.checks(Personas.SIGNED, "newcomer"), Subjects.HELLO,
                Personas.SIGNED);
        assertEquals(Level.NEWCOMER, TrustAssertions.trusted(d).level());
    }
}
