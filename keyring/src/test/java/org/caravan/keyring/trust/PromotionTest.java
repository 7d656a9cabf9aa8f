package org.caravan.keyring.trust;

import static org.caravan.keyring.trust.TrustAssertions.refused;
import static org.caravan.keyring.trust.TrustAssertions.trusted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.testing.Signing;
import org.caravan.keyring.trust.TrustDecision.Rule;
import org.junit.jupiter.api.Test;

/**
 * Promotion by threshold and its counting rules. The newcomer (app:org.example.hello) is vouched for by
 * other personas; the test policy promotes with 2 certifications instead of the default 20.
 */
class PromotionTest {
    static final Instant VOUCHED = Personas.CERTIFIED.plusSeconds(86_400);
    static final Instant AFTER_REVOCATION = Personas.REVOKED_AT.plusSeconds(86_400);
    static final TrustEngine TWO_TO_DEVELOPER = new TrustEngine(TrustPolicy.DEFAULT.withPromotions(
            List.of(new Promotion(0, 2))));
    static final TrustEngine TWO_DEVELOPERS_TO_MENTOR = new TrustEngine(TrustPolicy.DEFAULT.withPromotions(
            List.of(new Promotion(1, 2))));

    /** The newcomer's certificate vouched for by each named persona at the given time, in its own app scope. */
    static TrustWeb vouched(Instant at, String... certifiers) {
        Certificate c = Personas.certificate("newcomer");
        for (String who : certifiers) {
            c = TrustWebs.certify(who, c, Level.NEWCOMER, Personas.NEWCOMER_SCOPE, at);
        }
        return TrustWebs.personasWith(c);
    }

    static TrustDecision newcomerSignsHello(TrustEngine engine, TrustWeb web, Instant ref) {
        return engine.decide(web, Signing.checks(web, Personas.SIGNED, "newcomer"), Subjects.HELLO, ref);
    }

    @Test
    void enoughCertificationsWithinTheScopePromoteTheKey() {
        TrustDecision.Trusted t = trusted(newcomerSignsHello(TWO_TO_DEVELOPER,
                vouched(VOUCHED, "maintainer", "revoked-soft"), Personas.SIGNED));
        assertEquals(Level.DEVELOPER, t.level());
        assertEquals(Scope.parse(Personas.NEWCOMER_SCOPE), t.scope());
        assertTrue(t.explain().contains("promoted to developer in app:org.example.hello by 2 certifications"), t.explain());
    }

    @Test
    void withoutPromotionTheNewcomerStillNeedsAMentor() {
        refused(newcomerSignsHello(TrustAssertions.ENGINE, vouched(VOUCHED, "maintainer", "revoked-soft"), Personas.SIGNED),
                Rule.LEVEL_TOO_LOW, Personas.NEWCOMER, "needs a mentor's co-signature");
    }

    @Test
    void aKeyCertifyingTwiceCountsOnce() {
        Certificate twice = TrustWebs.certify("maintainer", TrustWebs.certify("maintainer",
                Personas.certificate("newcomer"), Level.NEWCOMER, Personas.NEWCOMER_SCOPE, VOUCHED),
                Level.NEWCOMER, Personas.NEWCOMER_SCOPE, VOUCHED.plusSeconds(60));
        refused(newcomerSignsHello(TWO_TO_DEVELOPER, TrustWebs.personasWith(twice), Personas.SIGNED),
                Rule.LEVEL_TOO_LOW, Personas.NEWCOMER);
    }

    @Test
    void aHardRevokedCertifierCountsZero() {
        TrustWeb web = vouched(VOUCHED, "maintainer", "revoked-hard");
        trusted(newcomerSignsHello(TWO_TO_DEVELOPER, web, Personas.SIGNED)); // before the revocation existed
        refused(newcomerSignsHello(TWO_TO_DEVELOPER, web, Personas.LATER), Rule.LEVEL_TOO_LOW, Personas.NEWCOMER);
    }

    @Test
    void aSoftRevokedCertifierCountsOnlyForCertificationsMadeBeforeItsRevocation() {
        trusted(newcomerSignsHello(TWO_TO_DEVELOPER, vouched(VOUCHED, "maintainer", "revoked-soft"), Personas.LATER));
        refused(newcomerSignsHello(TWO_TO_DEVELOPER, vouched(AFTER_REVOCATION, "maintainer", "revoked-soft"),
                Personas.LATER), Rule.LEVEL_TOO_LOW, Personas.NEWCOMER);
    }

    @Test
    void anExpiredCertifierCountsZeroAtTheReferenceTime() {
        TrustWeb web = vouched(VOUCHED, "maintainer", "expired");
        trusted(newcomerSignsHello(TWO_TO_DEVELOPER, web, Personas.SIGNED));
        refused(newcomerSignsHello(TWO_TO_DEVELOPER, web, Personas.LATER), Rule.LEVEL_TOO_LOW, Personas.NEWCOMER);
    }

    @Test
    void anOutOfScopeCertifierCountsZero() {
        // developer holds app:org.example.editor, mentor category:games: neither covers app:org.example.hello.
        refused(newcomerSignsHello(TWO_TO_DEVELOPER, vouched(VOUCHED, "maintainer", "developer", "mentor"),
                Personas.SIGNED), Rule.LEVEL_TOO_LOW, Personas.NEWCOMER);
    }

