package org.caravan.keyring.trust;

import static org.caravan.keyring.trust.TrustAssertions.decide;
import static org.caravan.keyring.trust.TrustAssertions.refused;
import static org.caravan.keyring.trust.TrustAssertions.trusted;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.trust.TrustDecision.Rule;
import org.junit.jupiter.api.Test;

/** A key revoked by itself or by the revoker it designated; key revocations by anyone else are ignored. */
class KeyRevocationTest {
    static final Instant AFTER = Personas.REVOKED_AT.plusSeconds(86_400);

    @Test
    void aHardSelfRevocationVoidsEverySignature() {
        Certificate self = KeyRevocations.revokeSelf(Personas.secretKey("developer"), RevocationReason.COMPROMISED,
                "laptop stolen", Personas.REVOKED_AT);
        TrustDecision.Refused r = refused(decide(TrustWebs.personasWith(self), Subjects.EDITOR, Personas.SIGNED,
                Personas.LATER, "developer"), Rule.REVOKED, Personas.DEVELOPER, "revoked itself", "laptop stolen");
        assertTrue(r.spurious());
    }

    @Test
    void aSoftSelfRevocationKeepsEarlierSignatures() {
        TrustWeb web = TrustWebs.personasWith(KeyRevocations.revokeSelf(Personas.secretKey("developer"),
                RevocationReason.SUPERSEDED, "new key", Personas.REVOKED_AT));
        trusted(decide(web, Subjects.EDITOR, Personas.SIGNED, Personas.LATER, "developer"));
        refused(decide(web, Subjects.EDITOR, AFTER, Personas.LATER, "developer"), Rule.REVOKED, Personas.DEVELOPER,
                "superseded: new key");
    }

    @Test
    void aSelfRevocationDatedAfterTheReferenceTimeDoesNotCountYet() {
        TrustWeb web = TrustWebs.personasWith(KeyRevocations.revokeSelf(Personas.secretKey("developer"),
                RevocationReason.COMPROMISED, "later", Personas.REVOKED_AT));
        trusted(decide(web, Subjects.EDITOR, Personas.SIGNED, Personas.SIGNED, "developer"));
    }

    @Test
    void aDesignatedRevokerCanRevokeTheKey() {
        Certificate designated = KeyRevocations.designateRevoker(Personas.secretKey("developer"),
                Personas.certificate("mentor"), Personas.CERTIFIED);
        Certificate revoked = KeyRevocations.revokeAs(Personas.secretKey("mentor"), designated,
                RevocationReason.COMPROMISED, "developer asked me to", Personas.REVOKED_AT);
        refused(decide(TrustWebs.personasWith(revoked), Subjects.EDITOR, Personas.SIGNED, Personas.LATER, "developer"),
                Rule.REVOKED, Personas.DEVELOPER, "designated revoker Mentor <mentor@caravan.test>");
    }

    @Test
    void aDesignatedRevokerTheCryptoPolicyRefusesCannotRevoke() throws Exception {
        SecretKey weak = TrustFixtures.rsaKey("Weak Revoker <weak@caravan.test>", 1024, Personas.CREATED);
        Certificate designated = KeyRevocations.designateRevoker(Personas.secretKey("developer"), weak.certificate(),
                Personas.CERTIFIED);
        // Caravan no longer revokes with such a key (it refuses weak keys before signing); another tool may.
        Certificate revoked = org.caravan.keyring.testing.RawSignatures.keyRevocation(weak, designated, Personas.REVOKED_AT);
        trusted(decide(TrustWebs.personasWith(revoked, weak.certificate()), Subjects.EDITOR, Personas.SIGNED,
                Personas.LATER, "developer"));
    }

    @Test
    void aKeyRevocationByAnyoneElseIsIgnored() {
        Certificate revoked = KeyRevocations.revokeAs(Personas.secretKey("outsider"), Personas.certificate("developer"),
                RevocationReason.COMPROMISED, "not my key", Personas.REVOKED_AT);
        trusted(decide(TrustWebs.personasWith(revoked), Subjects.EDITOR, Personas.SIGNED, Personas.LATER, "developer"));
    }
}
