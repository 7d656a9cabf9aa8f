package org.caravan.keyring.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.caravan.keyring.key.Fingerprint;
import org.caravan.keyring.sign.SignatureCheck;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.testing.Signing;

/** Shared steps of the trust-rule tests: sign with personas, decide, look at what the user sees. */
final class TrustAssertions {
    static final TrustEngine ENGINE = new TrustEngine();

    private TrustAssertions() {}

    static TrustDecision decide(TrustWeb web, Subject subject, Instant signedAt, Instant ref, String... signers) {
        return ENGINE.decide(web, Signing.checks(web, signedAt, signers), subject, ref);
    }

    static TrustDecision decide(Subject subject, Instant signedAt, Instant ref, String... signers) {
        return decide(Personas.web(), subject, signedAt, ref, signers);
    }

    static TrustDecision.Trusted trusted(TrustDecision d) {
        return assertInstanceOf(TrustDecision.Trusted.class, d, d.explain());
    }

    static TrustDecision.Refused refused(TrustDecision d, TrustDecision.Rule rule, Fingerprint key, String... phrases) {
        TrustDecision.Refused r = assertInstanceOf(TrustDecision.Refused.class, d, d.explain());
        assertEquals(rule, r.rule(), d.explain());
        assertEquals(key, r.key(), d.explain());
        String explain = r.explain();
        assertTrue(explain.startsWith("refused (" + rule.label() + "): "), explain);
        for (String p : phrases) {
            assertTrue(explain.contains(p), "'" + p + "' missing from: " + explain);
        }
        return r;
    }

    static List<SignatureCheck> checks(Instant at, String... signers) {
        return Signing.checks(Personas.web(), at, signers);
    }
}
