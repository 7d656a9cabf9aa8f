package org.caravan.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.caravan.core.catalog.Catalog;
import org.caravan.core.catalog.CatalogCodec;
import org.caravan.core.catalog.CatalogFormatException;
import org.caravan.core.catalog.GenerationBundle;
import org.caravan.core.catalog.GenerationVerifier;
import org.caravan.core.catalog.SignedRootSet;
import org.caravan.core.catalog.VerifiedGeneration;
import org.caravan.core.testing.StoreFixture;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.trust.Level;
import org.caravan.keyring.trust.RootRotation;
import org.caravan.keyring.trust.RootSet;
import org.caravan.keyring.trust.Scope;
import org.caravan.keyring.trust.TrustDecision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Root rotation from the store folder to a verified generation, and the forgeries a client must refuse. */
class RootRotationStoreTest {
    private static final Instant ROTATED = StoreFixture.CERTIFIED.plusSeconds(600);
    @TempDir
    Path tmp;

    private static VerifiedGeneration verifyPublished(StoreDirectory store, Instant at) throws IOException {
        Publication p = store.publish(at);
        return GenerationVerifier.verify(GenerationBundle.read(p.file(), GenerationBundle.MAX_BUNDLE_BYTES),
                store.storeKey());
    }

    @Test
    void aSecondRootWithThresholdTwoSignsEveryGenerationAndKeepsTheStoresDecisions() throws Exception {
        StoreFixture f = StoreFixture.create(tmp);
        Path car = f.buildSigned("org.example.hello", "1.0.0", "utilities", Personas.secretKey("developer"));
        f.store.add(car, StoreFixture.SIGNED);
        assertEquals(1, verifyPublished(f.store, StoreFixture.PUBLISHED).catalog().rootVersion());

        RotationPreview preview = f.store.previewRotation(List.of(), List.of(Personas.secretKey("second-root")),
                List.of(), 2, ROTATED);
        assertEquals(List.of(), preview.changes(), "the rotation endorses every decision: no key changes standing");
        assertEquals(2, preview.heldAfter());
        RootRotation.Decision.Accepted ok = f.store.rotateRoots(List.of(), List.of(Personas.secretKey("second-root")),
                List.of(), 2, List.of(), ROTATED);
        assertEquals(2, ok.roots().version());
        assertEquals(List.of(Personas.ROOT), ok.oldSigners());
        assertEquals(2, ok.newSigners().size());
        assertEquals(preview.endorsed().size(), ok.roots().endorsement().count());

        // The developer was certified by one root; the rotation endorsed that certification, so it still counts.
        TrustDecision after = f.store.check(car, StoreFixture.NOW).decision();
        assertInstanceOf(TrustDecision.Trusted.class, after, after.explain());
        assertTrue(after.explain().contains("endorsed"), after.explain());

        VerifiedGeneration g = verifyPublished(f.store, StoreFixture.NOW);
        assertEquals(2, g.catalog().generation());
        assertEquals(2, g.catalog().rootVersion());
        assertEquals(2, g.catalog().policy().rootThreshold());
        assertEquals(2, g.web().roots().size());
        assertEquals(2, g.catalog().rootHistory().size());
        assertEquals(f.store.endorsed(), g.catalog().endorsed());
        assertEquals(f.store.endorsed().size(), g.web().endorsed().size());
    }

    @Test
    void aRotationThatWouldLeaveTheFolderUnableToPublishIsRefusedAndChangesNothing() throws Exception {
        StoreFixture f = StoreFixture.create(tmp);
        // The second root's holder keeps their key elsewhere: only their certificate is added (k stays 1).
        f.store.rotateRoots(List.of(Personas.certificate("second-root")), List.of(), List.of(), null, List.of(), ROTATED);
        byte[] history = Files.readAllBytes(f.store.dir().resolve("roots.json"));

        // Raising k to 2 needs 2 of the new roots; this folder holds one.
        StoreException e = assertThrows(StoreException.class,
                () -> f.store.rotateRoots(List.of(), List.of(), List.of(), 2, List.of(), ROTATED.plusSeconds(1)));
        assertTrue(e.getMessage().contains("signed by 1 of its own 2 roots, but it requires 2"), e.getMessage());
        assertTrue(e.getMessage().contains("--sign-with"), e.getMessage());
        assertEquals(new String(history, StandardCharsets.UTF_8),
                Files.readString(f.store.dir().resolve("roots.json")), "a refused rotation writes nothing");

        // With the second root's holder co-signing, the rotation is valid, but this folder could no longer publish.
        StoreException stuck = assertThrows(StoreException.class, () -> f.store.rotateRoots(List.of(), List.of(),
                List.of(), 2, List.of(Personas.secretKey("second-root")), ROTATED.plusSeconds(2)));
        assertTrue(stuck.getMessage().contains("root set version 3 takes 2 of its 2 roots to publish and certify, but "
                + "this folder would hold the secret key of 1 (add the new roots with their secret keys"), stuck.getMessage());
        assertEquals(2, f.store.roots().version());
        assertEquals(new String(history, StandardCharsets.UTF_8),
                Files.readString(f.store.dir().resolve("roots.json")), "a refused rotation writes nothing");
        f.store.publish(StoreFixture.NOW);
    }

