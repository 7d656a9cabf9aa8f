package org.caravan.keyring.trust;

import static org.caravan.keyring.trust.TrustAssertions.refused;
import static org.caravan.keyring.trust.TrustAssertions.trusted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.testing.Signing;
import org.caravan.keyring.trust.TrustDecision.Rule;
import org.junit.jupiter.api.Test;

/** Levels are data: a store's policy names them, adds some, and says which ones publish and mentor. */
class PolicyLevelsTest {
    static final TrustPolicy RENAMED = TrustPolicy.of(List.of("novice", "author", "guide", "steward", "elder"), 1, 2, 3,
            List.of(new Promotion(0, 20)), 1, 1);

    @Test
    void decisionsSpeakThePolicysLevelNames() {
        TrustEngine engine = new TrustEngine(RENAMED);
        TrustWeb web = Personas.web();
        TrustDecision.Trusted t = trusted(engine.decide(web, Signing.checks(web, Personas.SIGNED, "developer"),
                Subjects.EDITOR, Personas.SIGNED));
        assertEquals("author", t.level().name());
        assertTrue(t.explain().contains("level author"), t.explain());
        refused(engine.decide(web, Signing.checks(web, Personas.SIGNED, "newcomer"), Subjects.HELLO, Personas.SIGNED),
                Rule.LEVEL_TOO_LOW, Personas.NEWCOMER, "novice needs a mentor's co-signature", "level guide");
    }

    @Test
    void aPolicyThatContradictsItselfIsRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrustPolicy.of(List.of("a", "b"), 1, 1, 5,
                List.of(), 1, 1)).getMessage().contains("refers to level 5"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrustPolicy.of(List.of("a", "b"), 1, 1, 1,
                List.of(new Promotion(1, 3)), 1, 1)).getMessage().contains("undefined level 2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrustPolicy.DEFAULT.withRootThreshold(0))
                .getMessage().contains("root threshold k"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrustPolicy.of(List.of("a", "a"), 0, 0, 0,
                List.of(), 1, 1)).getMessage().contains("names level 'a' twice"));
    }
}
