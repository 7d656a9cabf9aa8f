package org.caravan.keyring.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.KeyUsability;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.key.UnusableKeyException;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.sign.SignatureCheck;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.testing.RawSignatures;
import org.caravan.keyring.trust.Level;
import org.caravan.keyring.trust.RootRotation;
import org.caravan.keyring.trust.RootSet;
import org.caravan.keyring.trust.Scope;
import org.caravan.keyring.trust.StoreAuthority;
import org.caravan.keyring.trust.Subject;
import org.caravan.keyring.trust.TrustDecision;
import org.caravan.keyring.trust.TrustEngine;
import org.caravan.keyring.trust.TrustWeb;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key usage flags, with keys made by sq and gpg with their default options: data signatures come from a
 * component that may sign, certifications from one that may certify; Caravan picks that component when it
 * signs (gpg and sq accept the result) and refuses, as they do, signatures made by the wrong one.
 */
class KeyUsageInteropTest {
    static final Subject EDITOR = new Subject("org.example.editor", "tools", "app");
    static final byte[] DATA = "a package\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    Path data;

    @BeforeEach
    void tools() throws Exception {
        Assumptions.assumeTrue(GnuPG.available(), "gpg is not on the PATH");
        Assumptions.assumeTrue(Sq.available(), "sq is not on the PATH");
        data = dir.resolve("app.car");
        Files.write(data, DATA);
    }

    /** Now, to the second: the tools made the keys at the wall clock, a moment ago. */
    static Instant now() {
        return Instant.ofEpochSecond(Instant.now().getEpochSecond());
    }

    @Test
    void anSqDefaultKeySignsWithItsSigningSubkeyAndGpgAndSqAccept() throws Exception {
        Sq sq = new Sq(dir);
        SecretKey key = SecretKey.read(sq.generate("dev", "Dev <dev@caravan.test>"));
        Certificate cert = Certificate.read(dir.resolve("dev.cert"));
        Path sig = dir.resolve("app.car.asc");
        Files.writeString(sig, DetachedSignatures.sign(key, data, now()));

        SignatureCheck.Valid valid = assertInstanceOf(SignatureCheck.Valid.class,
                DetachedSignatures.verify(data, Files.readAllBytes(sig), List.of(cert)).get(0));
        assertEquals(cert.fingerprint(), valid.signer(), "a subkey's signature counts for its primary key");
        sq.ok("verify", "--signer-cert", "dev.cert", "--detached", sig.toString(), data.toString());
        try (GnuPG gpg = new GnuPG(Files.createDirectory(dir.resolve("g")))) {
            gpg.ok("--import", dir.resolve("dev.cert").toString());
            String out = gpg.ok("--status-fd", "1", "--verify", sig.toString(), data.toString()).out();
            assertTrue(out.contains("[GNUPG:] VALIDSIG ") && out.contains(" " + cert.fingerprint().hex()), out);
            assertTrue(!out.contains("[GNUPG:] VALIDSIG " + cert.fingerprint().hex()), "signed by the subkey: " + out);
        }
    }

    @Test
    void aSignatureByACertifyOnlyPrimaryIsInvalidAsGpgAndSqSay() throws Exception {
        Sq sq = new Sq(dir);
        SecretKey key = SecretKey.read(sq.generate("dev", "Dev <dev@caravan.test>"));
        Certificate cert = Certificate.read(dir.resolve("dev.cert"));
        Path sig = dir.resolve("app.car.asc");
        Files.writeString(sig, RawSignatures.data(key, DATA, now())); // the primary, as Caravan used to sign

        SignatureCheck.Invalid invalid = assertInstanceOf(SignatureCheck.Invalid.class,
                DetachedSignatures.verify(data, Files.readAllBytes(sig), List.of(cert)).get(0));
        assertTrue(invalid.reason().startsWith("key " + cert.fingerprint() + " is not signing capable"), invalid.reason());
        assertNotEquals(0, sq.run("verify", "--signer-cert", "dev.cert", "--detached", sig.toString(), data.toString())
                .exit(), "sq refuses it too");
        try (GnuPG gpg = new GnuPG(Files.createDirectory(dir.resolve("g")))) {
            gpg.ok("--import", dir.resolve("dev.cert").toString());
            GnuPG.Result r = gpg.run("--status-fd", "1", "--verify", sig.toString(), data.toString());
            assertTrue(r.exit() != 0 && !r.out().contains("VALIDSIG"), "gpg refuses it too: " + r.out() + r.err());
        }
    }