    /**
     * 1 -> 2 -> 3 roots (k = 1, 2 of 2, then 2 of 3 without the first root): the developer's app stays trusted, the
     * revoked developer's stays spurious, a developer certified under version 2 stays trusted, and the removed
     * root's later certifications count for nothing; clients see the same through the published catalog.
     */
    @Test
    void rotatingOneTwoThreeRootsKeepsTrustedAndRevokedAndIgnoresTheRemovedRoot() throws Exception {
        StoreFixture f = StoreFixture.create(tmp);
        Path trustedCar = f.buildSigned("org.example.hello", "1.0.0", "utilities", Personas.secretKey("developer"));
        f.store.add(trustedCar, StoreFixture.SIGNED);
        f.store.certify(Personas.certificate("mentor"), Level.DEVELOPER, Scope.GLOBAL, null, StoreFixture.CERTIFIED);
        Path revokedCar = f.buildSigned("org.example.bad", "1.0.0", "utilities", Personas.secretKey("mentor"));
        f.store.revoke(Personas.MENTOR, org.caravan.keyring.trust.RevocationReason.COMPROMISED, "stolen",
                StoreFixture.CERTIFIED.plusSeconds(60));
        assertSpurious(f.store.check(revokedCar, StoreFixture.NOW).decision());

        f.store.rotateRoots(List.of(), List.of(Personas.secretKey("second-root")), List.of(), 2, List.of(), ROTATED);
        Instant certifiedUnder2 = ROTATED.plusSeconds(60);
        f.store.certify(Personas.certificate("newcomer"), Level.DEVELOPER, Scope.GLOBAL, null, certifiedUnder2);
        Path lateCar = f.buildSigned("org.example.late", "1.0.0", "utilities", Personas.secretKey("newcomer"));

        SecretKey third = SecretKey.generate("Third Root <third-root@caravan.test>", Personas.CREATED);
        Instant rotated3 = ROTATED.plusSeconds(600);
        RotationPreview preview = f.store.previewRotation(List.of(), List.of(third), List.of(Personas.ROOT), 2, rotated3);
        assertEquals(List.of(), preview.changes());
        f.store.rotateRoots(List.of(), List.of(third), List.of(Personas.ROOT), 2, List.of(), rotated3);
        assertEquals(3, f.store.roots().version());
        assertTrue(!f.store.roots().contains(Personas.ROOT));

        Instant ref = rotated3.plusSeconds(3600);
        assertInstanceOf(TrustDecision.Trusted.class, f.store.check(trustedCar, ref).decision());
        assertInstanceOf(TrustDecision.Trusted.class, f.store.check(lateCar, ref).decision());
        assertSpurious(f.store.check(revokedCar, ref).decision());

        // The removed root certifies the outsider after the rotation: an ordinary key's word, no store decision.
        Certificate forged = org.caravan.keyring.trust.StoreAuthority.certify(Personas.secretKey("root"),
                Personas.certificate("outsider"), Level.MAINTAINER, Scope.GLOBAL, rotated3.plusSeconds(60), null);
        f.store.importSignatures(List.of(forged));
        Path outsiderCar = f.buildSigned("org.example.sneaky", "1.0.0", "utilities", Personas.secretKey("outsider"));
        TrustDecision sneaky = f.store.check(outsiderCar, ref).decision();
        assertEquals(TrustDecision.Rule.NOT_CERTIFIED,
                assertInstanceOf(TrustDecision.Refused.class, sneaky, sneaky.explain()).rule());

        // A client judges from the published generation alone and sees the same.
        VerifiedGeneration g = verifyPublished(f.store, ref);
        assertEquals(3, g.catalog().rootVersion());
        org.caravan.keyring.trust.TrustEngine engine =
                new org.caravan.keyring.trust.TrustEngine(g.catalog().policy().trustPolicy());
        assertInstanceOf(TrustDecision.Trusted.class, decide(engine, g, trustedCar, "org.example.hello", ref));
        assertInstanceOf(TrustDecision.Trusted.class, decide(engine, g, lateCar, "org.example.late", ref));
        assertSpurious(decide(engine, g, revokedCar, "org.example.bad", ref));
        assertInstanceOf(TrustDecision.Refused.class, decide(engine, g, outsiderCar, "org.example.sneaky", ref));
    }

