package org.caravan.keyring.trust;

import static org.caravan.keyring.trust.TrustAssertions.refused;
import static org.caravan.keyring.trust.TrustAssertions.trusted;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.testing.Signing;
import org.caravan.keyring.trust.TrustDecision.Rule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attack: an unrooted clique that certifies itself (Sybil). 21 fresh keys, all in the store's keyring,
 * certify each other as global maintainers or developers and vouch for the store's newcomer in its app scope:
 * more than the default policy's 20 certifications for a promotion, everywhere. None of them was certified by a
 * root or by a maintainer the roots made, so their words weigh nothing: a level is only ever reached along a
 * path from the store's roots ({@code TrustEngine}'s store and maintainer grants; promotion counts only
 * certifiers that hold a level themselves).
 */
class SybilCliqueTest {
    static final int CLIQUE = 21;
    static final List<SecretKey> SYBILS = new ArrayList<>();
    static TrustWeb web;

    @BeforeAll
    static void aCliqueCertifiesItself() {
        for (int i = 0; i < CLIQUE; i++) {
            SYBILS.add(SecretKey.generate("Sybil " + i + " <sybil" + i + "@caravan.test>", Personas.CREATED));
        }
        List<Certificate> keys = new ArrayList<>();
        Certificate newcomer = Personas.certificate("newcomer");
        for (SecretKey s : SYBILS) {
            Certificate c = s.certificate();
            for (int i = 0; i < CLIQUE; i++) {
                if (SYBILS.get(i) != s) {
                    // Half claim to make maintainers (only roots may), half developers (only maintainers may).
                    c = StoreAuthority.certify(SYBILS.get(i), c, i % 2 == 0 ? Level.MAINTAINER : Level.DEVELOPER,
                            Scope.GLOBAL, Personas.CERTIFIED, null);
                }
            }
            keys.add(c);
            newcomer = StoreAuthority.certify(s, newcomer, Level.NEWCOMER, Scope.parse(Personas.NEWCOMER_SCOPE),
                    Personas.CERTIFIED, null);
        }
        for (Certificate c : Personas.keyring()) {
            keys.add(c.fingerprint().equals(Personas.NEWCOMER) ? c.mergedWith(newcomer) : c);
        }
        web = new TrustWeb(Personas.roots(), keys);
    }

    @Test
    void aCliqueMembersPackageIsNotCertifiedHoweverManyCertifyIt() {
        SecretKey member = SYBILS.get(0);
        refused(TrustAssertions.ENGINE.decide(web, Signing.checks(web, Personas.SIGNED, member), Subjects.EDITOR,
                Personas.LATER), Rule.NOT_CERTIFIED, member.fingerprint());
    }

    @Test
    void theCliqueDoesNotPromoteTheStoresNewcomer() {
        refused(PromotionTest.newcomerSignsHello(TrustAssertions.ENGINE, web, Personas.LATER), Rule.LEVEL_TOO_LOW,
                Personas.NEWCOMER, "needs a mentor's co-signature", "0 found");
    }

    @Test
    void cliqueMembersCoSigningAreNoMentors() {
        List<SecretKey> signers = new ArrayList<>();
        signers.add(Personas.secretKey("newcomer"));
        signers.addAll(SYBILS);
        refused(TrustAssertions.ENGINE.decide(web, Signing.checks(web, Personas.SIGNED, signers.toArray(SecretKey[]::new)),
                MentoringTest.HELLO_GAME, Personas.LATER), Rule.LEVEL_TOO_LOW, Personas.NEWCOMER, "0 found");
    }

    @Test
    void oneRootedMentorAmongThemIsStillEnoughAndIsTheOneNamed() {
        // The clique's noise does not hide a real mentor either.
        List<SecretKey> signers = new ArrayList<>(List.of(Personas.secretKey("newcomer")));
        signers.addAll(SYBILS.subList(0, 3));
        signers.add(Personas.secretKey("mentor"));
        TrustDecision.Trusted t = trusted(TrustAssertions.ENGINE.decide(web,
                Signing.checks(web, Personas.SIGNED, signers.toArray(SecretKey[]::new)), MentoringTest.HELLO_GAME,
                Personas.SIGNED));
        assertEquals(List.of(Personas.MENTOR), t.coSigners().stream().map(KeyRef::fingerprint).toList());
    }
}
