package org.caravan.keyring.trust;

import static org.caravan.keyring.trust.TrustAssertions.refused;
import static org.caravan.keyring.trust.TrustAssertions.trusted;

import java.util.List;
import java.util.Set;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.SecretKey;
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
        Certificate certified = StoreAuthority.certify(Personas.secretKey("root"), rsa.certificate(), Level.DEVELOPER,
                Scope.GLOBAL, Personas.CERTIFIED, null);
        TrustWeb web = new TrustWeb(Personas.roots(), List.of(certified));
        refused(TrustAssertions.ENGINE.decide(web, Signing.checks(web, Personas.SIGNED, rsa), Subjects.EDITOR,
                Personas.SIGNED), Rule.WEAK_CRYPTO, rsa.fingerprint(), "RSA keys under 2048 bits are refused (this one has 1024)");
        TrustEngine lenient = new TrustEngine(TrustPolicy.DEFAULT.withCrypto(new CryptoPolicy(Set.of(1, 2), 1024, false)));
        trusted(lenient.decide(web, Signing.checks(web, Personas.SIGNED, rsa), Subjects.EDITOR, Personas.SIGNED));
    }
}
