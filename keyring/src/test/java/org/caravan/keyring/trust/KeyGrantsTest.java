package org.caravan.keyring.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.caravan.keyring.key.Fingerprint;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.trust.TrustDecision.Rule;
import org.junit.jupiter.api.Test;

/** What each persona may sign at a time, as {@code caravan store keys} lists it: by the rules decide() applies. */
class KeyGrantsTest {
    static final TrustEngine ENGINE = new TrustEngine();
    static final TrustWeb WEB = Personas.web();
    static final Instant AFTER_REVOCATION = Personas.REVOKED_AT.plusSeconds(86_400);

    static KeyGrants at(Fingerprint key, Instant t) {
        return ENGINE.keyGrants(WEB, key, t);
    }

    @Test
    void aRootStandsAsMaintainerEverywhere() {
        KeyGrants.Holds s = assertInstanceOf(KeyGrants.Holds.class, at(Personas.ROOT, Personas.SIGNED));
        assertTrue(s.root());
        assertEquals(Scope.GLOBAL, s.grants().get(0).scope());
    }

    @Test
    void aDeveloperStandsInItsScopeWithThePathFromTheRoot() {
        KeyGrants.Holds s = assertInstanceOf(KeyGrants.Holds.class, at(Personas.DEVELOPER, Personas.SIGNED));
        KeyGrants.Grant g = s.grants().get(0);
        assertEquals(Level.DEVELOPER, g.level());
        assertEquals(Scope.parse(Personas.DEVELOPER_SCOPE), g.scope());
        assertEquals(Personas.ROOT, g.path().get(0).fingerprint());
        assertEquals(Personas.DEVELOPER, g.path().get(g.path().size() - 1).fingerprint());
    }

    @Test
    void revokedExpiredAndUnknownKeysStandForNothingAndSayWhy() {
        assertEquals(Rule.REVOKED, assertInstanceOf(KeyGrants.None.class,
                at(Personas.REVOKED_HARD, AFTER_REVOCATION)).rule());
        KeyGrants.None soft = assertInstanceOf(KeyGrants.None.class, at(Personas.REVOKED_SOFT, AFTER_REVOCATION));
        assertEquals(Rule.REVOKED, soft.rule());
        assertTrue(soft.reason().contains("retired"), soft.reason());
        // Before its soft revocation the same key stood.
        assertInstanceOf(KeyGrants.Holds.class, at(Personas.REVOKED_SOFT, Personas.SIGNED));
        assertEquals(Rule.NOT_CERTIFIED, assertInstanceOf(KeyGrants.None.class,
                at(Personas.OUTSIDER, Personas.SIGNED)).rule());
        assertEquals(Rule.UNKNOWN_KEY, assertInstanceOf(KeyGrants.None.class,
                at(Fingerprint.of("AB".repeat(20)), Personas.SIGNED)).rule());
        KeyGrants later = at(Personas.EXPIRED, Personas.LATER);
        assertInstanceOf(KeyGrants.None.class, later, later.toString());
    }
}
