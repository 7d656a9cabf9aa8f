package org.caravan.keyring.trust;

import static org.caravan.keyring.trust.TrustAssertions.refused;
import static org.caravan.keyring.trust.TrustAssertions.trusted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.testing.Signing;
import org.caravan.keyring.trust.TrustDecision.Rule;
import org.junit.jupiter.api.Test;

/**
 * A store rotates 1 -> 2 -> 3 roots (k = 1, then 2, then 2 of 3 with the first root removed): each rotation
 * endorses the root set's decisions, so what was trusted stays trusted and what was revoked stays revoked
 * (hard reaching back, soft keeping its time), until k roots of a later set decide otherwise.
 */
class RootRotationEndorsementTest {
    static final SecretKey ROOT = Personas.secretKey("root");
    static final SecretKey SECOND = Personas.secretKey("second-root");
    static final SecretKey THIRD = TrustWebs.extra("third-root");
    static final SecretKey LATE_DEV = TrustWebs.extra("late-developer");
    static final Instant ROTATED_2 = Instant.parse("2026-03-15T00:00:00Z");
    static final Instant CERTIFIED_UNDER_2 = Instant.parse("2026-03-16T00:00:00Z");
    static final Instant ROTATED_3 = Instant.parse("2026-03-20T00:00:00Z");
    static final Instant AFTER_SOFT_REVOCATION = Instant.parse("2026-03-10T00:00:00Z");
    static final Instant AFTER_3 = Instant.parse("2026-03-25T00:00:00Z");

    static final TrustEngine ONE = new TrustEngine(TrustPolicy.DEFAULT.withRootThreshold(1));
    static final TrustEngine TWO = new TrustEngine(TrustPolicy.DEFAULT.withRootThreshold(2));

    /** The keyring as the store folder keeps it: every persona, and every root ever (as plain keys once removed). */
    private static List<Certificate> keyring(Certificate... extra) {
        List<Certificate> keys = new ArrayList<>(Personas.keyring());
        keys.add(Personas.certificate("root"));
        keys.add(Personas.certificate("second-root"));
        keys.add(THIRD.certificate());
        for (Certificate c : extra) {
            keys.removeIf(k -> k.fingerprint().equals(c.fingerprint()));
            keys.add(c);
        }
        return keys;
    }

    private static TrustWeb v1() {
        return new TrustWeb(List.of(ROOT.certificate()), keyring());
    }

    private static TrustWeb v2(Certificate... extra) {
        return new TrustWeb(List.of(ROOT.certificate(), SECOND.certificate()), keyring(extra),
                java.util.Set.copyOf(ONE.rootDecisions(v1(), ROTATED_2)));
    }

    /** v3 drops root: second-root, third-root, k = 2, endorsing what v2 decided (with late-developer certified). */
    private static TrustWeb v3(Certificate... extra) {
        Certificate late = lateDeveloper();
        List<String> endorsed = TWO.rootDecisions(v2(late), ROTATED_3);
        List<Certificate> all = new ArrayList<>(List.of(extra));
        all.add(0, late);
        return new TrustWeb(List.of(SECOND.certificate(), THIRD.certificate()), keyring(all.toArray(Certificate[]::new)),
                java.util.Set.copyOf(endorsed));
    }

    /** A developer both roots of v2 certified after the first rotation. */
    private static Certificate lateDeveloper() {
        Certificate c = TrustWebs.certify(ROOT, LATE_DEV.certificate(), Level.DEVELOPER, "global", CERTIFIED_UNDER_2);
        return TrustWebs.certify(SECOND, c, Level.DEVELOPER, "global", CERTIFIED_UNDER_2);
    }

    private static TrustDecision decide(TrustEngine engine, TrustWeb web, Instant signedAt, Instant ref, String signer) {
        return engine.decide(web, Signing.checks(web, signedAt, signer), Subjects.EDITOR, ref);
    }

    @Test
    void withoutEndorsementsARotationToTwoRootsRefusesEveryApp() {
        TrustWeb bare = new TrustWeb(List.of(ROOT.certificate(), SECOND.certificate()), keyring());
        refused(decide(TWO, bare, Personas.SIGNED, ROTATED_2, "developer"), Rule.NOT_CERTIFIED, Personas.DEVELOPER,
                "takes 2");
        assertFalse(((TrustDecision.Refused) decide(TWO, bare, Personas.SIGNED, ROTATED_2, "revoked-hard")).spurious(),
                "the hard revocation stops counting without an endorsement");
    }

