package org.caravan.keyring.trust;

import static org.caravan.keyring.trust.TrustAssertions.decide;
import static org.caravan.keyring.trust.TrustAssertions.refused;
import static org.caravan.keyring.trust.TrustAssertions.trusted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.testing.Signing;
import org.caravan.keyring.trust.TrustDecision.Rule;
import org.junit.jupiter.api.Test;

/** A newcomer's package is installable when enough mentors for its scope co-sign it; the answer names them. */
class MentoringTest {
    /** The newcomer's app, filed under games, where the mentor persona is a mentor. */
    static final Subject HELLO_GAME = new Subject("org.example.hello", "games", "app");

    @Test
    void aNewcomerAloneIsNotEnough() {
        refused(decide(HELLO_GAME, Personas.SIGNED, Personas.SIGNED, "newcomer"), Rule.LEVEL_TOO_LOW, Personas.NEWCOMER,
                "needs a mentor's co-signature", "0 found");
    }

    @Test
    void aMentorsCoSignatureMakesItInstallableAndIsNamed() {
        TrustDecision.Trusted t = trusted(decide(HELLO_GAME, Personas.SIGNED, Personas.SIGNED, "newcomer", "mentor"));
        assertEquals(Level.NEWCOMER, t.level());
        assertEquals(Personas.NEWCOMER, t.signer().fingerprint());
        assertEquals(List.of(Personas.MENTOR), t.coSigners().stream().map(KeyRef::fingerprint).toList());
        assertTrue(t.explain().contains("installable because mentor Mentor <mentor@caravan.test>"), t.explain());
    }

    @Test
    void thePolicySaysHowManyMentors() {
        TrustEngine two = new TrustEngine(TrustPolicy.DEFAULT.withMentorCoSignatures(2));
        TrustWeb web = Personas.web();
        refused(two.decide(web, Signing.checks(web, Personas.SIGNED, "newcomer", "mentor"), HELLO_GAME, Personas.SIGNED),
                Rule.LEVEL_TOO_LOW, Personas.NEWCOMER, "2 co-signatures by keys of level mentor", "1 found");
    }

    @Test
    void aMentorOutsideThePackagesScopeDoesNotCount() {
        refused(decide(Subjects.HELLO, Personas.SIGNED, Personas.SIGNED, "newcomer", "mentor"), Rule.LEVEL_TOO_LOW,
                Personas.NEWCOMER, "0 found");
    }

    @Test
    void aDevelopersCoSignatureIsNotAMentors() {
        refused(decide(HELLO_GAME, Personas.SIGNED, Personas.SIGNED, "newcomer", "revoked-soft"), Rule.LEVEL_TOO_LOW,
                Personas.NEWCOMER, "0 found");
    }

    @Test
    void aMaintainerCountsAsAMentor() {
        TrustDecision.Trusted t = trusted(decide(Subjects.HELLO, Personas.SIGNED, Personas.SIGNED, "newcomer", "maintainer"));
        assertEquals(List.of(Personas.MAINTAINER), t.coSigners().stream().map(KeyRef::fingerprint).toList());
    }
}
