package org.caravan.keyring.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
import org.caravan.keyring.trust.Level;
import org.caravan.keyring.trust.Scope;
import org.caravan.keyring.trust.StoreAuthority;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keys made by gpg that Caravan must sign with correctly (NIST P-384 and P-521 need SHA-384 / SHA-512, or gpg
 * rejects the signature) or refuse before it signs or certifies (curves Bouncy Castle cannot verify, RSA
 * under 2048 bits, expired and revoked keys), with the key, the reason and the fix in one line.
 */
class KeyUsabilityInteropTest {
    @TempDir
    Path dir;
    Path data;

    @BeforeEach
    void gpg() throws Exception {
        Assumptions.assumeTrue(GnuPG.available(), "gpg is not on the PATH");
        data = dir.resolve("app.car");
        Files.write(data, "a package\n".getBytes(StandardCharsets.UTF_8));
    }

    static Instant now() {
        return Instant.ofEpochSecond(Instant.now().getEpochSecond());
    }

    /** OpenPGP hash ids: 9 SHA-384, 10 SHA-512. */
    @ParameterizedTest
    @CsvSource({"nistp384, 9", "nistp521, 10"})
    void nistKeysSignWithTheHashTheirCurveNeedsAndGpgAcceptsIt(String curve, int hash) throws Exception {
        try (GnuPG gpg = new GnuPG(Files.createDirectory(dir.resolve("g")))) {
            gpg.ok("--quick-gen-key", "Nist <nist@caravan.test>", curve);
            String fpr = gpg.fingerprint("nist@caravan.test");
            SecretKey key = gpg.secretKey(fpr);
            Path sig = dir.resolve("app.car.asc");
            Files.writeString(sig, DetachedSignatures.sign(key, data, now()));
            String out = gpg.ok("--status-fd", "1", "--verify", sig.toString(), data.toString()).out();
            String validsig = out.lines().filter(l -> l.startsWith("[GNUPG:] VALIDSIG ")).findFirst().orElseThrow();
            assertEquals(String.valueOf(hash), validsig.split(" ")[9], "hash algorithm: " + validsig);
            assertInstanceOf(SignatureCheck.Valid.class,
                    DetachedSignatures.verify(data, Files.readAllBytes(sig), List.of(key.certificate())).get(0));
            if (Sq.available()) {
                Files.writeString(dir.resolve("nist.cert"), key.certificate().armored());
                new Sq(dir).ok("verify", "--signer-cert", "nist.cert", "--detached", sig.toString(), data.toString());
            }

            // A certification by such a key (a store root on P-384, say) checks out in gpg too.
            Path certified = dir.resolve("certified.asc");
            Files.writeString(certified, StoreAuthority.certify(key, Personas.certificate("developer"), Level.DEVELOPER,
                    Scope.GLOBAL, now(), null).armored());
            gpg.ok("--import", certified.toString());
            String sigs = gpg.ok("--with-colons", "--check-sigs", Personas.DEVELOPER.hex()).out();
            assertTrue(sigs.lines().anyMatch(l -> l.startsWith("sig:!:") && l.contains(fpr.substring(24))), sigs);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"brainpoolP256r1", "secp256k1"})
    void curvesBouncyCastleCannotVerifyAreRefusedWhenSigningAndCertifyingNotLaterAsBadSignatures(String curve)
            throws Exception {
        try (GnuPG gpg = new GnuPG(Files.createDirectory(dir.resolve("g")))) {
            gpg.ok("--expert", "--quick-gen-key", "Curve <curve@caravan.test>", curve);
            String fpr = gpg.fingerprint("curve@caravan.test");
            SecretKey key = gpg.secretKey(fpr);
            UnusableKeyException e = assertThrows(UnusableKeyException.class, () -> DetachedSignatures.sign(key, data, now()));
            assertTrue(e.getMessage().startsWith("key " + fpr + " uses the curve " + curve)
                    && e.getMessage().contains("which Caravan (Bouncy Castle) cannot verify"), e.getMessage());
            e = assertThrows(UnusableKeyException.class, () -> StoreAuthority.certify(Personas.secretKey("root"),
                    key.certificate(), Level.DEVELOPER, Scope.GLOBAL, now(), null));
            assertTrue(e.getMessage().startsWith("refusing to certify: key " + fpr + " uses the curve " + curve),
                    e.getMessage());

            Path sig = dir.resolve("app.car.asc");
            gpg.ok("--armor", "--detach-sign", "-o", sig.toString(), data.toString());
            SignatureCheck.Invalid invalid = assertInstanceOf(SignatureCheck.Invalid.class,
                    DetachedSignatures.verify(data, Files.readAllBytes(sig), List.of(key.certificate())).get(0));
            assertTrue(invalid.reason().contains("uses the curve " + curve), invalid.reason());
            assertFalse(invalid.reason().contains("does not match"), "not a bad signature: " + invalid.reason());

            // As a root, its certifications (made by gpg) are named as unreadable, not silently dropped.
            Path dev = dir.resolve("developer.asc");
            Files.writeString(dev, Personas.certificate("developer").armored());
            gpg.ok("--import", dev.toString());
            assertEquals(0, gpg.runWithInput("2\n1\n\ny\n", "--command-fd", "0", "-u", fpr, "--cert-notation",
                    "scope@caravan.org=global", "--edit-key", Personas.DEVELOPER.hex(), "tsign", "save").exit());
            org.caravan.keyring.trust.TrustWeb web = new org.caravan.keyring.trust.TrustWeb(List.of(key.certificate()),
                    List.of(gpg.certificate(Personas.DEVELOPER.hex())));
            Instant t = now();
            org.caravan.keyring.trust.TrustDecision.Refused refused = assertInstanceOf(
                    org.caravan.keyring.trust.TrustDecision.Refused.class, new org.caravan.keyring.trust.TrustEngine().decide(
                            web, DetachedSignatures.verify(data, DetachedSignatures.sign(Personas.secretKey("developer"),
                                    data, t).getBytes(StandardCharsets.US_ASCII), web.keys()),
                            new org.caravan.keyring.trust.Subject("org.example.editor", "tools", "app"), t));
            assertTrue(refused.explain().contains("ignored: the key uses the curve " + curve), refused.explain());
        }
    }

