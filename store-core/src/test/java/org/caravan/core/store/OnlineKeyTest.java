package org.caravan.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.caravan.core.catalog.Catalog;
import org.caravan.core.catalog.CatalogCodec;
import org.caravan.core.catalog.CatalogFormatException;
import org.caravan.core.catalog.GenerationBundle;
import org.caravan.core.catalog.GenerationVerifier;
import org.caravan.core.catalog.OnlineKeyDelegation;
import org.caravan.core.catalog.StorePolicy;
import org.caravan.core.catalog.VerifiedGeneration;
import org.caravan.core.testing.StoreFixture;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.trust.Level;
import org.caravan.keyring.trust.Scope;
import org.caravan.keyring.trust.StoreAuthority;
import org.caravan.keyring.trust.Subject;
import org.caravan.keyring.trust.TrustDecision;
import org.caravan.keyring.trust.TrustEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Roots offline, store online: two roots (k = 2) delegate catalog signing to an online key for 30 days, and the
 * second root's holder takes their key away. The store still publishes (signed by the online key); a thief who
 * steals the online key can sign catalogs, but cannot certify a key, change the policy or extend the delegation,
 * and nothing it signs after the delegation ends is accepted.
 */
class OnlineKeyTest {
    static final Instant ROTATED = StoreFixture.CERTIFIED.plusSeconds(600);
    static final Instant DELEGATED = StoreFixture.CERTIFIED.plusSeconds(1200);
    static final Instant UNTIL = DELEGATED.plus(Duration.ofDays(30));
    static final SecretKey ONLINE = SecretKey.generate("Demo Store online key <online@caravan.test>", Personas.CREATED);

    @TempDir
    Path tmp;
    StoreFixture f;

    @BeforeEach
    void rootsOfflineStoreOnline() throws Exception {
        f = StoreFixture.create(tmp);
        f.addApp("org.example.hello", "1.0.0", "utilities");
        f.store.certify(Personas.certificate("mentor"), Level.DEVELOPER, Scope.GLOBAL, null, StoreFixture.CERTIFIED);
        f.store.revoke(Personas.MENTOR, org.caravan.keyring.trust.RevocationReason.COMPROMISED, "stolen",
                StoreFixture.CERTIFIED.plusSeconds(60));
        f.store.rotateRoots(List.of(), List.of(Personas.secretKey("second-root")), List.of(), 2, List.of(), ROTATED);
        OnlineKeyDelegation d = f.store.delegateOnlineKey(ONLINE, UNTIL, List.of(), DELEGATED);
        assertEquals(2, d.signatures().size());
        // The second root's holder keeps the key on their own machine from now on.
        Files.delete(f.store.dir().resolve("keys/roots/" + Personas.SECOND_ROOT.hex() + ".key"));
    }

    private VerifiedGeneration verify(GenerationBundle b) {
        return GenerationVerifier.verify(b, f.store.storeKey());
    }

    private GenerationBundle published(Instant at) throws Exception {
        return GenerationBundle.read(f.store.publish(at).file(), GenerationBundle.MAX_BUNDLE_BYTES);
    }

    /** What a thief holding the online key and the last generation can make: any catalog, signed by the online key. */
    private static GenerationBundle signedByOnlineKey(Catalog c, byte[] keyring) {
        byte[] json = CatalogCodec.encode(c);
        return new GenerationBundle(json, DetachedSignatures.sign(ONLINE, json, c.issued())
                .getBytes(StandardCharsets.US_ASCII), keyring);
    }

    private static Catalog with(Catalog c, long generation, Instant issued, Instant expires, String keyringSha,
            StorePolicy policy, OnlineKeyDelegation delegation) {
        return new Catalog(c.formatVersion(), c.storeKey(), c.storeName(), generation, issued, expires, null, c.roots(),
                keyringSha, policy, c.apps(), c.rootHistory(), c.endorsed(), delegation, c.policySignatures());
    }

    @Test
    void theStorePublishesWithTheOnlineKeyAloneAndClientsAcceptIt() throws Exception {
        GenerationBundle b = published(StoreFixture.NOW);
        Catalog c = verify(b).catalog();
        assertNotNull(c.delegation());
        assertEquals(ONLINE.fingerprint().hex(), c.delegation().key());
        assertEquals(2, c.policySignatures().size());
        // Certifying still takes k roots: the online key is no root.
        StoreException certify = assertThrows(StoreException.class, () -> f.store.certify(
                Personas.certificate("newcomer"), Level.DEVELOPER, Scope.GLOBAL, null, StoreFixture.NOW));
        assertTrue(certify.getMessage().contains("certifying a key takes 2 of the store's 2 roots"), certify.getMessage());
        // The catalog never outlives the delegation.
        Catalog late = verify(published(UNTIL.minusSeconds(3600))).catalog();
        assertEquals(UNTIL, late.expires());
    }