    @Test
    void aGpgCertifyOnlyPrimaryWithASigningSubkeySignsWithTheSubkey() throws Exception {
        try (GnuPG gpg = new GnuPG(Files.createDirectory(dir.resolve("g")))) {
            gpg.ok("--quick-gen-key", "Cert Only <cert@caravan.test>", "ed25519", "cert", "never");
            String fpr = gpg.fingerprint("cert@caravan.test");
            gpg.ok("--quick-add-key", fpr, "ed25519", "sign", "never");
            SecretKey key = gpg.secretKey(fpr);
            KeyUsability.Usable usable = assertInstanceOf(KeyUsability.Usable.class, KeyUsability.forSigning(key, now()));
            assertNotEquals(fpr, usable.component(), "the signing subkey signs");
            Path sig = dir.resolve("app.car.asc");
            Files.writeString(sig, DetachedSignatures.sign(key, data, now()));
            String out = gpg.ok("--status-fd", "1", "--verify", sig.toString(), data.toString()).out();
            assertTrue(out.contains("[GNUPG:] VALIDSIG " + usable.component()), out);

            Files.writeString(sig, RawSignatures.data(key, DATA, now()));
            SignatureCheck.Invalid invalid = assertInstanceOf(SignatureCheck.Invalid.class,
                    DetachedSignatures.verify(data, Files.readAllBytes(sig), List.of(key.certificate())).get(0));
            assertTrue(invalid.reason().startsWith("key " + fpr + " is not signing capable"), invalid.reason());
            assertTrue(gpg.run("--verify", sig.toString(), data.toString()).exit() != 0, "gpg: Wrong key usage");
        }
    }

    @Test
    void aKeyThatCannotSignIsRefusedWhenItSignsAndNeverGivesATrustedPackage() throws Exception {
        Sq sq = new Sq(dir);
        SecretKey key = SecretKey.read(sq.generate("nosign", "No Sign <nosign@caravan.test>", "--cannot-sign"));
        Certificate cert = key.certificate();

        UnusableKeyException e = assertThrows(UnusableKeyException.class, () -> DetachedSignatures.sign(key, data, now()));
        assertEquals("key " + cert.fingerprint() + " is not signing capable: neither its primary key nor a valid subkey "
                + "may sign data (key flags); add a signing subkey: gpg --quick-add-key " + cert.fingerprint().hex()
                + " ed25519 sign", e.getMessage());
        UnusableKeyException notCertified = assertThrows(UnusableKeyException.class, () -> StoreAuthority.certify(
                Personas.secretKey("root"), cert, Level.DEVELOPER, Scope.GLOBAL, now(), null));
        assertTrue(notCertified.getMessage().startsWith("refusing to certify: key " + cert.fingerprint()
                + " is not signing capable"), notCertified.getMessage());

        // Certified and signed anyway, by tools that do not check: still no trusted package.
        Certificate certified = RawSignatures.certification(Personas.secretKey("root"), cert, 1, "global", now(), g -> {});
        TrustWeb web = new TrustWeb(Personas.roots(), List.of(certified));
        List<SignatureCheck> checks = DetachedSignatures.verify(DATA,
                RawSignatures.data(key, DATA, now()).getBytes(StandardCharsets.US_ASCII), List.of(certified));
        assertInstanceOf(SignatureCheck.Invalid.class, checks.get(0));
        assertInstanceOf(TrustDecision.Refused.class, new TrustEngine().decide(web, checks, EDITOR, now()));
    }