    @Test
    void aCatalogWhoseEndorsedListWasTamperedWithIsRefused() throws Exception {
        StoreFixture f = StoreFixture.create(tmp);
        f.addApp("org.example.hello", "1.0.0", "utilities");
        f.store.certify(Personas.certificate("mentor"), Level.DEVELOPER, Scope.GLOBAL, null, StoreFixture.CERTIFIED);
        f.store.rotateRoots(List.of(), List.of(Personas.secretKey("second-root")), List.of(), 2, List.of(), ROTATED);
        GenerationBundle honest = GenerationBundle.read(f.store.publish(StoreFixture.NOW).file(),
                GenerationBundle.MAX_BUNDLE_BYTES);
        Catalog c = CatalogCodec.decode(honest.catalogJson());
        assertTrue(c.endorsed().size() >= 2, c.endorsed().toString());
        // Whoever signs catalogs drops the mentor's certification from the list (or slips in one of their own).
        List<String> fewer = c.endorsed().subList(1, c.endorsed().size());
        Catalog tampered = new Catalog(c.formatVersion(), c.storeKey(), c.storeName(), c.generation() + 1, c.issued(),
                c.expires(), c.previousHash(), c.roots(), c.keyringSha256(), c.policy(), c.apps(), c.rootHistory(),
                fewer);
        byte[] json = CatalogCodec.encode(tampered);
        String sig = DetachedSignatures.combine(List.of(
                DetachedSignatures.sign(Personas.secretKey("root"), json, StoreFixture.NOW),
                DetachedSignatures.sign(Personas.secretKey("second-root"), json, StoreFixture.NOW)));
        CatalogFormatException e = assertThrows(CatalogFormatException.class, () -> GenerationVerifier.verify(
                new GenerationBundle(json, sig.getBytes(StandardCharsets.US_ASCII), honest.keyring()), f.store.storeKey()));
        assertTrue(e.getMessage().contains("is not the one root set version 2 signed"), e.getMessage());
        assertTrue(e.getMessage().contains("tampered endorsement list"), e.getMessage());
        // And the folder's own copy, edited, is refused before anything is signed with it.
        Path list = f.store.dir().resolve("endorsed/version-2.json");
        Files.writeString(list, CatalogCodec.mapper().writeValueAsString(fewer));
        StoreException folder = assertThrows(StoreException.class, () -> f.store.publish(StoreFixture.NOW.plusSeconds(9)));
        assertTrue(folder.getMessage().contains("is not the list root set version 2 endorsed"), folder.getMessage());
    }

    private static void assertSpurious(TrustDecision d) {
        TrustDecision.Refused r = assertInstanceOf(TrustDecision.Refused.class, d, d.explain());
        assertEquals(TrustDecision.Rule.REVOKED, r.rule(), r.explain());
        assertTrue(r.spurious(), r.explain());
    }

    private static TrustDecision decide(org.caravan.keyring.trust.TrustEngine engine, VerifiedGeneration g, Path car,
            String id, Instant at) throws IOException {
        List<Certificate> candidates = new ArrayList<>(g.web().keys());
        candidates.addAll(g.web().roots());
        var checks = DetachedSignatures.verify(car, Files.readAllBytes(car.resolveSibling(car.getFileName() + ".asc")),
                candidates);
        return engine.decide(g.web(), checks, new org.caravan.keyring.trust.Subject(id, "utilities", "app"), at);
    }

    @Test
    void removingTheLastRootOrAddingADeveloperKeyAsRootIsRefused() throws Exception {
        StoreFixture f = StoreFixture.create(tmp);
        StoreException last = assertThrows(StoreException.class, () -> f.store.rotateRoots(List.of(), List.of(),
                List.of(Personas.ROOT), null, List.of(), ROTATED));
        assertTrue(last.getMessage().contains("names no root key"), last.getMessage());
        StoreException dev = assertThrows(StoreException.class, () -> f.store.rotateRoots(
                List.of(Personas.certificate("developer")), List.of(), List.of(), null, List.of(), ROTATED));
        assertTrue(dev.getMessage().contains("certified developer key"), dev.getMessage());
        assertTrue(Files.notExists(f.store.dir().resolve("roots.json")));
    }

