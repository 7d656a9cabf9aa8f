package org.caravan.keyring.trust;

import static org.caravan.keyring.trust.TrustAssertions.decide;
import static org.caravan.keyring.trust.TrustAssertions.refused;
import static org.caravan.keyring.trust.TrustAssertions.trusted;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.trust.TrustDecision.Rule;
import org.junit.jupiter.api.Test;

class RevocationTest {
    static final Instant AFTER = Personas.REVOKED_AT.plusSeconds(86_400);

    @Test
    void beforeTheRevocationExistsTheKeyIsTrusted() {
        trusted(decide(Subjects.EDITOR, Personas.SIGNED, Personas.SIGNED, "revoked-hard"));
        trusted(decide(Subjects.EDITOR, Personas.SIGNED, Personas.SIGNED, "revoked-soft"));
    }

    @Test
    void aHardRevocationVoidsEvenSignaturesMadeBeforeIt() {
        TrustDecision.Refused r = refused(decide(Subjects.EDITOR, Personas.SIGNED, Personas.LATER, "revoked-hard"),
                Rule.REVOKED, Personas.REVOKED_HARD, "compromised: private key leaked", "Root <root@caravan.test>");
        assertTrue(r.spurious());
    }

    @Test
    void aSoftRevocationKeepsEarlierSignatures() {
        trusted(decide(Subjects.EDITOR, Personas.SIGNED, Personas.LATER, "revoked-soft"));
    }

    @Test
    void aSoftRevocationRefusesLaterSignatures() {
        refused(decide(Subjects.EDITOR, AFTER, Personas.LATER, "revoked-soft"), Rule.REVOKED, Personas.REVOKED_SOFT,
                "after it was revoked", "retired: moved on to other work");
    }

    @Test
    void aReCertificationAfterASoftRevocationRestoresTrustForNewSignatures() {
        Instant recertified = Instant.parse("2026-03-15T00:00:00Z");
        Certificate again = StoreAuthority.certify(Personas.secretKey("root"), Personas.certificate("revoked-soft"),
                Level.DEVELOPER, Scope.GLOBAL, recertified, null);
        TrustWeb web = new TrustWeb(Personas.roots(), List.of(again));
        trusted(decide(web, Subjects.EDITOR, recertified.plusSeconds(60), Personas.LATER, "revoked-soft"));
        trusted(decide(web, Subjects.EDITOR, Personas.SIGNED, Personas.LATER, "revoked-soft"));
        refused(decide(web, Subjects.EDITOR, AFTER, Personas.LATER, "revoked-soft"), Rule.REVOKED,
                Personas.REVOKED_SOFT, "after it was revoked");
    }

    @Test
    void aRevocationByANonRootIsIgnored() {
        Certificate revokedByMaintainer = StoreAuthority.revoke(Personas.secretKey("maintainer"),
                Personas.certificate("developer"), RevocationReason.COMPROMISED, "not mine to say", Personas.SIGNED);
        TrustWeb web = new TrustWeb(Personas.roots(), List.of(revokedByMaintainer));
        trusted(decide(web, Subjects.EDITOR, Personas.SIGNED, Personas.LATER, "developer"));
    }

    @Test
    void aForgedRootRevocationIsIgnored() {
        org.caravan.keyring.key.SecretKey impostor = org.caravan.keyring.key.SecretKey.generate(
                Personas.userIdOf("root"), Personas.CREATED);
        Certificate forged = StoreAuthority.revoke(impostor, Personas.certificate("developer"),
                RevocationReason.COMPROMISED, "forged", Personas.SIGNED);
        TrustWeb web = new TrustWeb(Personas.roots(), List.of(forged));
        trusted(decide(web, Subjects.EDITOR, Personas.SIGNED, Personas.LATER, "developer"));
    }

    @Test
    void aRevokedCoSignerMakesThePackageSpurious() {
        TrustDecision.Refused r = refused(decide(Subjects.EDITOR, Personas.SIGNED, Personas.LATER,
                "developer", "revoked-hard"), Rule.REVOKED, Personas.REVOKED_HARD);
        assertTrue(r.spurious());
    }

    @Test
    void aKeyThatRevokedItselfIsRefused() throws Exception {
        Certificate self = TrustFixtures.selfRevoked(Personas.secretKey("developer"), Personas.REVOKED_AT)
                .mergedWith(Personas.certificate("developer"));
        TrustWeb web = new TrustWeb(Personas.roots(), List.of(self));
        refused(decide(web, Subjects.EDITOR, AFTER, Personas.LATER, "developer"), Rule.REVOKED, Personas.DEVELOPER,
                "revoked itself");
    }
}
