package org.caravan.keyring.trust;

import static org.caravan.keyring.trust.TrustAssertions.decide;
import static org.caravan.keyring.trust.TrustAssertions.refused;
import static org.caravan.keyring.trust.TrustAssertions.trusted;

import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.testing.RawSignatures;
import org.caravan.keyring.trust.TrustDecision.Rule;
import org.junit.jupiter.api.Test;

/**
 * A revocation of another key is a certification-class signature: a designated revoker's key revocation
 * counts only from a component allowed to certify, as gpg and sq require; a signing-only key's does not.
 */
class RevokerUsageTest {
    @Test
    void aDesignatedRevokerWhoseKeyMayOnlySignCannotRevoke() {
        SecretKey signer = RawSignatures.signingOnlyKey("Sign Only <signonly@caravan.test>", Personas.CREATED);
        Certificate designated = KeyRevocations.designateRevoker(Personas.secretKey("developer"), signer.certificate(),
                Personas.CERTIFIED);
        Certificate revoked = RawSignatures.keyRevocation(signer, designated, Personas.REVOKED_AT);
        trusted(decide(TrustWebs.personasWith(revoked, signer.certificate()), Subjects.EDITOR, Personas.SIGNED,
                Personas.LATER, "developer"));
    }

    @Test
    void aDesignatedRevokerWhoseKeyMayCertifyRevokes() {
        SecretKey revoker = TrustWebs.extra("certifying-revoker");
        Certificate designated = KeyRevocations.designateRevoker(Personas.secretKey("developer"), revoker.certificate(),
                Personas.CERTIFIED);
        Certificate revoked = RawSignatures.keyRevocation(revoker, designated, Personas.REVOKED_AT);
        refused(decide(TrustWebs.personasWith(revoked, revoker.certificate()), Subjects.EDITOR, Personas.SIGNED,
                Personas.LATER, "developer"), Rule.REVOKED, Personas.DEVELOPER, "designated revoker");
    }
}
