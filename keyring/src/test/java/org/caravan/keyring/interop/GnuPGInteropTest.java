package org.caravan.keyring.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.KeyFormatException;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.sign.SignatureCheck;
import org.caravan.keyring.testing.Personas;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What Caravan writes GnuPG reads, and the other way round. Skipped where gpg is not installed. */
class GnuPGInteropTest {
    @BeforeAll
    static void needsGpg() {
        Assumptions.assumeTrue(GnuPG.available(), "gpg is not on the PATH");
    }

    @Test
    void gpgVerifiesACaravanSignature(@TempDir Path dir) throws Exception {
        Path home = Files.createDirectory(dir.resolve("g"));
        Path data = dir.resolve("app.zip");
        Files.write(data, "a package".getBytes(StandardCharsets.UTF_8));
        Path sig = dir.resolve("app.zip.asc");
        Files.writeString(sig, DetachedSignatures.sign(Personas.secretKey("developer"), data, Personas.SIGNED));
        Path cert = dir.resolve("developer.asc");
        Files.writeString(cert, Personas.certificate("developer").armored());
        try (GnuPG gpg = new GnuPG(home)) {
            gpg.ok("--import", cert.toString());
            GnuPG.Result r = gpg.ok("--status-fd", "1", "--verify", sig.toString(), data.toString());
            assertTrue(r.out().contains("[GNUPG:] VALIDSIG " + Personas.DEVELOPER.hex()), r.out());
            assertTrue(r.out().contains(" " + Personas.SIGNED.getEpochSecond() + " "), "signature time: " + r.out());
            Files.write(data, "a tampered package".getBytes(StandardCharsets.UTF_8));
            GnuPG.Result bad = gpg.run("--status-fd", "1", "--verify", sig.toString(), data.toString());
            assertTrue(bad.exit() != 0 && bad.out().contains("[GNUPG:] BADSIG"), bad.out());
        }
    }

    @Test
    void gpgAcceptsCaravanCertificationsAndRevocations(@TempDir Path dir) throws Exception {
        Path home = Files.createDirectory(dir.resolve("g"));
        Path roots = dir.resolve("roots.asc");
        Files.write(roots, Personas.resource("roots.asc"));
        Path keyring = dir.resolve("keyring.asc");
        Files.write(keyring, Personas.resource("store-keyring.asc"));
        try (GnuPG gpg = new GnuPG(home)) {
            gpg.ok("--import", roots.toString(), keyring.toString());
            String sigs = gpg.ok("--with-colons", "--check-sigs", Personas.REVOKED_SOFT.hex()).out();
            String rootKeyId = Personas.ROOT.keyId();
            assertTrue(sigs.lines().anyMatch(l -> l.startsWith("sig:!:") && l.contains(":" + rootKeyId + ":")
                    && l.contains(":12x:")), "root certification checks out:\n" + sigs);
            assertTrue(sigs.lines().anyMatch(l -> l.startsWith("rev:!:") && l.contains(":" + rootKeyId + ":")
                    && l.contains(":30x")), "root revocation checks out:\n" + sigs);
            String mentor = gpg.ok("--with-colons", "--check-sigs", Personas.MENTOR.hex()).out();
            assertTrue(mentor.lines().anyMatch(l -> l.startsWith("sig:!:") && l.contains(":" + Personas.SECOND_ROOT.keyId() + ":")),
                    mentor);
            assertTrue(mentor.lines().noneMatch(l -> l.startsWith("sig:-:") || l.startsWith("sig:?:")), mentor);
        }
    }

    @Test
    void aGpgKeyAndItsSignatureWorkInCaravan(@TempDir Path dir) throws Exception {
        Path home = Files.createDirectory(dir.resolve("g"));
        Path data = dir.resolve("plugin.jar");
        Files.write(data, "a plugin from a GnuPG user".getBytes(StandardCharsets.UTF_8));
        String uid = "Gpg User <gpg-user@caravan.test>";
        try (GnuPG gpg = new GnuPG(home)) {
            gpg.ok("--quick-gen-key", uid, "ed25519", "sign", "never");
            Certificate cert = Certificate.parse(gpg.ok("--armor", "--export", uid).out()
                    .getBytes(StandardCharsets.US_ASCII));
            assertEquals(uid, cert.userId());
            Path sig = dir.resolve("plugin.jar.asc");
            gpg.ok("--armor", "--digest-algo", "SHA256", "--detach-sign", "-o", sig.toString(), data.toString());
            List<SignatureCheck> checks = DetachedSignatures.verify(data, Files.readAllBytes(sig), List.of(cert));
            SignatureCheck.Valid valid = assertInstanceOf(SignatureCheck.Valid.class, checks.get(0), checks.toString());
            assertEquals(cert.fingerprint(), valid.signer());
            assertTrue(!valid.signedAt().isAfter(Instant.now()));

            SecretKey secret = SecretKey.parse(gpg.ok("--armor", "--export-secret-keys", uid).out()
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] derived = new Ed25519PrivateKeyParameters(secret.ed25519Seed(), 0).generatePublicKey().getEncoded();
            assertArrayEquals(cert.ed25519PublicKey(), derived, "gpg's seed gives gpg's public key");
        }
    }

