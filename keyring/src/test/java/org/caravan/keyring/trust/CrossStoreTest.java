package org.caravan.keyring.trust;

import static org.caravan.keyring.trust.TrustAssertions.refused;
import static org.caravan.keyring.trust.TrustAssertions.trusted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.sign.SignatureCheck;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.testing.Signing;
import org.caravan.keyring.trust.TrustDecision.Rule;
import org.junit.jupiter.api.Test;

/** This store's root certifies store B's root for category:games: B's developers are trusted here for games only. */
class CrossStoreTest {
    static final SecretKey B_ROOT = TrustWebs.extra("bazaar-root");
    static final SecretKey B_DEV = TrustWebs.extra("bazaar-dev");
    static final TrustWeb B = new TrustWeb(List.of(B_ROOT.certificate()), List.of(
            TrustWebs.certify(B_ROOT, B_DEV.certificate(), Level.DEVELOPER, "global", Personas.CERTIFIED)));
    static final Certificate CROSS = TrustWebs.certify("root", B_ROOT.certificate(), Level.DEVELOPER, "category:games",
            Personas.CERTIFIED);
    static final TrustWeb A = TrustWebs.personasWith(CROSS);
    static final TrustContext WITH_B = TrustContext.ofStores(Map.of("Bazaar", B));

    private static TrustDecision decide(TrustWeb web, Subject s, TrustContext ctx) {
        List<SignatureCheck> checks = Signing.checks(B, Personas.SIGNED, B_DEV);
        return TrustAssertions.ENGINE.decide(web, checks, s, Personas.SIGNED, ctx);
    }

    @Test
    void aCrossCertifiedStoresDeveloperIsTrustedWithinTheScope() {
        TrustDecision.Trusted t = trusted(decide(A, Subjects.CHESS, WITH_B));
        assertEquals(List.of(Personas.ROOT, B_ROOT.fingerprint(), B_DEV.fingerprint()),
                t.path().stream().map(KeyRef::fingerprint).toList());
        assertEquals(Scope.parse("category:games"), t.scope());
        assertTrue(t.explain().contains("key of store Bazaar"), t.explain());
    }

    @Test
    void outsideTheCrossCertificationsScopeItIsUnknown() {
        refused(decide(A, Subjects.EDITOR, WITH_B), Rule.UNKNOWN_KEY, B_DEV.fingerprint());
    }

    @Test
    void withoutTheCrossCertificationTheOtherStoreMeansNothing() {
        refused(decide(Personas.web(), Subjects.CHESS, WITH_B), Rule.UNKNOWN_KEY, B_DEV.fingerprint());
        refused(decide(A, Subjects.CHESS, TrustContext.NONE), Rule.UNKNOWN_KEY, B_DEV.fingerprint());
    }

    @Test
    void aRevocationInTheOtherStoreHoldsHereToo() {
        Certificate revoked = StoreAuthority.revoke(B_ROOT, B.keys().get(0), RevocationReason.COMPROMISED, "leaked",
                Personas.SIGNED);
        TrustWeb b2 = new TrustWeb(B.roots(), List.of(revoked));
        List<SignatureCheck> checks = Signing.checks(b2, Personas.SIGNED, B_DEV);
        TrustDecision d = TrustAssertions.ENGINE.decide(A, checks, Subjects.CHESS, Personas.LATER,
                TrustContext.ofStores(Map.of("Bazaar", b2)));
        refused(d, Rule.REVOKED, B_DEV.fingerprint(), "leaked");
    }
}