    @Test
    void aThiefWithTheOnlineKeySignsCatalogsButItsCertificationsCountForNothing() throws Exception {
        GenerationBundle honest = published(StoreFixture.NOW);
        Catalog c = verify(honest).catalog();
        // The thief vouches for the outsider with the online key and slips the certificate into the keyring.
        Certificate vouched = StoreAuthority.certify(ONLINE, Personas.certificate("outsider"), Level.MAINTAINER,
                Scope.GLOBAL, StoreFixture.NOW, null);
        byte[] keyring = (new String(honest.keyring(), StandardCharsets.US_ASCII) + vouched.armored())
                .getBytes(StandardCharsets.US_ASCII);
        VerifiedGeneration g = verify(signedByOnlineKey(with(c, c.generation() + 1, StoreFixture.NOW.plusSeconds(60),
                c.expires(), org.caravan.core.catalog.Sha256.hex(keyring), c.policy(), c.delegation()), keyring));
        List<Certificate> candidates = new ArrayList<>(g.web().keys());
        candidates.addAll(g.web().roots());
        byte[] pkg = "a thief's package".getBytes(StandardCharsets.UTF_8);
        var checks = DetachedSignatures.verify(pkg, DetachedSignatures.sign(Personas.secretKey("outsider"), pkg,
                StoreFixture.NOW).getBytes(StandardCharsets.US_ASCII), candidates);
        TrustDecision d = new TrustEngine(g.catalog().policy().trustPolicy()).decide(g.web(), checks,
                new Subject("org.example.hello", "utilities", "app"), StoreFixture.NOW.plusSeconds(120));
        assertEquals(TrustDecision.Rule.NOT_CERTIFIED, assertInstanceOf(TrustDecision.Refused.class, d, d.explain()).rule());
    }

    @Test
    void aThiefWithTheOnlineKeyCannotChangeThePolicy() throws Exception {
        GenerationBundle honest = published(StoreFixture.NOW);
        Catalog c = verify(honest).catalog();
        StorePolicy lax = new StorePolicy(c.policy().levels(), c.policy().catalogLifetimeSeconds(), 0, 0,
                c.policy().maintainerLevel(), c.policy().promotions(), 1, c.policy().rootThreshold());
        CatalogFormatException e = assertThrows(CatalogFormatException.class, () -> verify(signedByOnlineKey(with(c,
                c.generation() + 1, StoreFixture.NOW.plusSeconds(60), c.expires(), c.keyringSha256(), lax,
                c.delegation()), honest.keyring())));
        assertTrue(e.getMessage().contains("carries a policy signed by 0 of the roots, but root set version 2 requires 2"),
                e.getMessage());
        // The store folder refuses the same change without k roots at hand.
        StoreException folder = assertThrows(StoreException.class, () -> f.store.setPolicy(lax, List.of(),
                StoreFixture.NOW));
        assertTrue(folder.getMessage().contains("takes 2 of the store's 2 roots, but 1 would sign it (add the others with"
                + " --sign-with ROOTKEY)"), folder.getMessage());
        // With the second root's holder signing, it is the store's policy.
        f.store.setPolicy(lax, List.of(Personas.secretKey("second-root")), StoreFixture.NOW);
        assertEquals(0, verify(published(StoreFixture.NOW.plusSeconds(5))).catalog().policy().publishLevel());
    }

