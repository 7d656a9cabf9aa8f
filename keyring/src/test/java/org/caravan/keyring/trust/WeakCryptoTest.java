package org.caravan.keyring.trust;

import static org.caravan.keyring.trust.TrustAssertions.refused;
import static org.caravan.keyring.trust.TrustAssertions.trusted;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.key.UnusableKeyException;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.testing.RawSignatures;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.testing.Signing;
import org.caravan.keyring.trust.TrustDecision.Rule;
import org.junit.jupiter.api.Test;

/** The crypto policy: SHA-1 certifications count as absent and RSA keys under 2048 bits are refused, by default. */
class WeakCryptoTest {
    @Test
    void aSha1CertificationCountsAsAbsent() throws Exception {
        Certificate sha1 = TrustFixtures.certificationWithHash(Personas.secretKey("root"), Personas.certificate("outsider"),
                Level.DEVELOPER, Scope.GLOBAL, Personas.CERTIFIED, HashAlgorithmTags.SHA1);
        TrustWeb web = TrustWebs.personasWith(sha1);
        refused(TrustAssertions.decide(web, Subjects.EDITOR, Personas.SIGNED, Personas.SIGNED, "outsider"),
                Rule.NOT_CERTIFIED, Personas.OUTSIDER);
        TrustEngine lenient = new TrustEngine(TrustPolicy.DEFAULT.withCrypto(new CryptoPolicy(Set.of(1), 2048, false)));
        trusted(lenient.decide(web, Signing.checks(web, Personas.SIGNED, "outsider"), Subjects.EDITOR, Personas.SIGNED));
    }

    @Test
    void aSmallRsaKeyIsRefusedEvenWhenCertified() throws Exception {
        SecretKey rsa = TrustFixtures.rsaKey("Legacy <legacy@caravan.test>", 1024, Personas.CREATED);
        // Caravan neither certifies nor signs with it any more; an older store and another tool may have.
        UnusableKeyException e = assertThrows(UnusableKeyException.class, () -> StoreAuthority.certify(
                Personas.secretKey("root"), rsa.certificate(), Level.DEVELOPER, Scope.GLOBAL, Personas.CERTIFIED, null));
        assertTrue(e.getMessage().contains("is an RSA key of 1024 bits; stores refuse RSA under 2048 bits"), e.getMessage());
        e = assertThrows(UnusableKeyException.class, () -> DetachedSignatures.sign(rsa, Signing.PACKAGE, Personas.SIGNED));
        assertTrue(e.getMessage().startsWith("key " + rsa.fingerprint() + " is an RSA key of 1024 bits"), e.getMessage());
        Certificate certified = RawSignatures.certification(Personas.secretKey("root"), rsa.certificate(),
                Level.DEVELOPER.rank(), "global", Personas.CERTIFIED, g -> {});
        TrustWeb web = new TrustWeb(Personas.roots(), List.of(certified));
        refused(TrustAssertions.ENGINE.decide(web, Signing.uncheckedChecks(web, Personas.SIGNED, rsa), Subjects.EDITOR,
                Personas.SIGNED), Rule.WEAK_CRYPTO, rsa.fingerprint(), "RSA keys under 2048 bits are refused (this one has 1024)");
        TrustEngine lenient = new TrustEngine(TrustPolicy.DEFAULT.withCrypto(new CryptoPolicy(Set.of(1, 2), 1024, false)));
        trusted(lenient.decide(web, Signing.uncheckedChecks(web, Personas.SIGNED, rsa), Subjects.EDITOR, Personas.SIGNED));
    }
}
