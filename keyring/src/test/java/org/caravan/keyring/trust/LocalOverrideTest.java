package org.caravan.keyring.trust;

import static org.caravan.keyring.trust.TrustAssertions.refused;
import static org.caravan.keyring.trust.TrustAssertions.trusted;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.trust.TrustDecision.Rule;
import org.junit.jupiter.api.Test;

/** The user's own overrides: distrust a key; trust a key for one app. They apply to this machine only. */
class LocalOverrideTest {
    private static TrustDecision decide(Subject s, java.time.Instant ref, TrustContext ctx, String... signers) {
        return TrustAssertions.ENGINE.decide(Personas.web(), TrustAssertions.checks(Personas.SIGNED, signers), s, ref, ctx);
    }

    @Test
    void aDistrustedKeyIsRefusedWhateverTheStoreSays() {
        TrustContext ctx = TrustContext.ofOverrides(List.of(new LocalOverride.Distrust(Personas.DEVELOPER)));
        refused(decide(Subjects.EDITOR, Personas.SIGNED, ctx, "developer"), Rule.DISTRUSTED, Personas.DEVELOPER,
                "distrusted by a local override on this machine");
        trusted(decide(Subjects.EDITOR, Personas.SIGNED, TrustContext.NONE, "developer"));
    }

    @Test
    void aKeyTrustedForAnAppIsTrustedForThatAppOnly() {
        TrustContext ctx = TrustContext.ofOverrides(List.of(new LocalOverride.TrustForApp(Personas.OUTSIDER,
                "org.example.hello")));
        TrustDecision.Trusted t = trusted(decide(Subjects.HELLO, Personas.SIGNED, ctx, "outsider"));
        assertTrue(t.explain().contains("local override"), t.explain());
        refused(decide(Subjects.EDITOR, Personas.SIGNED, ctx, "outsider"), Rule.NOT_CERTIFIED, Personas.OUTSIDER);
    }

    @Test
    void aLocalTrustDoesNotBringBackARevokedKey() {
        TrustContext ctx = TrustContext.ofOverrides(List.of(new LocalOverride.TrustForApp(Personas.REVOKED_HARD,
                "org.example.editor")));
        refused(decide(Subjects.EDITOR, Personas.LATER, ctx, "revoked-hard"), Rule.REVOKED, Personas.REVOKED_HARD);
    }
}