    @Test
    void anSqStoreRootCertifiesWithItsPrimaryAndGpgAcceptsTheCertification() throws Exception {
        Sq sq = new Sq(dir);
        SecretKey root = SecretKey.read(sq.generate("root", "Root <root@caravan.test>"));
        SecretKey dev = SecretKey.read(sq.generate("dev", "Dev <dev@caravan.test>"));
        Instant t = now();
        Certificate certified = StoreAuthority.certify(root, dev.certificate(), Level.DEVELOPER, Scope.GLOBAL, t, null);
        Files.writeString(dir.resolve("certified.asc"), certified.armored());
        TrustWeb web = new TrustWeb(List.of(root.certificate()), List.of(certified));
        List<SignatureCheck> checks = DetachedSignatures.verify(DATA,
                DetachedSignatures.sign(dev, DATA, t).getBytes(StandardCharsets.US_ASCII), List.of(certified));
        TrustDecision.Trusted trusted = assertInstanceOf(TrustDecision.Trusted.class,
                new TrustEngine().decide(web, checks, EDITOR, t));
        assertEquals(dev.fingerprint(), trusted.signer().fingerprint());
        try (GnuPG gpg = new GnuPG(Files.createDirectory(dir.resolve("g")))) {
            gpg.ok("--import", dir.resolve("root.cert").toString(), dir.resolve("certified.asc").toString());
            String sigs = gpg.ok("--with-colons", "--check-sigs", dev.fingerprint().hex()).out();
            assertTrue(sigs.lines().anyMatch(l -> l.startsWith("sig:!:") && l.contains(root.fingerprint().keyId())), sigs);
        }
    }

    @Test
    void aSigningOnlyPrimaryDoesNotCertify() throws Exception {
        SecretKey signer = RawSignatures.signingOnlyKey("Signer <signer@caravan.test>", now().minusSeconds(60));
        Certificate dev = Personas.certificate("developer");
        UnusableKeyException e = assertThrows(UnusableKeyException.class, () -> StoreAuthority.certify(signer, dev,
                Level.DEVELOPER, Scope.GLOBAL, now(), null));
        assertTrue(e.getMessage().startsWith("key " + signer.fingerprint() + " is not certification capable"),
                e.getMessage());
        // Made anyway by a tool that does not check: a root's word only when its key may certify.
        Certificate certified = RawSignatures.certification(signer, dev, 1, "global", now(), g -> {});
        TrustWeb web = new TrustWeb(List.of(signer.certificate()), List.of(certified));
        List<SignatureCheck> checks = DetachedSignatures.verify(DATA, DetachedSignatures.sign(
                Personas.secretKey("developer"), DATA, now()).getBytes(StandardCharsets.US_ASCII), List.of(certified));
        TrustDecision.Refused refused = assertInstanceOf(TrustDecision.Refused.class,
                new TrustEngine().decide(web, checks, EDITOR, now()));
        assertTrue(refused.explain().contains("not certification capable"), refused.explain());
    }

    @Test
    void storeRootsThatAreSqKeysSignRootSetsWithTheirSubkeysAndTheRotationCounts() throws Exception {
        Sq sq = new Sq(dir);
        SecretKey first = SecretKey.read(sq.generate("first", "First Root <first@caravan.test>"));
        SecretKey second = SecretKey.read(sq.generate("second", "Second Root <second@caravan.test>"));
        RootSet current = new RootSet(1, List.of(first.certificate()), 1);
        RootSet next = new RootSet(2, List.of(first.certificate(), second.certificate()), 2);
        Instant t = now();
        String byFirst = RootRotation.sign(first, next, t);
        String bySecond = RootRotation.sign(second, next, t);
        RootRotation.Decision.Accepted accepted = assertInstanceOf(RootRotation.Decision.Accepted.class,
                RootRotation.verify(current, next, List.of(byFirst, bySecond), t));
        assertEquals(List.of(first.fingerprint(), second.fingerprint()).stream().sorted().toList(),
                accepted.newSigners().stream().sorted().toList());
        Files.write(dir.resolve("root-set"), next.canonicalBytes());
        Files.writeString(dir.resolve("root-set.asc"), byFirst);
        sq.ok("verify", "--signer-cert", "first.cert", "--detached", "root-set.asc", "root-set");
    }
}
