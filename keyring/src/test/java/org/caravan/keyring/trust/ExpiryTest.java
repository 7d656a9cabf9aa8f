package org.caravan.keyring.trust;

import static org.caravan.keyring.trust.TrustAssertions.decide;
import static org.caravan.keyring.trust.TrustAssertions.refused;
import static org.caravan.keyring.trust.TrustAssertions.trusted;

import java.time.Duration;
import java.util.List;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.testing.Signing;
import org.caravan.keyring.trust.TrustDecision.Rule;
import org.junit.jupiter.api.Test;

class ExpiryTest {
    @Test
    void aCertificationHoldsUntilItExpires() {
        trusted(decide(Subjects.EDITOR, Personas.SIGNED, Personas.CERTIFICATION_EXPIRES.minusSeconds(1), "expired"));
    }

    @Test
    void anExpiredCertificationIsRefusedAtTheReferenceTime() {
        refused(decide(Subjects.EDITOR, Personas.SIGNED, Personas.LATER, "expired"), Rule.EXPIRED, Personas.EXPIRED,
                "expired at 2026-03-01T00:00:00Z");
    }

    @Test
    void aKeyThatExpiredBeforeSigningIsRefused() {
        SecretKey shortLived = SecretKey.generate("Short <short@caravan.test>", Personas.CREATED, Duration.ofDays(20));
        Certificate certified = StoreAuthority.certify(Personas.secretKey("root"), shortLived.certificate(),
                Level.DEVELOPER, Scope.GLOBAL, Personas.CERTIFIED, null);
        TrustWeb web = new TrustWeb(Personas.roots(), List.of(certified));
        TrustEngine engine = new TrustEngine();
        trusted(engine.decide(web, Signing.checks(web, Personas.CREATED.plus(Duration.ofDays(10)), shortLived),
                Subjects.EDITOR, Personas.LATER));
        refused(engine.decide(web, Signing.checks(web, Personas.SIGNED, shortLived), Subjects.EDITOR, Personas.LATER),
                Rule.EXPIRED, shortLived.fingerprint(), "expired at 2026-01-21T00:00:00Z");
    }
}
