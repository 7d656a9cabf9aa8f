package org.caravan.keyring.trust;

import static org.caravan.keyring.trust.TrustAssertions.refused;
import static org.caravan.keyring.trust.TrustAssertions.trusted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.sign.SignatureCheck;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.testing.Signing;
import org.caravan.keyring.trust.TrustDecision.Rule;
import org.junit.jupiter.api.Test;

/**
 * Subkeys speak for their primary key, so they count once with it, and never for the key itself. The
 * checked-in multikey ({@link FixtureKeys}) has a primary key (component 0), a sign-only subkey (1) and a
 * certify + sign subkey (2); the promotion policy here takes 2 certifications, the mentoring one 2 mentors.
 */
class SubkeysCountOnceTest {
    static final int PRIMARY = 0;
    static final int SIGN_ONLY = 1;
    static final int CERTIFY_AND_SIGN = 2;
    static final Instant VOUCHED = PromotionTest.VOUCHED;
    static final Subject HELLO_GAME = MentoringTest.HELLO_GAME;

    static SecretKey multikey() {
        return FixtureKeys.multikey();
    }

    /** The multikey as the store certifies it: {@code level} in {@code scope}, by the root. */
    static Certificate multikeyAs(Level level, String scope) {
        return TrustWebs.certify("root", multikey().certificate(), level, scope, Personas.CERTIFIED);
    }

    /** The newcomer's certificate with certifications in its app scope by the given components of the multikey. */
    static Certificate newcomerVouchedByMultikey(int... components) throws Exception {
        Certificate n = Personas.certificate("newcomer");
        for (int c : components) {
            n = TrustFixtures.certifyWithComponent(multikey(), c, n, Level.NEWCOMER, Scope.parse(Personas.NEWCOMER_SCOPE),
                    VOUCHED);
        }
        return n;
    }

    /** Signatures over the test package: first the named personas', then one per multikey component given. */
    static List<SignatureCheck> checks(TrustWeb web, List<String> personas, int... components) throws Exception {
        List<SignatureCheck> out = new ArrayList<>(Signing.checks(web, Personas.SIGNED, personas.toArray(String[]::new)));
        List<Certificate> candidates = new ArrayList<>(web.roots());
        candidates.addAll(web.keys());
        for (int c : components) {
            byte[] sig = TrustFixtures.signWithComponent(multikey(), c, Signing.PACKAGE, Personas.SIGNED);
            out.addAll(DetachedSignatures.verify(Signing.PACKAGE, sig, candidates));
        }
        return out;
    }

    @Test
    void theFixtureHasTwoSubkeysAndTheirSignaturesAreAttributedToThePrimaryKey() throws Exception {
        assertEquals(FixtureKeys.MULTIKEY, multikey().fingerprint());
        TrustWeb web = TrustWebs.personasWith(multikeyAs(Level.DEVELOPER, "global"));
        for (SignatureCheck c : checks(web, List.of(), PRIMARY, SIGN_ONLY, CERTIFY_AND_SIGN)) {
            assertEquals(FixtureKeys.MULTIKEY, assertInstanceOf(SignatureCheck.Valid.class, c, c.toString()).signer());
        }
    }

    @Test
    void certificationsByThePrimaryKeyAndASubkeyCountOnceTowardPromotion() throws Exception {
        Certificate multi = multikeyAs(Level.DEVELOPER, "global");
        TrustWeb twice = TrustWebs.personasWith(multi, newcomerVouchedByMultikey(PRIMARY, CERTIFY_AND_SIGN));
        refused(PromotionTest.newcomerSignsHello(PromotionTest.TWO_TO_DEVELOPER, twice, Personas.SIGNED),
                Rule.LEVEL_TOO_LOW, Personas.NEWCOMER);
        // The subkey's certification does count, as its primary's: with one more key it reaches the threshold.
        Certificate andMaintainer = TrustWebs.certify("maintainer", newcomerVouchedByMultikey(CERTIFY_AND_SIGN),
                Level.NEWCOMER, Personas.NEWCOMER_SCOPE, VOUCHED);
        TrustDecision.Trusted t = trusted(PromotionTest.newcomerSignsHello(PromotionTest.TWO_TO_DEVELOPER,
                TrustWebs.personasWith(multi, andMaintainer), Personas.SIGNED));
        assertEquals(Level.DEVELOPER, t.level());
    }

    @Test
    void coSignaturesByThePrimaryKeyAndBothSubkeysAreOneMentor() throws Exception {
        TrustEngine twoMentors = new TrustEngine(TrustPolicy.DEFAULT.withMentorCoSignatures(2));
        TrustWeb web = TrustWebs.personasWith(multikeyAs(Level.MENTOR, Personas.MENTOR_SCOPE));
        refused(twoMentors.decide(web, checks(web, List.of("newcomer"), PRIMARY, SIGN_ONLY, CERTIFY_AND_SIGN), HELLO_GAME,
                Personas.SIGNED), Rule.LEVEL_TOO_LOW, Personas.NEWCOMER, "2 co-signatures", "1 found");
        TrustDecision.Trusted t = trusted(twoMentors.decide(web, checks(web, List.of("newcomer", "mentor"), SIGN_ONLY,
                CERTIFY_AND_SIGN), HELLO_GAME, Personas.SIGNED));
        assertEquals(List.of(Personas.MENTOR, FixtureKeys.MULTIKEY), t.coSigners().stream().map(KeyRef::fingerprint).toList());
    }