    @Test
    void aThiefWithTheOnlineKeyCannotExtendItsDelegationAndIsRefusedOnceItEnds() throws Exception {
        GenerationBundle honest = published(StoreFixture.NOW);
        Catalog c = verify(honest).catalog();
        OnlineKeyDelegation d = c.delegation();
        OnlineKeyDelegation extended = new OnlineKeyDelegation(d.rootSetVersion(), d.key(),
                d.validUntil().plus(Duration.ofDays(365)), d.signatures());
        Instant afterEnd = UNTIL.plusSeconds(60);
        CatalogFormatException ext = assertThrows(CatalogFormatException.class, () -> verify(signedByOnlineKey(with(c,
                c.generation() + 1, afterEnd, afterEnd.plus(Duration.ofDays(7)), c.keyringSha256(), c.policy(), extended),
                honest.keyring())));
        assertTrue(ext.getMessage().contains("whose delegation is signed by 0 of the 2 roots of root set version 2"),
                ext.getMessage());

        CatalogFormatException expired = assertThrows(CatalogFormatException.class, () -> verify(signedByOnlineKey(
                with(c, c.generation() + 1, afterEnd, afterEnd.plus(Duration.ofDays(7)), c.keyringSha256(), c.policy(), d),
                honest.keyring())));
        assertTrue(expired.getMessage().contains("whose delegation ended at " + UNTIL), expired.getMessage());
        // Back-dated inside the delegation, it may not outlive it either.
        Instant inside = UNTIL.minusSeconds(60);
        CatalogFormatException outlives = assertThrows(CatalogFormatException.class, () -> verify(signedByOnlineKey(
                with(c, c.generation() + 1, inside, inside.plus(Duration.ofDays(7)), c.keyringSha256(), c.policy(), d),
                honest.keyring())));
        assertTrue(outlives.getMessage().contains("whose delegation ended at " + UNTIL), outlives.getMessage());

        // The store itself stops publishing with the online key when its delegation ends.
        StoreException stop = assertThrows(StoreException.class, () -> f.store.publish(afterEnd));
        assertTrue(stop.getMessage().contains("publishing a generation takes 2 of the store's 2 roots"), stop.getMessage());
    }

    @Test
    void aThiefWithTheOnlineKeyCannotWithholdARevocationTheRootSetEndorsed() throws Exception {
        GenerationBundle honest = published(StoreFixture.NOW);
        Catalog c = verify(honest).catalog();
        StringBuilder ring = new StringBuilder();
        for (Certificate cert : Certificate.parseAll(honest.keyring())) {
            if (!cert.fingerprint().equals(Personas.MENTOR)) {
                ring.append(cert.armored()); // the revoked developer's certificate, with the revocation, left out
            }
        }
        byte[] keyring = ring.toString().getBytes(StandardCharsets.US_ASCII);
        CatalogFormatException e = assertThrows(CatalogFormatException.class, () -> verify(signedByOnlineKey(with(c,
                c.generation() + 1, StoreFixture.NOW.plusSeconds(60), c.expires(),
                org.caravan.core.catalog.Sha256.hex(keyring), c.policy(), c.delegation()), keyring)));
        assertTrue(e.getMessage().contains("certification and revocation signatures root set version 2 endorsed "
                + "(withheld decisions)"), e.getMessage());
    }

    /**
     * Recovery from a stolen online key (TUF: the root names a new timestamp key): a rotation ends every delegation
     * made before it, so the stolen key's delegation, carried into a catalog under the new root set version, is
     * refused, and the store publishes again only once k of the new roots delegate a key (here a new one).
     */
    @Test
    void aRotationEndsTheStolenOnlineKeysDelegationAndTheRootsDelegateANewKey() throws Exception {
        GenerationBundle before = published(StoreFixture.NOW);
        OnlineKeyDelegation stolen = verify(before).catalog().delegation();
        SecretKey third = SecretKey.generate("Third Root <third-root@caravan.test>", Personas.CREATED);
        Instant rotated = StoreFixture.NOW.plusSeconds(60);
        f.store.rotateRoots(List.of(third.certificate()), List.of(), List.of(), 2,
                List.of(Personas.secretKey("second-root"), third), rotated);
        StoreException ended = assertThrows(StoreException.class, () -> published(rotated.plusSeconds(60)));
        assertTrue(ended.getMessage().contains("the rotation to version 3 ended it: delegate again"), ended.getMessage());

        SecretKey fresh = SecretKey.generate("Demo Store new online key <online2@caravan.test>", Personas.CREATED);
        f.store.delegateOnlineKey(fresh, UNTIL, List.of(Personas.secretKey("second-root")), rotated.plusSeconds(120));
        GenerationBundle after = published(rotated.plusSeconds(180));
        Catalog c = verify(after).catalog();
        assertEquals(3, c.rootVersion());
        assertEquals(fresh.fingerprint().hex(), c.delegation().key());

        // The thief signs the store's own next catalog under version 3 with the stolen key and its old delegation,
        // its certificate put back into the keyring (whose hash the thief signs too).
        byte[] keyring = (new String(after.keyring(), StandardCharsets.US_ASCII) + ONLINE.certificate().armored())
                .getBytes(StandardCharsets.US_ASCII);
        CatalogFormatException refused = assertThrows(CatalogFormatException.class, () -> verify(signedByOnlineKey(
                with(c, c.generation() + 1, rotated.plusSeconds(240), c.expires(),
                        org.caravan.core.catalog.Sha256.hex(keyring), c.policy(), stolen), keyring)));
        assertTrue(refused.getMessage().contains("delegated under root set version 2, but it is signed under version 3"),
                refused.getMessage());
    }
}
