package org.caravan.keyring.trust;

import static org.caravan.keyring.trust.TrustAssertions.refused;
import static org.caravan.keyring.trust.TrustAssertions.trusted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.testing.Signing;
import org.caravan.keyring.trust.TrustDecision.Rule;
import org.junit.jupiter.api.Test;

/**
 * Developers certified for a whole category vouch for an app of that category: under the default policy,
 * 20 {@code category:games} developers certifying a key for {@code app:org.example.chess} promote it for
 * chess, because the catalog files chess under games (both default steps apply: 20 keys of level newcomer or
 * above make a developer, 20 of level developer or above a mentor). Which category an app is in comes with
 * the package (the signed catalog), so the same certifications do nothing for chess filed elsewhere.
 */
class CategoryCertifierPromotionTest {
    static final String CHESS_SCOPE = "app:" + Subjects.CHESS.appId();
    static final SecretKey CHESS_DEV = TrustWebs.extra("chessdev");

    /** The chess developer's key certified for chess by {@code n} games developers (each made one by the root). */
    static TrustWeb vouchedByGamesDevelopers(int n, String certifierScope) {
        return WEBS.computeIfAbsent(n + " " + certifierScope, k -> build(n, certifierScope));
    }

    private static final Map<String, TrustWeb> WEBS = new ConcurrentHashMap<>();

    private static TrustWeb build(int n, String certifierScope) {
        List<Certificate> changed = new ArrayList<>();
        Certificate chess = CHESS_DEV.certificate();
        for (int i = 1; i <= n; i++) {
            SecretKey dev = TrustWebs.extra(String.format("gamesdev%02d", i));
            changed.add(TrustWebs.certify("root", dev.certificate(), Level.DEVELOPER, certifierScope, Personas.CERTIFIED));
            chess = TrustWebs.certify(dev, chess, Level.NEWCOMER, CHESS_SCOPE, PromotionTest.VOUCHED);
        }
        changed.add(chess);
        return TrustWebs.personasWith(changed.toArray(Certificate[]::new));
    }

    static TrustDecision chessDevSigns(TrustWeb web, Subject subject) {
        return TrustAssertions.ENGINE.decide(web, Signing.checks(web, Personas.SIGNED, CHESS_DEV), subject,
                Personas.SIGNED);
    }

    @Test
    void twentyCategoryDevelopersPromoteAKeyForAnAppOfTheirCategory() {
        assertEquals(20, TrustPolicy.DEFAULT.promotionFrom(0).orElseThrow().certifications());
        TrustDecision.Trusted t = trusted(chessDevSigns(vouchedByGamesDevelopers(20, "category:games"), Subjects.CHESS));
        assertEquals(Level.MENTOR, t.level());
        assertEquals(Scope.parse(CHESS_SCOPE), t.scope());
        assertTrue(t.explain().contains("promoted to mentor in " + CHESS_SCOPE + " by 20 certifications from keys of "
                + "level developer or above in scopes covering " + Subjects.CHESS), t.explain());
    }

    @Test
    void theSameCertificationsDoNothingForTheAppFiledUnderAnotherCategory() {
        Subject chessAsOffice = new Subject(Subjects.CHESS.appId(), "office", "app");
        refused(chessDevSigns(vouchedByGamesDevelopers(20, "category:games"), chessAsOffice), Rule.NOT_CERTIFIED,
                CHESS_DEV.fingerprint());
    }

    @Test
    void nineteenAreNotEnough() {
        refused(chessDevSigns(vouchedByGamesDevelopers(19, "category:games"), Subjects.CHESS), Rule.NOT_CERTIFIED,
                CHESS_DEV.fingerprint());
    }

    @Test
    void aCategoryScopeWithoutPluginsDoesNotVouchForAPlugin() {
        Subject chessPlugin = new Subject(Subjects.CHESS.appId(), "games", "plugin");
        refused(chessDevSigns(vouchedByGamesDevelopers(20, "category:games"), chessPlugin), Rule.NOT_CERTIFIED,
                CHESS_DEV.fingerprint());
        assertEquals(Level.MENTOR, trusted(chessDevSigns(vouchedByGamesDevelopers(20, "category:games+plugins"),
                chessPlugin)).level());
    }
}
