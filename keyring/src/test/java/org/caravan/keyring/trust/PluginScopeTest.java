package org.caravan.keyring.trust;

import static org.caravan.keyring.trust.TrustAssertions.decide;
import static org.caravan.keyring.trust.TrustAssertions.refused;
import static org.caravan.keyring.trust.TrustAssertions.trusted;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.trust.TrustDecision.Rule;
import org.junit.jupiter.api.Test;

/** A category scope covers the category's apps; plugins only when the scope says +plugins. */
class PluginScopeTest {
    static final Subject CHESS_HINTS = new Subject("org.example.chess-hints", "games", "plugin");

    @Test
    void aCategoryScopeDoesNotCoverPlugins() {
        refused(decide(CHESS_HINTS, Personas.SIGNED, Personas.SIGNED, "mentor"), Rule.OUT_OF_SCOPE, Personas.MENTOR,
                "scope category:games", "plugin org.example.chess-hints");
    }

    @Test
    void aScopeThatAllowsPluginsCoversThem() {
        Certificate c = TrustWebs.certify("root", Personas.certificate("outsider"), Level.DEVELOPER,
                "category:games+plugins", Personas.CERTIFIED);
        TrustWeb web = TrustWebs.personasWith(c);
        trusted(decide(web, CHESS_HINTS, Personas.SIGNED, Personas.SIGNED, "outsider"));
        trusted(decide(web, Subjects.CHESS, Personas.SIGNED, Personas.SIGNED, "outsider"));
        refused(decide(web, Subjects.EDITOR, Personas.SIGNED, Personas.SIGNED, "outsider"), Rule.OUT_OF_SCOPE,
                Personas.OUTSIDER);
    }

    @Test
    void globalAndTheAppsOwnScopeCoverAPlugin() {
        trusted(decide(CHESS_HINTS, Personas.SIGNED, Personas.SIGNED, "maintainer"));
        Certificate own = TrustWebs.certify("root", Personas.certificate("outsider"), Level.DEVELOPER,
                "app:org.example.chess-hints", Personas.CERTIFIED);
        trusted(decide(TrustWebs.personasWith(own), CHESS_HINTS, Personas.SIGNED, Personas.SIGNED, "outsider"));
    }

    @Test
    void malformedScopesAreRefusedWithTheirText() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scope.parse("app:+plugins"));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("'app:+plugins'"), e.getMessage());
    }
}
