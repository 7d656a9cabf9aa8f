package org.caravan.keyring.trust;

import static org.caravan.keyring.trust.TrustAssertions.decide;
import static org.caravan.keyring.trust.TrustAssertions.refused;
import static org.caravan.keyring.trust.TrustAssertions.trusted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.trust.TrustDecision.Rule;
import org.junit.jupiter.api.Test;

/** A maintainer certifies and revokes for the store, within its scope; it cannot make maintainers. */
class MaintainerTest {
    static final Instant AFTER = Personas.REVOKED_AT.plusSeconds(86_400);

    @Test
    void aMaintainersCertificationCountsAndThePathShowsIt() {
        Certificate c = TrustWebs.certify("maintainer", Personas.certificate("outsider"), Level.DEVELOPER, "global",
                Personas.CERTIFIED);
        TrustDecision.Trusted t = trusted(decide(TrustWebs.personasWith(c), Subjects.EDITOR, Personas.SIGNED,
                Personas.SIGNED, "outsider"));
        assertEquals(List.of(Personas.ROOT, Personas.MAINTAINER, Personas.OUTSIDER),
                t.path().stream().map(KeyRef::fingerprint).toList());
    }

    @Test
    void aMaintainerCannotMakeAMaintainer() {
        Certificate c = TrustWebs.certify("maintainer", Personas.certificate("outsider"), Level.MAINTAINER, "global",
                Personas.CERTIFIED);
        refused(decide(TrustWebs.personasWith(c), Subjects.EDITOR, Personas.SIGNED, Personas.SIGNED, "outsider"),
                Rule.NOT_CERTIFIED, Personas.OUTSIDER);
    }

    @Test
    void aMaintainerCertifiesOnlyWithinItsScope() {
        Certificate curator = TrustWebs.certify("root", TrustWebs.extra("curator").certificate(), Level.MAINTAINER,
                "category:games", Personas.CERTIFIED);
        Certificate tools = TrustWebs.certify(TrustWebs.extra("curator"), Personas.certificate("outsider"),
                Level.DEVELOPER, "category:tools", Personas.CERTIFIED);
        refused(decide(TrustWebs.personasWith(curator, tools), Subjects.EDITOR, Personas.SIGNED, Personas.SIGNED,
                "outsider"), Rule.NOT_CERTIFIED, Personas.OUTSIDER);
        Certificate games = TrustWebs.certify(TrustWebs.extra("curator"), Personas.certificate("outsider"),
                Level.DEVELOPER, "category:games", Personas.CERTIFIED);
        trusted(decide(TrustWebs.personasWith(curator, games), Subjects.CHESS, Personas.SIGNED, Personas.SIGNED,
                "outsider"));
    }

    @Test
    void aMaintainersHardRevocationMakesThePackageSpurious() {
        Certificate revoked = StoreAuthority.revoke(Personas.secretKey("maintainer"), Personas.certificate("developer"),
                RevocationReason.COMPROMISED, "key found on a paste site", Personas.REVOKED_AT);
        TrustDecision.Refused r = refused(decide(TrustWebs.personasWith(revoked), Subjects.EDITOR, Personas.SIGNED,
                Personas.LATER, "developer"), Rule.REVOKED, Personas.DEVELOPER,
                "revoked by maintainer Maintainer <maintainer@caravan.test>", "key found on a paste site");
        assertTrue(r.spurious());
    }

    @Test
    void aMaintainersSoftRevocationKeepsEarlierSignatures() {
        Certificate revoked = StoreAuthority.revoke(Personas.secretKey("maintainer"), Personas.certificate("developer"),
                RevocationReason.RETIRED, "left the project", Personas.REVOKED_AT);
        TrustWeb web = TrustWebs.personasWith(revoked);
        trusted(decide(web, Subjects.EDITOR, Personas.SIGNED, Personas.LATER, "developer"));
        refused(decide(web, Subjects.EDITOR, AFTER, Personas.LATER, "developer"), Rule.REVOKED, Personas.DEVELOPER,
                "left the project");
    }

    @Test
    void aCategoryMaintainersHardRevocationOfAKeyItCertifiedMakesItsPackagesSpurious() {
        Certificate curator = TrustWebs.certify("root", TrustWebs.extra("curator").certificate(), Level.MAINTAINER,
                "category:games", Personas.CERTIFIED);
        Certificate games = TrustWebs.certify(TrustWebs.extra("curator"), Personas.certificate("outsider"),
                Level.DEVELOPER, "category:games", Personas.CERTIFIED);
        Certificate revoked = StoreAuthority.revoke(TrustWebs.extra("curator"), games, RevocationReason.COMPROMISED,
                "signed malware", Personas.REVOKED_AT);
        TrustDecision.Refused r = refused(decide(TrustWebs.personasWith(curator, revoked), Subjects.CHESS,
                Personas.SIGNED, Personas.LATER, "outsider"), Rule.REVOKED, Personas.OUTSIDER, "signed malware");
        assertTrue(r.spurious(), "a hard revocation reaches back: the package signed before it is spurious");
    }

    @Test
    void aCategoryMaintainerCertifiesForAnAppTheCatalogFilesInItsCategory() {
        Certificate curator = TrustWebs.certify("root", TrustWebs.extra("curator").certificate(), Level.MAINTAINER,
                "category:games", Personas.CERTIFIED);
        Certificate chessDev = TrustWebs.certify(TrustWebs.extra("curator"), Personas.certificate("outsider"),
                Level.DEVELOPER, "app:org.example.chess", Personas.CERTIFIED);
        TrustWeb web = TrustWebs.personasWith(curator, chessDev);
        TrustDecision.Trusted t = trusted(decide(web, Subjects.CHESS, Personas.SIGNED, Personas.SIGNED, "outsider"));
        assertTrue(t.explain().contains("within its scope category:games"), t.explain());
        // The same app id filed under another category is outside the curator's reach.
        refused(decide(web, new Subject("org.example.chess", "office", "app"), Personas.SIGNED, Personas.SIGNED,
                "outsider"), Rule.NOT_CERTIFIED, Personas.OUTSIDER);
    }

    @Test
    void aRevocationByAKeyWithoutAuthorityIsIgnored() {
        // revoked-soft is a global developer, not a maintainer: its word about another key means nothing.
        Certificate revoked = StoreAuthority.revoke(Personas.secretKey("revoked-soft"), Personas.certificate("developer"),
                RevocationReason.COMPROMISED, "I say so", Personas.SIGNED);
        trusted(decide(TrustWebs.personasWith(revoked), Subjects.EDITOR, Personas.SIGNED, Personas.LATER, "developer"));
    }
}