    @Test
    void aKeysOwnSubkeyDoesNotCertifyIt() throws Exception {
        Certificate self = TrustFixtures.certifyWithComponent(multikey(), CERTIFY_AND_SIGN,
                multikeyAs(Level.NEWCOMER, Personas.NEWCOMER_SCOPE), Level.NEWCOMER, Scope.parse(Personas.NEWCOMER_SCOPE),
                VOUCHED);
        Certificate selfAndMaintainer = TrustWebs.certify("maintainer", self, Level.NEWCOMER, Personas.NEWCOMER_SCOPE,
                VOUCHED);
        TrustWeb web = TrustWebs.personasWith(selfAndMaintainer);
        refused(PromotionTest.TWO_TO_DEVELOPER.decide(web, checks(web, List.of(), PRIMARY), Subjects.HELLO,
                Personas.SIGNED), Rule.LEVEL_TOO_LOW, FixtureKeys.MULTIKEY, "needs a mentor's co-signature");
        Certificate twoOthers = TrustWebs.certify("revoked-soft", selfAndMaintainer, Level.NEWCOMER,
                Personas.NEWCOMER_SCOPE, VOUCHED);
        TrustWeb promoted = TrustWebs.personasWith(twoOthers);
        assertEquals(Level.DEVELOPER, trusted(PromotionTest.TWO_TO_DEVELOPER.decide(promoted,
                checks(promoted, List.of(), PRIMARY), Subjects.HELLO, Personas.SIGNED)).level());
    }

    @Test
    void aKeysOwnSubkeyDoesNotCoSignForIt() throws Exception {
        // A policy where a developer's package needs one more developer's co-signature.
        TrustEngine fourEyes = new TrustEngine(new TrustPolicy(TrustPolicy.DEFAULT_LEVELS, Level.MENTOR, Level.DEVELOPER,
                Level.MAINTAINER, List.of(), 1, 1, CryptoPolicy.DEFAULT));
        TrustWeb web = TrustWebs.personasWith(multikeyAs(Level.DEVELOPER, "global"));
        refused(fourEyes.decide(web, checks(web, List.of(), PRIMARY, SIGN_ONLY, CERTIFY_AND_SIGN), Subjects.HELLO,
                Personas.SIGNED), Rule.LEVEL_TOO_LOW, FixtureKeys.MULTIKEY, "0 found");
        List<SignatureCheck> withOther = new ArrayList<>(checks(web, List.of(), PRIMARY));
        withOther.addAll(Signing.checks(web, Personas.SIGNED, "revoked-soft"));
        assertEquals(List.of(Personas.REVOKED_SOFT), trusted(fourEyes.decide(web, withOther, Subjects.HELLO,
                Personas.SIGNED)).coSigners().stream().map(KeyRef::fingerprint).toList());
    }

    @Test
    void aSignOnlySubkeyCannotCertify() throws Exception {
        Certificate vouched = TrustWebs.certify("maintainer", newcomerVouchedByMultikey(SIGN_ONLY), Level.NEWCOMER,
                Personas.NEWCOMER_SCOPE, VOUCHED);
        refused(PromotionTest.newcomerSignsHello(PromotionTest.TWO_TO_DEVELOPER,
                TrustWebs.personasWith(multikeyAs(Level.DEVELOPER, "global"), vouched), Personas.SIGNED),
                Rule.LEVEL_TOO_LOW, Personas.NEWCOMER);
    }

    @Test
    void aSubkeySomeoneElseAttachedToAKeySpeaksNeitherForItNorForTheStore() throws Exception {
        // Mallory appends her own key to revoked-soft's certificate as a "subkey" (global developer until March).
        SecretKey mallory = TrustWebs.extra("mallory");
        Certificate hijacked = TrustFixtures.withForeignSubkey(Personas.certificate("revoked-soft"), mallory);
        Certificate vouched = TrustWebs.certify(mallory, TrustWebs.certify("maintainer", Personas.certificate("newcomer"),
                Level.NEWCOMER, Personas.NEWCOMER_SCOPE, VOUCHED), Level.NEWCOMER, Personas.NEWCOMER_SCOPE, VOUCHED);
        TrustWeb web = TrustWebs.personasWith(hijacked, vouched);
        refused(PromotionTest.newcomerSignsHello(PromotionTest.TWO_TO_DEVELOPER, web, Personas.SIGNED),
                Rule.LEVEL_TOO_LOW, Personas.NEWCOMER);
        // Nor does her signature co-sign as the mentor's, with her key attached to the mentor's certificate.
        TrustWeb mentorHijacked = TrustWebs.personasWith(TrustFixtures.withForeignSubkey(Personas.certificate("mentor"),
                mallory));
        List<SignatureCheck> checks = new ArrayList<>(Signing.checks(mentorHijacked, Personas.SIGNED, "newcomer"));
        List<Certificate> candidates = new ArrayList<>(mentorHijacked.roots());
        candidates.addAll(mentorHijacked.keys());
        checks.addAll(DetachedSignatures.verify(Signing.PACKAGE, DetachedSignatures.sign(mallory, Signing.PACKAGE,
                Personas.SIGNED).getBytes(StandardCharsets.US_ASCII), candidates));
        refused(TrustAssertions.ENGINE.decide(mentorHijacked, checks, HELLO_GAME, Personas.SIGNED), Rule.LEVEL_TOO_LOW,
                Personas.NEWCOMER, "0 found");
    }
}