    @Test
    void aHistoryWhoseRotationTheOldRootsDidNotSignIsRefused() throws Exception {
        StoreFixture f = StoreFixture.create(tmp);
        f.addApp("org.example.hello", "1.0.0", "utilities");
        // A thief holding an outsider key claims: version 2 = {outsider}, signed by the outsider alone.
        SecretKey thief = Personas.secretKey("outsider");
        RootSet v1 = f.store.roots();
        RootSet v2 = new RootSet(2, List.of(thief.certificate()), 1);
        String sig = RootRotation.sign(thief, v2, ROTATED);
        CatalogFormatException e = assertThrows(CatalogFormatException.class, () -> GenerationVerifier.verify(
                forge(f, v1, v2, List.of(sig), List.of(thief)), f.store.storeKey()));
        assertTrue(e.getMessage().contains("root rotation refused"), e.getMessage());
        assertTrue(e.getMessage().contains("signed by 0 of the 1 current roots"), e.getMessage());
    }

    @Test
    void aHistoryThatSkipsAVersionDoesNotDecode() {
        List<SignedRootSet> skipping = List.of(
                new SignedRootSet(1, 1, List.of(Personas.ROOT.hex()), List.of()),
                new SignedRootSet(3, 1, List.of(Personas.SECOND_ROOT.hex()), List.of("sig")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Catalog(
                Catalog.FORMAT_VERSION, "ab".repeat(32), "S", 1, StoreFixture.NOW, StoreFixture.NOW.plusSeconds(3600),
                null, List.of(Personas.SECOND_ROOT.hex()), "cd".repeat(32), null, List.of(), skipping));
        assertTrue(e.getMessage().contains("entry 2 is version 3"), e.getMessage());
    }

    /** A generation of {@code f}'s store claiming the rotation v1 -> v2, signed as a catalog by {@code signers}. */
    private static GenerationBundle forge(StoreFixture f, RootSet v1, RootSet v2, List<String> v2Signatures,
            List<SecretKey> signers) throws IOException {
        List<Certificate> certs = new ArrayList<>(v1.roots());
        v2.roots().stream().filter(c -> !v1.contains(c.fingerprint())).forEach(certs::add);
        certs.addAll(f.store.keyring());
        StringBuilder ring = new StringBuilder();
        certs.forEach(c -> ring.append(c.armored()));
        byte[] keyring = ring.toString().getBytes(StandardCharsets.US_ASCII);
        Catalog honest = CatalogCodec.decode(GenerationBundle.read(f.store.publish(StoreFixture.PUBLISHED).file(),
                GenerationBundle.MAX_BUNDLE_BYTES).catalogJson());
        List<String> v2Roots = v2.fingerprints().stream().map(x -> x.hex()).toList();
        Catalog forged = new Catalog(Catalog.FORMAT_VERSION, honest.storeKey(), honest.storeName(), 2, StoreFixture.NOW,
                StoreFixture.NOW.plusSeconds(3600), null, v2Roots, org.caravan.core.catalog.Sha256.hex(keyring),
                honest.policy(), honest.apps(), List.of(
                        new SignedRootSet(1, v1.threshold(), v1.fingerprints().stream().map(x -> x.hex()).toList(), List.of()),
                        new SignedRootSet(2, v2.threshold(), v2Roots, v2Signatures)));
        byte[] json = CatalogCodec.encode(forged);
        String sig = DetachedSignatures.combine(signers.stream().map(s -> DetachedSignatures.sign(s, json, StoreFixture.NOW))
                .toList());
        return new GenerationBundle(json, sig.getBytes(StandardCharsets.US_ASCII), keyring);
    }

    /**
     * A proposal carried to another machine and back: applied once k current and k new roots signed it, and
     * never to another store, a store that moved on, with a certificate the set does not make a root, or once
     * the store's decisions changed since it was proposed.
     */
    @Test
    void aProposalSignedElsewhereIsAppliedToItsStoreOnly() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("a"));
        StoreFixture other = StoreFixture.create(tmp.resolve("b"), "outsider", "Other Store");
        Certificate second = Personas.certificate("second-root");
        // The second root joins with k = 2 and keeps its key on its holder's machine; the store keeps a third root
        // here so that it can still publish and certify (2 of the 3 keys are here).
        SecretKey third = SecretKey.generate("Third Root <third-root@caravan.test>", Personas.CREATED);
        f.store.rotateRoots(List.of(), List.of(third), List.of(), null, List.of(), ROTATED);
        RootRotationProposal p = f.store.proposeRotation(List.of(second), List.of(), 2, List.of(), ROTATED);
        assertEquals(3, p.version());
        assertEquals(2, p.signatures().size(), "the roots kept in the folder signed it");
        assertTrue(p.signedBy(Personas.certificate("root")));
        assertTrue(p.endorsed().size() >= 1, "the proposal carries the decisions it endorses");
        RootRotationProposal signed = p.withSignature(DetachedSignatures.sign(Personas.secretKey("second-root"),
                p.canonicalBytes(), ROTATED));
        Path file = tmp.resolve("rotation.json");
        signed.write(file);
        RootRotationProposal back = RootRotationProposal.read(file);
        assertEquals(signed, back);

