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
    void aSecondRootWithThresholdTwoSignsEveryGenerationAndEveryCertification() throws Exception {
        StoreFixture f = StoreFixture.create(tmp);
        Path car = f.buildSigned("org.example.hello", "1.0.0", "utilities", Personas.secretKey("developer"));
        f.store.add(car, StoreFixture.SIGNED);
        assertEquals(1, verifyPublished(f.store, StoreFixture.PUBLISHED).catalog().rootVersion());

        RootRotation.Decision.Accepted ok = f.store.rotateRoots(List.of(), List.of(Personas.secretKey("second-root")),
                List.of(), 2, List.of(), ROTATED);
        assertEquals(2, ok.roots().version());
        assertEquals(List.of(Personas.ROOT), ok.oldSigners());
        assertEquals(2, ok.newSigners().size());

        // The developer was certified by one root; under k = 2 that no longer makes a store certification.
        TrustDecision before = f.store.check(car, StoreFixture.NOW).decision();
        TrustDecision.Refused refused = assertInstanceOf(TrustDecision.Refused.class, before);
        assertTrue(refused.explain().contains("takes 2"), refused.explain());
        // Certifying again signs with both roots held here.
        f.store.certify(Personas.certificate("developer"), Level.DEVELOPER, Scope.GLOBAL, null, ROTATED);
        TrustDecision after = f.store.check(car, StoreFixture.NOW).decision();
        assertInstanceOf(TrustDecision.Trusted.class, after, after.explain());

        VerifiedGeneration g = verifyPublished(f.store, StoreFixture.NOW);
        assertEquals(2, g.catalog().generation());
        assertEquals(2, g.catalog().rootVersion());
        assertEquals(2, g.catalog().policy().rootThreshold());
        assertEquals(2, g.web().roots().size());
        assertEquals(2, g.catalog().rootHistory().size());
    }

    @Test
    void aRotationTheHeldRootsCannotApproveIsRefusedAndChangesNothing() throws Exception {
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

        // With the second root's holder co-signing, it is accepted; but publishing then needs both secret keys here.
        f.store.rotateRoots(List.of(), List.of(), List.of(), 2, List.of(Personas.secretKey("second-root")),
                ROTATED.plusSeconds(2));
        assertEquals(3, f.store.roots().version());
        StoreException pub = assertThrows(StoreException.class, () -> f.store.publish(StoreFixture.NOW));
        assertTrue(pub.getMessage().contains("publishing a generation takes 2 of the store's 2 roots, but this folder"
                + " holds the secret key of 1"), pub.getMessage());
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
     * never to another store, a store that moved on, or with a certificate the set does not make a root.
     */
    @Test
    void aProposalSignedElsewhereIsAppliedToItsStoreOnly() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("a"));
        StoreFixture other = StoreFixture.create(tmp.resolve("b"), "outsider", "Other Store");
        Certificate second = Personas.certificate("second-root");
        RootRotationProposal p = f.store.proposeRotation(List.of(second), List.of(), 2, List.of(), ROTATED);
        assertEquals(2, p.version());
        assertEquals(1, p.signatures().size(), "the root kept in the folder signed it");
        assertTrue(p.signedBy(Personas.certificate("root")));

        StoreException under = assertThrows(StoreException.class, () -> f.store.applyRotation(p, List.of(), ROTATED));
        assertTrue(under.getMessage().contains("signed by 1 of its own 2 roots, but it requires 2"), under.getMessage());
        RootRotationProposal signed = p.withSignature(DetachedSignatures.sign(Personas.secretKey("second-root"),
                p.canonicalBytes(), ROTATED));
        Path file = tmp.resolve("rotation.json");
        signed.write(file);
        RootRotationProposal back = RootRotationProposal.read(file);
        assertEquals(signed, back);

        StoreException foreign = assertThrows(StoreException.class, () -> other.store.applyRotation(back, List.of(), ROTATED));
        assertTrue(foreign.getMessage().startsWith("the proposal is for store " + p.storeKey() + ", not this one"),
                foreign.getMessage());
        RootRotationProposal stray = new RootRotationProposal(RootRotationProposal.FORMAT, back.storeKey(), 2, 2,
                back.roots(), List.of(second.armored(), Personas.certificate("outsider").armored()), back.signatures());
        StoreException notARoot = assertThrows(StoreException.class, () -> f.store.applyRotation(stray, List.of(), ROTATED));
        assertTrue(notARoot.getMessage().contains("does not make it a root"), notARoot.getMessage());
        assertEquals(1, f.store.roots().version(), "nothing was applied");

        RootRotation.Decision.Accepted ok = f.store.applyRotation(back, List.of(), ROTATED);
        assertEquals(2, ok.roots().version());
        assertEquals(2, f.store.rootHistory().get(1).signatures().size(), "the folder's root did not sign twice");
        assertEquals(2, f.store.roots().version());
        assertTrue(f.store.shareableMagnet().endsWith(org.caravan.core.catalog.RootPin.of(f.store.rootHistory().get(1))
                .magnetParam()));
        StoreException stale = assertThrows(StoreException.class, () -> f.store.applyRotation(back, List.of(), ROTATED));
        assertTrue(stale.getMessage().contains("this store is at version 2: propose the rotation again"), stale.getMessage());
    }
}