    @Test
    void afterTheFirstRotationTrustedStaysTrustedAndRevokedStaysRevoked() {
        TrustWeb v2 = v2();
        assertEquals(Level.DEVELOPER, trusted(decide(TWO, v2, Personas.SIGNED, ROTATED_2, "developer")).level());
        assertTrue(trusted(decide(TWO, v2, Personas.SIGNED, ROTATED_2, "developer")).explain()
                .contains("endorsed"));
        assertTrue(refused(decide(TWO, v2, Personas.SIGNED, ROTATED_2, "revoked-hard"), Rule.REVOKED,
                Personas.REVOKED_HARD).spurious(), "hard stays hard");
        trusted(decide(TWO, v2, Personas.SIGNED, ROTATED_2, "revoked-soft"));
        refused(decide(TWO, v2, AFTER_SOFT_REVOCATION, ROTATED_2, "revoked-soft"), Rule.REVOKED, Personas.REVOKED_SOFT);
    }

    @Test
    void afterTheSecondRotationEverythingStillHoldsAndTheNewSetsOwnCertificationIsCarried() {
        TrustWeb v3 = v3();
        trusted(decide(TWO, v3, Personas.SIGNED, AFTER_3, "developer"));
        trusted(TWO.decide(v3, Signing.checks(v3, AFTER_3, LATE_DEV), Subjects.EDITOR, AFTER_3));
        assertTrue(refused(decide(TWO, v3, Personas.SIGNED, AFTER_3, "revoked-hard"), Rule.REVOKED,
                Personas.REVOKED_HARD).spurious());
        trusted(decide(TWO, v3, Personas.SIGNED, AFTER_3, "revoked-soft"));
        refused(decide(TWO, v3, AFTER_SOFT_REVOCATION, AFTER_3, "revoked-soft"), Rule.REVOKED, Personas.REVOKED_SOFT);
    }

    @Test
    void aCertificationForgedByTheRemovedRootAfterTheRotationDoesNotCount() {
        Certificate forged = TrustWebs.certify(ROOT, Personas.certificate("outsider"), Level.MAINTAINER, "global",
                AFTER_3);
        // Backdating it does not help either: only the exact packets the rotation endorsed count.
        Certificate backdated = TrustWebs.certify(ROOT, Personas.certificate("newcomer"), Level.DEVELOPER, "global",
                Personas.CERTIFIED);
        TrustWeb v3 = v3(forged, backdated);
        refused(decide(TWO, v3, AFTER_3, AFTER_3.plusSeconds(60), "outsider"), Rule.NOT_CERTIFIED, Personas.OUTSIDER);
        TrustDecision newcomer = TWO.decide(v3, Signing.checks(v3, AFTER_3, "newcomer"), Subjects.EDITOR,
                AFTER_3.plusSeconds(60));
        assertTrue(newcomer instanceof TrustDecision.Refused, newcomer.toString());
    }

    @Test
    void oneCurrentRootAloneCannotUndoAnEndorsedCertificationButKCurrentRootsRevokeIt() {
        Instant revokedAt = AFTER_3.plusSeconds(3600);
        Instant ref = revokedAt.plusSeconds(3600);
        Certificate byOne = StoreAuthority.revoke(SECOND, Personas.certificate("developer"), RevocationReason.COMPROMISED,
                "one root", revokedAt);
        trusted(decide(TWO, v3(byOne), Personas.SIGNED, ref, "developer"));
        Certificate byTwo = StoreAuthority.revoke(THIRD, byOne, RevocationReason.COMPROMISED, "stolen", revokedAt);
        assertTrue(refused(decide(TWO, v3(byTwo), Personas.SIGNED, ref, "developer"), Rule.REVOKED,
                Personas.DEVELOPER).spurious());
    }

    @Test
    void theStandingsShowWhatARotationWouldChange() {
        TrustWeb bare = new TrustWeb(List.of(ROOT.certificate(), SECOND.certificate()), keyring());
        String before = standing(ONE, v1(), "developer");
        assertTrue(before.contains("developer in app:org.example.editor"), before);
        assertEquals("not trusted", standing(TWO, bare, "developer"));
        assertEquals(before, standing(TWO, v2(), "developer"));
        assertEquals("revoked", standing(TWO, v2(), "revoked-hard"));
    }

    private static String standing(TrustEngine engine, TrustWeb web, String persona) {
        return engine.standings(web, ROTATED_2).stream()
                .filter(s -> s.key().fingerprint().equals(Personas.fingerprint(persona)))
                .findFirst().orElseThrow().standing();
    }
}
