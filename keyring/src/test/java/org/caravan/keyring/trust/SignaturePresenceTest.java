package org.caravan.keyring.trust;

import static org.caravan.keyring.trust.TrustAssertions.ENGINE;
import static org.caravan.keyring.trust.TrustAssertions.refused;

import java.util.List;
import org.caravan.keyring.sign.SignatureCheck;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.trust.TrustDecision.Rule;
import org.junit.jupiter.api.Test;

class SignaturePresenceTest {
    @Test
    void noSignatureAtAllIsRefused() {
        refused(ENGINE.decide(Personas.web(), List.of(), Subjects.EDITOR, Personas.SIGNED), Rule.NO_SIGNATURE, null,
                "package org.example.editor carries no signature");
    }

    @Test
    void onlyInvalidSignaturesAreRefusedWithTheirReason() {
        refused(ENGINE.decide(Personas.web(), List.of(new SignatureCheck.Invalid("signature does not match the data")),
                Subjects.EDITOR, Personas.SIGNED), Rule.BAD_SIGNATURE, null, "signature does not match the data");
    }

    @Test
    void weakHashesAreNamedAsWeakCrypto() {
        refused(ENGINE.decide(Personas.web(), List.of(new SignatureCheck.Invalid("SHA-1 signatures are refused (issuer X)")),
                Subjects.EDITOR, Personas.SIGNED), Rule.WEAK_CRYPTO, null, "SHA-1");
    }

    @Test
    void anInvalidSignatureBesideAValidOneDoesNotCount() {
        List<SignatureCheck> checks = new java.util.ArrayList<>(TrustAssertions.checks(Personas.SIGNED, "developer"));
        checks.add(0, new SignatureCheck.Invalid("no certificate for issuer 0123456789ABCDEF"));
        TrustAssertions.trusted(ENGINE.decide(Personas.web(), checks, Subjects.EDITOR, Personas.SIGNED));
    }
}