    @Test
    void anRsaKeyUnder2048BitsIsRefusedBeforeItSigns() throws Exception {
        try (GnuPG gpg = new GnuPG(Files.createDirectory(dir.resolve("g")))) {
            gpg.ok("--quick-gen-key", "Small <small@caravan.test>", "rsa1024");
            String fpr = gpg.fingerprint("small@caravan.test");
            SecretKey key = gpg.secretKey(fpr);
            assertEquals(new KeyUsability.Unusable(key.fingerprint(), "key " + fpr + " is an RSA key of 1024 bits; stores "
                    + "refuse RSA under 2048 bits; make a new key: gpg --quick-gen-key 'NAME <EMAIL>' ed25519"),
                    KeyUsability.forSigning(key, now()));
            assertThrows(UnusableKeyException.class, () -> DetachedSignatures.sign(key, data, now()));
            assertThrows(UnusableKeyException.class, () -> StoreAuthority.certify(key, Personas.certificate("developer"),
                    Level.DEVELOPER, Scope.GLOBAL, now(), null));
        }
    }

    @Test
    void anExpiredKeyIsRefusedBeforeItSignsOrIsCertified() throws Exception {
        try (GnuPG gpg = new GnuPG(Files.createDirectory(dir.resolve("g")))) {
            gpg.ok("--faked-system-time", "20200101T000000!", "--quick-gen-key", "Old <old@caravan.test>", "ed25519",
                    "default", "1y");
            String fpr = gpg.fingerprint("old@caravan.test");
            SecretKey key = gpg.secretKey(fpr);
            UnusableKeyException e = assertThrows(UnusableKeyException.class, () -> DetachedSignatures.sign(key, data, now()));
            assertTrue(e.getMessage().startsWith("key " + fpr + " expired at 2020-12-31")
                    && e.getMessage().endsWith("extend it: gpg --quick-set-expire " + fpr + " 2y (then export it again)"),
                    e.getMessage());
            e = assertThrows(UnusableKeyException.class, () -> StoreAuthority.certify(Personas.secretKey("root"),
                    key.certificate(), Level.DEVELOPER, Scope.GLOBAL, now(), null));
            assertTrue(e.getMessage().startsWith("refusing to certify: key " + fpr + " expired at"), e.getMessage());
            e = assertThrows(UnusableKeyException.class, () -> StoreAuthority.certify(key, Personas.certificate("developer"),
                    Level.DEVELOPER, Scope.GLOBAL, now(), null));
            assertTrue(e.getMessage().startsWith("key " + fpr + " expired at"), e.getMessage());
            // While it was valid, it could.
            assertInstanceOf(KeyUsability.Usable.class, KeyUsability.forSigning(key, Instant.parse("2020-06-01T00:00:00Z")));
        }
    }

    @Test
    void aRevokedKeyIsRefusedBeforeItSigns() throws Exception {
        try (GnuPG gpg = new GnuPG(Files.createDirectory(dir.resolve("g")))) {
            gpg.ok("--quick-gen-key", "Lost <lost@caravan.test>", "ed25519");
            String fpr = gpg.fingerprint("lost@caravan.test");
            // The revocation certificate gpg made with the key, imported as its owner does once the key is lost.
            Path rev = gpg.home().resolve("openpgp-revocs.d").resolve(fpr + ".rev");
            Path armed = dir.resolve("lost.rev");
            Files.writeString(armed, Files.readString(rev).replace(":-----BEGIN PGP PUBLIC KEY BLOCK", "-----BEGIN PGP PUBLIC KEY BLOCK"));
            gpg.ok("--import", armed.toString());
            SecretKey key = gpg.secretKey(fpr);
            UnusableKeyException e = assertThrows(UnusableKeyException.class, () -> DetachedSignatures.sign(key, data, now()));
            assertTrue(e.getMessage().startsWith("key " + fpr + " is revoked"), e.getMessage());
            assertThrows(UnusableKeyException.class, () -> StoreAuthority.certify(Personas.secretKey("root"),
                    gpg.certificate(fpr), Level.DEVELOPER, Scope.GLOBAL, now(), null));
        }
    }
}