        StoreException foreign = assertThrows(StoreException.class, () -> other.store.applyRotation(back, List.of(), ROTATED));
        assertTrue(foreign.getMessage().startsWith("the proposal is for store " + p.storeKey() + ", not this one"),
                foreign.getMessage());
        RootRotationProposal stray = new RootRotationProposal(RootRotationProposal.FORMAT, back.storeKey(), 3, 2,
                back.roots(), List.of(second.armored(), Personas.certificate("outsider").armored()), back.signatures(),
                back.endorsed());
        StoreException notARoot = assertThrows(StoreException.class, () -> f.store.applyRotation(stray, List.of(), ROTATED));
        assertTrue(notARoot.getMessage().contains("does not make it a root"), notARoot.getMessage());
        // Dropping a decision from the list the roots signed changes the signed bytes: their signatures no longer count.
        RootRotationProposal lessEndorsed = new RootRotationProposal(RootRotationProposal.FORMAT, back.storeKey(), 3, 2,
                back.roots(), back.certificates(), back.signatures(), List.of());
        StoreException dropped = assertThrows(StoreException.class,
                () -> f.store.applyRotation(lessEndorsed, List.of(), ROTATED));
        assertTrue(dropped.getMessage().contains("the proposal endorses 0 signatures"), dropped.getMessage());
        assertEquals(2, f.store.roots().version(), "nothing was applied");

        // A key certified after the proposal was made: its certification would not be endorsed, so propose again.
        f.store.certify(Personas.certificate("newcomer"), Level.DEVELOPER, Scope.GLOBAL, null, ROTATED.plusSeconds(5));
        StoreException changed = assertThrows(StoreException.class,
                () -> f.store.applyRotation(back, List.of(), ROTATED.plusSeconds(10)));
        assertTrue(changed.getMessage().contains("(a key was certified or revoked since it was proposed): propose the "
                + "rotation again"), changed.getMessage());
        RootRotationProposal again = f.store.proposeRotation(List.of(second), List.of(), 2, List.of(),
                ROTATED.plusSeconds(10));
        again = again.withSignature(DetachedSignatures.sign(Personas.secretKey("second-root"), again.canonicalBytes(),
                ROTATED.plusSeconds(10)));

        RootRotation.Decision.Accepted ok = f.store.applyRotation(again, List.of(), ROTATED.plusSeconds(10));
        assertEquals(3, ok.roots().version());
        assertEquals(3, f.store.rootHistory().get(2).signatures().size(), "the folder's roots did not sign twice");
        assertEquals(3, f.store.roots().version());
        assertTrue(f.store.shareableMagnet().endsWith(org.caravan.core.catalog.RootPin.of(f.store.rootHistory().get(2))
                .magnetParam()));
        StoreException stale = assertThrows(StoreException.class,
                () -> f.store.applyRotation(back, List.of(), ROTATED.plusSeconds(10)));
        assertTrue(stale.getMessage().contains("this store is at version 3: propose the rotation again"), stale.getMessage());
        Path newcomerCar = f.buildSigned("org.example.hello", "1.0.0", "utilities", Personas.secretKey("newcomer"));
        TrustDecision late = f.store.check(newcomerCar, StoreFixture.NOW).decision();
        assertInstanceOf(TrustDecision.Trusted.class, late, late.explain());
    }
}
