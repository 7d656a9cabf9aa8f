package org.caravan.keyring.trust;

import static org.caravan.keyring.trust.TrustAssertions.refused;
import static org.caravan.keyring.trust.TrustAssertions.trusted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.KeyFormatException;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.sign.SignatureCheck;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.testing.Signing;
import org.caravan.keyring.trust.TrustDecision.Rule;
import org.caravan.keyring.key.UnusableKeyException;
import org.caravan.keyring.testing.RawSignatures;
import org.junit.jupiter.api.Test;

/**
 * OpenPGP v3 keys (PGP 2.x: MD5 fingerprints, key ids an attacker can choose) are refused by the default
 * crypto policy wherever they appear: as a package signer, as a mentor, as a certifier. The checked-in
 * fixture is an RSA-2048 v3 key whose (v3) signatures are hashed with SHA-256, so nothing but its key version
 * is weak; a policy that allows v3 keys accepts the same signatures, which shows the version is the reason.
 */
class V3KeyTest {
    static final TrustEngine ALLOWS_V3 = new TrustEngine(TrustPolicy.DEFAULT.withCrypto(
            new CryptoPolicy(CryptoPolicy.DEFAULT.refusedHashes(), CryptoPolicy.DEFAULT.minimumRsaBits(), true)));

    static Certificate legacyAs(Level level, String scope) {
        // Caravan refuses to certify a v3 key (aV3KeyIsNotCertified); an older store may have done it.
        return RawSignatures.certification(Personas.secretKey("root"), FixtureKeys.legacyV3(), level.rank(), scope,
                Personas.CERTIFIED, g -> {});
    }

    @Test
    void aV3KeyIsNotCertified() {
        UnusableKeyException e = org.junit.jupiter.api.Assertions.assertThrows(UnusableKeyException.class,
                () -> TrustWebs.certify("root", FixtureKeys.legacyV3(), Level.DEVELOPER, "global", Personas.CERTIFIED));
        assertTrue(e.getMessage().startsWith("refusing to certify: key " + FixtureKeys.LEGACY_V3.hex()
                + " is an OpenPGP v3 key"), e.getMessage());
    }

    /** The named personas' signatures over the test package, then the v3 key's if {@code withV3}. */
    static List<SignatureCheck> checks(TrustWeb web, boolean withV3, String... personas) throws Exception {
        List<SignatureCheck> out = new ArrayList<>(Signing.checks(web, Personas.SIGNED, personas));
        if (withV3) {
            List<Certificate> candidates = new ArrayList<>(web.roots());
            candidates.addAll(web.keys());
            out.addAll(DetachedSignatures.verify(Signing.PACKAGE, TrustFixtures.signWithV3Key(Signing.PACKAGE,
                    Personas.SIGNED), candidates));
        }
        return out;
    }

    @Test
    void theFixtureIsARealV3Key() {
        Certificate legacy = FixtureKeys.legacyV3();
        assertEquals(FixtureKeys.LEGACY_V3, legacy.fingerprint());
        assertTrue(legacy.fingerprint().isV3(), legacy.fingerprint().hex());
        assertEquals(FixtureKeys.LEGACY_USER_ID, legacy.userId());
    }

    @Test
    void aV3KeyCannotSignAPackageEvenWhenCertified() throws Exception {
        TrustWeb web = TrustWebs.personasWith(legacyAs(Level.DEVELOPER, "global"));
        refused(TrustAssertions.ENGINE.decide(web, checks(web, true), Subjects.EDITOR, Personas.SIGNED),
                Rule.WEAK_CRYPTO, FixtureKeys.LEGACY_V3, "OpenPGP v3 keys are refused");
        trusted(ALLOWS_V3.decide(web, checks(web, true), Subjects.EDITOR, Personas.SIGNED));
    }

    @Test
    void aV3MaintainersCertificationCountsAsAbsentAndTheRefusalSaysWhy() throws Exception {
        Certificate outsider = TrustFixtures.certifyWithV3Key(Personas.certificate("outsider"), Personas.CERTIFIED);
        TrustWeb web = TrustWebs.personasWith(legacyAs(Level.MAINTAINER, "global"), outsider);
        refused(TrustAssertions.decide(web, Subjects.EDITOR, Personas.SIGNED, Personas.SIGNED, "outsider"),
                Rule.NOT_CERTIFIED, Personas.OUTSIDER, "certification by " + FixtureKeys.LEGACY_V3.hex() + " ignored",
                "OpenPGP v3 keys are refused");
        // Allowed, the key's version is no longer the reason. (Its v3 certification still counts for nothing:
        // it has no room for a scope, and Bouncy Castle does not verify RFC 4880 v3 certifications anyway.)
        TrustDecision.Refused allowed = refused(ALLOWS_V3.decide(web, Signing.checks(web, Personas.SIGNED, "outsider"),
                Subjects.EDITOR, Personas.SIGNED), Rule.NOT_CERTIFIED, Personas.OUTSIDER);
        assertFalse(allowed.explain().contains("v3"), allowed.explain());
    }

    @Test
    void aV3MentorsCoSignatureDoesNotCount() throws Exception {
        TrustWeb web = TrustWebs.personasWith(legacyAs(Level.MENTOR, "global"));
        refused(TrustAssertions.ENGINE.decide(web, checks(web, true, "newcomer"), Subjects.HELLO, Personas.SIGNED),
                Rule.LEVEL_TOO_LOW, Personas.NEWCOMER, "0 found", "does not count", "OpenPGP v3 keys are refused");
        assertEquals(List.of(FixtureKeys.LEGACY_V3), trusted(ALLOWS_V3.decide(web, checks(web, true, "newcomer"),
                Subjects.HELLO, Personas.SIGNED)).coSigners().stream().map(KeyRef::fingerprint).toList());
    }

    @Test
    void caravanDoesNotSignWithAV3Key() throws Exception {
        KeyFormatException e = assertThrows(KeyFormatException.class,
                () -> SecretKey.parse(Personas.resource("legacy-v3.key.asc")));
        assertTrue(e.getMessage().contains("OpenPGP v3 key"), e.getMessage());
    }
}
