package org.caravan.keyring.trust;

import static org.caravan.keyring.trust.TrustAssertions.decide;
import static org.caravan.keyring.trust.TrustAssertions.refused;

import java.util.ArrayList;
import java.util.List;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.trust.TrustDecision.Rule;
import org.junit.jupiter.api.Test;

class CertificationRequiredTest {
    @Test
    void aKeyOutsideTheStoresKeyringIsUnknown() {
        List<Certificate> keys = new ArrayList<>(Personas.keyring());
        keys.remove(Personas.certificate("developer"));
        TrustWeb web = new TrustWeb(Personas.roots(), keys);
        // The signature itself checks out against the developer's certificate; the store just never heard of it.
        TrustDecision d = TrustAssertions.ENGINE.decide(web,
                TrustAssertions.checks(Personas.SIGNED, "developer"), Subjects.EDITOR, Personas.SIGNED);
        refused(d, Rule.UNKNOWN_KEY, Personas.DEVELOPER, "signer " + Personas.DEVELOPER.hex() + " is not in the store's keyring");
    }

    @Test
    void aKeyNobodyInTheStoreCertifiedIsNotCertified() {
        refused(decide(Subjects.EDITOR, Personas.SIGNED, Personas.SIGNED, "outsider"), Rule.NOT_CERTIFIED,
                Personas.OUTSIDER, "Outsider <outsider@caravan.test>", "no valid certification by a root");
    }

    @Test
    void aCertificationThatDoesNotVerifyDoesNotCount() {
        // A certification by a key that merely claims to be the root: same user id, different key.
        org.caravan.keyring.key.SecretKey impostor = org.caravan.keyring.key.SecretKey.generate(
                Personas.userIdOf("root"), Personas.CREATED);
        Certificate forged = StoreAuthority.certify(impostor, Personas.secretKey("outsider").certificate(),
                Level.MAINTAINER, Scope.GLOBAL, Personas.CERTIFIED, null);
        TrustWeb web = new TrustWeb(Personas.roots(), List.of(forged));
        refused(decide(web, Subjects.EDITOR, Personas.SIGNED, Personas.SIGNED, "outsider"), Rule.NOT_CERTIFIED,
                Personas.OUTSIDER);
    }

    @Test
    void aCertificationWithoutScopeIsRefused() throws Exception {
        Certificate noScope = TrustFixtures.certificationWithoutScope(Personas.secretKey("root"),
                Personas.secretKey("outsider").certificate(), Personas.CERTIFIED);
        TrustWeb web = new TrustWeb(Personas.roots(), List.of(noScope));
        refused(decide(web, Subjects.EDITOR, Personas.SIGNED, Personas.SIGNED, "outsider"), Rule.NOT_CERTIFIED,
                Personas.OUTSIDER, "certification carries no scope");
    }
}
