package org.caravan.keyring.trust;

import static org.caravan.keyring.trust.TrustAssertions.refused;
import static org.caravan.keyring.trust.TrustAssertions.trusted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.testing.Signing;
import org.caravan.keyring.trust.TrustDecision.Rule;
import org.junit.jupiter.api.Test;

/** Roots k of n: a store certification or revocation counts when k distinct roots made it. */
class RootThresholdTest {
    static final TrustEngine TWO_OF_TWO = new TrustEngine(TrustPolicy.DEFAULT.withRootThreshold(2));

    private static TrustDecision decide(TrustEngine engine, TrustWeb web, String signer) {
        return engine.decide(web, Signing.checks(web, Personas.SIGNED, signer), Subjects.EDITOR, Personas.LATER);
    }

    @Test
    void oneRootIsEnoughUnderTheDefaultOneOfN() {
        trusted(decide(TrustAssertions.ENGINE, Personas.web(), "developer"));
    }

    @Test
    void withTwoOfTwoACertificationByOneRootDoesNotCount() {
        refused(decide(TWO_OF_TWO, Personas.web(), "developer"), Rule.NOT_CERTIFIED, Personas.DEVELOPER,
                "by 1 root of this store, but a store certification takes 2");
    }

    @Test
    void withTwoOfTwoBothRootsMakeTheCertificationAndTheExplanationNamesThem() {
        Certificate both = TrustWebs.certify("second-root", Personas.certificate("developer"), Level.DEVELOPER,
                Personas.DEVELOPER_SCOPE, Personas.CERTIFIED);
        TrustDecision.Trusted t = trusted(decide(TWO_OF_TWO, TrustWebs.personasWith(both), "developer"));
        assertEquals(Level.DEVELOPER, t.level());
        assertTrue(t.explain().contains("certified by 2 roots"), t.explain());
        assertTrue(t.explain().contains("Second root <second-root@caravan.test>"), t.explain());
    }

    @Test
    void theLevelIsTheOneKRootsAgreeOn() {
        Certificate mentorBySecond = TrustWebs.certify("second-root", Personas.certificate("developer"), Level.MENTOR,
                Personas.DEVELOPER_SCOPE, Personas.CERTIFIED);
        // root says developer, second root says mentor: two roots agree only on developer.
        assertEquals(Level.DEVELOPER, trusted(decide(TWO_OF_TWO, TrustWebs.personasWith(mentorBySecond), "developer")).level());
        assertEquals(Level.MENTOR, trusted(decide(TrustAssertions.ENGINE, TrustWebs.personasWith(mentorBySecond),
                "developer")).level());
    }

    @Test
    void aRevocationByOneOfTwoRequiredRootsWithdrawsButDoesNotMakeThePackageSpurious() {
        Certificate both = TrustWebs.certify("second-root", Personas.certificate("developer"), Level.DEVELOPER,
                Personas.DEVELOPER_SCOPE, Personas.CERTIFIED);
        Certificate oneRevokes = StoreAuthority.revoke(Personas.secretKey("second-root"), both,
                RevocationReason.COMPROMISED, "one root's opinion", Personas.REVOKED_AT);
        TrustDecision.Refused r = refused(decide(TWO_OF_TWO, TrustWebs.personasWith(oneRevokes), "developer"),
                Rule.NOT_CERTIFIED, Personas.DEVELOPER, "takes 2");
        assertFalse(r.spurious());
    }

    @Test
    void aRevocationByKRootsMakesThePackageSpurious() {
        Certificate both = TrustWebs.certify("second-root", Personas.certificate("developer"), Level.DEVELOPER,
                Personas.DEVELOPER_SCOPE, Personas.CERTIFIED);
        Certificate r1 = StoreAuthority.revoke(Personas.secretKey("second-root"), both, RevocationReason.COMPROMISED,
                "stolen", Personas.REVOKED_AT);
        Certificate r2 = StoreAuthority.revoke(Personas.secretKey("root"), r1, RevocationReason.COMPROMISED, "stolen",
                Personas.REVOKED_AT);
        assertTrue(refused(decide(TWO_OF_TWO, TrustWebs.personasWith(r2), "developer"), Rule.REVOKED,
                Personas.DEVELOPER, "stolen").spurious());
    }

    @Test
    void rootSetsCheckTheirThreshold() {
        RootSet set = new RootSet(1, Personas.roots(), 2);
        assertFalse(set.quorumIn(Signing.checks(Personas.web(), Personas.SIGNED, "root")));
        assertTrue(set.quorumIn(Signing.checks(Personas.web(), Personas.SIGNED, "root", "second-root")));
        assertFalse(set.quorumIn(Signing.checks(Personas.web(), Personas.SIGNED, "root", "root")), "a root counts once");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new RootSet(1, List.of(Personas.certificate("root")), 2));
    }
}