    @Test
    void aSignatureByAGpgSigningSubkeyCountsForThePrimaryKey(@TempDir Path dir) throws Exception {
        Path home = Files.createDirectory(dir.resolve("g"));
        Path data = dir.resolve("app.zip");
        Files.write(data, "signed by a subkey".getBytes(StandardCharsets.UTF_8));
        String uid = "Sub Signer <sub@caravan.test>";
        try (GnuPG gpg = new GnuPG(home)) {
            gpg.ok("--quick-gen-key", uid, "ed25519", "cert", "never");
            String primary = gpg.ok("--with-colons", "--list-keys", uid).out().lines()
                    .filter(l -> l.startsWith("fpr:")).findFirst().orElseThrow().split(":")[9];
            gpg.ok("--quick-add-key", primary, "ed25519", "sign", "never");
            Certificate cert = Certificate.parse(gpg.ok("--armor", "--export", uid).out()
                    .getBytes(StandardCharsets.US_ASCII));
            Path sig = dir.resolve("app.zip.asc");
            gpg.ok("--armor", "--detach-sign", "-o", sig.toString(), data.toString());
            GnuPG.Result packets = gpg.ok("--list-packets", sig.toString());
            assertTrue(!packets.out().contains(primary.substring(24)), "gpg signed with the subkey: " + packets.out());
            List<SignatureCheck> checks = DetachedSignatures.verify(data, Files.readAllBytes(sig), List.of(cert));
            SignatureCheck.Valid valid = assertInstanceOf(SignatureCheck.Valid.class, checks.get(0), checks.toString());
            assertEquals(cert.fingerprint(), valid.signer());
            assertEquals(primary, valid.signer().hex());
        }
    }

    @Test
    void aGpgKeyProtectedByAPassphraseSignsInCaravanWithIt(@TempDir Path dir) throws Exception {
        Path home = Files.createDirectory(dir.resolve("g"));
        String uid = "Careful User <careful@caravan.test>";
        try (GnuPG gpg = new GnuPG(home, "gpg passphrase")) {
            gpg.ok("--quick-gen-key", uid, "ed25519", "sign", "never");
            byte[] exported = gpg.ok("--armor", "--export-secret-keys", uid).out().getBytes(StandardCharsets.US_ASCII);
            SecretKey noPass = SecretKey.parse(exported);
            assertTrue(noPass.isProtected(), "gpg protects its keys with the passphrase");
            assertThrows(KeyFormatException.class, () -> DetachedSignatures.sign(noPass, "x".getBytes(StandardCharsets.UTF_8),
                    Instant.now()));
            SecretKey key = SecretKey.parse(exported, k -> "gpg passphrase".toCharArray());
            Path data = dir.resolve("app.zip");
            Files.write(data, "signed with a protected gpg key".getBytes(StandardCharsets.UTF_8));
            Path sig = dir.resolve("app.zip.asc");
            Files.writeString(sig, DetachedSignatures.sign(key, data, Instant.now()));
            GnuPG.Result r = gpg.ok("--status-fd", "1", "--verify", sig.toString(), data.toString());
            assertTrue(r.out().contains("[GNUPG:] VALIDSIG " + key.fingerprint().hex()), r.out());
        }
    }

    @Test
    void gpgImportsAKeyCaravanProtectedAndSignsWithItsPassphraseOnly(@TempDir Path dir) throws Exception {
        SecretKey key = SecretKey.generate("Protected Here <here@caravan.test>", Instant.now().minusSeconds(60))
                .protectedWith("caravan passphrase".toCharArray());
        Path keyFile = dir.resolve("here.key");
        Files.writeString(keyFile, key.armored());
        Path data = dir.resolve("app.zip");
        Files.write(data, "signed by gpg with a key protected by Caravan".getBytes(StandardCharsets.UTF_8));
        Path sig = dir.resolve("app.zip.asc");
        Path wrongHome = Files.createDirectory(dir.resolve("wrong"));
        try (GnuPG gpg = new GnuPG(wrongHome, "not the passphrase")) {
            GnuPG.Result refused = gpg.run("--import", keyFile.toString());
            GnuPG.Result cannotSign = gpg.run("--armor", "--detach-sign", "-o", sig.toString(), data.toString());
            assertTrue(refused.exit() != 0 || cannotSign.exit() != 0, "a wrong passphrase gets gpg nowhere: "
                    + refused.err() + cannotSign.err());
        }
        Files.deleteIfExists(sig);
        Path home = Files.createDirectory(dir.resolve("g"));
        try (GnuPG gpg = new GnuPG(home, "caravan passphrase")) {
            gpg.ok("--import", keyFile.toString());
            gpg.ok("--armor", "--detach-sign", "-o", sig.toString(), data.toString());
        }
        List<SignatureCheck> checks = DetachedSignatures.verify(data, Files.readAllBytes(sig), List.of(key.certificate()));
        SignatureCheck.Valid valid = assertInstanceOf(SignatureCheck.Valid.class, checks.get(0), checks.toString());
        assertEquals(key.fingerprint(), valid.signer());
    }
}
