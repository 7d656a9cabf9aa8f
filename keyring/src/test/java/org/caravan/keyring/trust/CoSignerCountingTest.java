package org.caravan.keyring.trust;

import static org.caravan.keyring.trust.TrustAssertions.refused;
import static org.caravan.keyring.trust.TrustAssertions.trusted;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.sign.SignatureCheck;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.testing.Signing;
import org.caravan.keyring.trust.TrustDecision.Rule;
import org.junit.jupiter.api.Test;

/**
 * Attack on threshold counting of co-signatures: a policy wants two mentors' co-signatures on a newcomer's
 * package, and the attacker offers the same mentor twice, or a mentor whose certification has expired.
 * (Two subkeys of one key: {@link SubkeysCountOnceTest}; a revoked co-signer: {@link RevocationTest}.)
 */
class CoSignerCountingTest {
    static final TrustEngine TWO_MENTORS = new TrustEngine(TrustPolicy.DEFAULT.withMentorCoSignatures(2));

    @Test
    void theSameMentorSigningTwiceIsOneCoSignature() {
        TrustWeb web = Personas.web();
        List<SignatureCheck> checks = new ArrayList<>(Signing.checks(web, Personas.SIGNED, "newcomer", "mentor"));
        checks.addAll(Signing.checks(web, Personas.SIGNED.minusSeconds(60), "mentor"));
        refused(TWO_MENTORS.decide(web, checks, MentoringTest.HELLO_GAME, Personas.SIGNED), Rule.LEVEL_TOO_LOW,
                Personas.NEWCOMER, "2 co-signatures", "1 found");
        checks.addAll(Signing.checks(web, Personas.SIGNED, "maintainer"));
        assertEquals(List.of(Personas.MENTOR, Personas.MAINTAINER), trusted(TWO_MENTORS.decide(web, checks,
                MentoringTest.HELLO_GAME, Personas.SIGNED)).coSigners().stream().map(KeyRef::fingerprint).toList());
    }

    @Test
    void aMentorWhoseCertificationExpiredDoesNotCoSign() {
        SecretKey lapsed = TrustWebs.extra("lapsed");
        Certificate certified = StoreAuthority.certify(Personas.secretKey("root"), lapsed.certificate(), Level.MENTOR,
                Scope.parse(Personas.MENTOR_SCOPE), Personas.CERTIFIED, Personas.CERTIFICATION_EXPIRES);
        TrustWeb web = TrustWebs.personasWith(certified);
        List<SignatureCheck> checks = new ArrayList<>(Signing.checks(web, Personas.SIGNED, "newcomer"));
        checks.addAll(Signing.checks(web, Personas.SIGNED, lapsed));
        TrustDecision.Trusted before = trusted(TrustAssertions.ENGINE.decide(web, checks, MentoringTest.HELLO_GAME,
                Personas.SIGNED));
        assertEquals(List.of(lapsed.fingerprint()), before.coSigners().stream().map(KeyRef::fingerprint).toList());
        refused(TrustAssertions.ENGINE.decide(web, checks, MentoringTest.HELLO_GAME, Personas.LATER), Rule.LEVEL_TOO_LOW,
                Personas.NEWCOMER, "0 found", "expired");
    }
}