    @Test
    void aCertifierBelowTheStepsLevelCountsZero() {
        Certificate novice = TrustWebs.certify("root", TrustWebs.extra("novice").certificate(), Level.NEWCOMER, "global",
                Personas.CERTIFIED);
        Certificate byNovice = TrustWebs.certify(TrustWebs.extra("novice"), TrustWebs.certify("maintainer",
                Personas.certificate("newcomer"), Level.NEWCOMER, Personas.NEWCOMER_SCOPE, VOUCHED),
                Level.NEWCOMER, Personas.NEWCOMER_SCOPE, VOUCHED);
        refused(newcomerSignsHello(TWO_DEVELOPERS_TO_MENTOR, TrustWebs.personasWith(novice, byNovice), Personas.SIGNED),
                Rule.LEVEL_TOO_LOW, Personas.NEWCOMER);
        TrustDecision.Trusted t = trusted(newcomerSignsHello(TWO_DEVELOPERS_TO_MENTOR,
                vouched(VOUCHED, "maintainer", "revoked-soft"), Personas.SIGNED));
        assertEquals(Level.MENTOR, t.level());
    }

    @Test
    void aPromotedKeyCountsTowardTheNextPromotion() {
        // Two global developers-by-promotion vouch for the newcomer: their promoted level counts.
        TrustEngine engine = new TrustEngine(TrustPolicy.DEFAULT.withPromotions(List.of(new Promotion(0, 2),
                new Promotion(1, 2))));
        Certificate a = TrustWebs.certify("root", TrustWebs.extra("alpha").certificate(), Level.NEWCOMER, "global",
                Personas.CERTIFIED);
        Certificate b = TrustWebs.certify("root", TrustWebs.extra("bravo").certificate(), Level.NEWCOMER, "global",
                Personas.CERTIFIED);
        a = TrustWebs.certify("maintainer", TrustWebs.certify("revoked-soft", a, Level.NEWCOMER, "global", VOUCHED),
                Level.NEWCOMER, "global", VOUCHED);
        b = TrustWebs.certify("maintainer", TrustWebs.certify("revoked-soft", b, Level.NEWCOMER, "global", VOUCHED),
                Level.NEWCOMER, "global", VOUCHED);
        Certificate n = Personas.certificate("newcomer");
        n = TrustWebs.certify(TrustWebs.extra("alpha"), n, Level.NEWCOMER, Personas.NEWCOMER_SCOPE, VOUCHED);
        n = TrustWebs.certify(TrustWebs.extra("bravo"), n, Level.NEWCOMER, Personas.NEWCOMER_SCOPE, VOUCHED);
        TrustWeb web = TrustWebs.personasWith(a, b, n);
        assertEquals(Level.MENTOR, trusted(newcomerSignsHello(engine, web, Personas.SIGNED)).level());
    }

    @Test
    void theKeyItselfDoesNotCount() throws Exception {
        // The newcomer signs a Caravan-style certification of its own key: with the maintainer's that would make 2.
        Certificate self = TrustFixtures.certificationWithHash(Personas.secretKey("newcomer"), TrustWebs.certify(
                "maintainer", Personas.certificate("newcomer"), Level.NEWCOMER, Personas.NEWCOMER_SCOPE, VOUCHED),
                Level.NEWCOMER, Scope.parse(Personas.NEWCOMER_SCOPE), VOUCHED, org.bouncycastle.bcpg.HashAlgorithmTags.SHA512);
        refused(newcomerSignsHello(TWO_TO_DEVELOPER, TrustWebs.personasWith(self), Personas.SIGNED), Rule.LEVEL_TOO_LOW,
                Personas.NEWCOMER);
    }

    @Test
    void aCertificationMadeAfterTheCertifiersOwnKeyRevocationCountsZero() {
        // developer-by-root "quitter" retires its own key (soft) at REVOKED_AT; what it vouched before still counts.
        SecretKey quitter = TrustWebs.extra("quitter");
        Certificate q = KeyRevocations.revokeSelf(quitter, RevocationReason.RETIRED, "moved on", Personas.REVOKED_AT)
                .mergedWith(TrustWebs.certify("root", quitter.certificate(), Level.DEVELOPER, "global", Personas.CERTIFIED));
        for (Instant vouched : new Instant[] {VOUCHED, AFTER_REVOCATION}) {
            Certificate n = TrustWebs.certify(quitter, TrustWebs.certify("maintainer", Personas.certificate("newcomer"),
                    Level.NEWCOMER, Personas.NEWCOMER_SCOPE, VOUCHED), Level.NEWCOMER, Personas.NEWCOMER_SCOPE, vouched);
            TrustDecision d = newcomerSignsHello(TWO_TO_DEVELOPER, TrustWebs.personasWith(q, n), Personas.LATER);
            if (vouched.equals(VOUCHED)) {
                trusted(d);
            } else {
                refused(d, Rule.LEVEL_TOO_LOW, Personas.NEWCOMER);
            }
        }
    }
}
