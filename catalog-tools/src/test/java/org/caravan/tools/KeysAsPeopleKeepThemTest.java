package org.caravan.tools;

import static org.caravan.tools.CommandLineTest.fails;
import static org.caravan.tools.CommandLineTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.sign.SignaturePackets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys kept the way careful people keep them (issue 10, item 4), through the command line, with keys made by
 * Caravan, gpg and sq: a passphrase per key, binary .sig files, re-signing a rebuilt package, designated
 * revokers that keep the key's usage.
 */
class KeysAsPeopleKeepThemTest {
    @TempDir
    Path tmp;
    Path gnupg;
    int builds;

    String p(String name) {
        return tmp.resolve(name).toString();
    }

    @BeforeEach
    void gnupgHome() throws IOException {
        gnupg = Files.createDirectories(tmp.resolve("gnupg"));
        Files.setPosixFilePermissions(gnupg, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }

    @AfterEach
    void stopAgent() throws Exception {
        if (available("gpgconf")) {
            run("gpgconf", "--homedir", gnupg.toString(), "--kill", "gpg-agent");
        }
    }

    static boolean available(String tool) {
        try {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Runs a tool (gpg, sq) with this test's GnuPG home; returns stdout + stderr, failing on a non-zero exit. */
    String run(String... cmd) throws Exception {
        ProcessBuilder b = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true);
        b.environment().put("GNUPGHOME", gnupg.toString());
        Process p = b.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ":\n" + out);
        return out;
    }

    String gpg(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("gpg", "--batch", "--no-tty", "--pinentry-mode", "loopback",
                "--passphrase", ""));
        cmd.addAll(List.of(args));
        return run(cmd.toArray(String[]::new));
    }

    String fingerprint(String keyFile) {
        return ok("key", "export", p(keyFile)).out.isEmpty() ? "" : certificate(keyFile).fingerprint().hex();
    }

    Certificate certificate(String keyFile) {
        return Certificate.parse(ok("key", "export", p(keyFile)).out.getBytes(StandardCharsets.US_ASCII));
    }

    Path store(String rootKey) throws IOException {
        Path store = tmp.resolve("STORE");
        ok("store", "init", "--dir", store.toString(), "--name", "Keys Store", "--root-key", p(rootKey));
        return store;
    }

    Path hello(String version) throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src-" + version));
        Files.writeString(src.resolve("hello.txt"), "hello " + version + " build " + (++builds), StandardCharsets.UTF_8);
        Path car = tmp.resolve("hello.car");
        Files.deleteIfExists(car); // a rebuild writes the file anew
        ok("package", "build", "--id", "org.example.hello", "--version", version, "--from", src.toString(), "--out",
                car.toString(), "--name", "Hello", "--summary", "Says hello", "--category", "utilities");
        return car;
    }

    // A: a store with two protected roots, each with its own passphrase, runs unattended from a folder of
    // passphrase files named by fingerprint; a wrong passphrase is named by its key.
    @Test
    void twoRootsWithTheirOwnPassphrasesSignUnattended() throws Exception {
        Files.writeString(tmp.resolve("root.pass"), "root secret\n");
        Files.writeString(tmp.resolve("bob.pass"), "bob secret\n");
        ok("key", "generate", "--uid", "Root <root@example.org>", "--out", p("root.key"), "--passphrase-file", p("root.pass"));
        ok("key", "generate", "--uid", "Bob Root <bob@example.org>", "--out", p("bob-root.key"), "--passphrase-file",
                p("bob.pass"));
        ok("key", "generate", "--uid", "Alice <alice@example.org>", "--out", p("alice.key"), "--no-passphrase");
        Files.writeString(tmp.resolve("alice.asc"), ok("key", "export", p("alice.key")).out);
        String root = fingerprint("root.key");
        String bob = fingerprint("bob-root.key");
        Path store = store("root.key");
        Path pass = Files.createDirectories(tmp.resolve("passphrases"));
        Files.copy(tmp.resolve("root.pass"), pass.resolve(root));
        Files.copy(tmp.resolve("bob.pass"), pass.resolve(bob.toLowerCase()));
        String dir = store.toString();

        ok("store", "root", "rotate", "--yes", "--dir", dir, "--add", p("bob-root.key"), "--threshold", "2",
                "--passphrase-dir", pass.toString());
        ok("store", "certify", "--dir", dir, "--cert", p("alice.asc"), "--level", "developer", "--scope", "global",
                "--passphrase-dir", pass.toString());
        assertTrue(ok("store", "publish", "--dir", dir, "--passphrase-dir", pass.toString()).out
                .startsWith("published generation 1"));

        // One passphrase for every key opens the first root and stops at Bob's, naming it; nothing is published.
        fails(ExitCodes.FAILURE, "wrong passphrase for secret key Bob Root <bob@example.org> [" + bob + "]",
                "store", "certify", "--dir", dir, "--cert", p("alice.asc"), "--level", "mentor", "--scope", "global",
                "--passphrase-file", p("root.pass"));
        // A key without a file in the folder falls back to --passphrase-file.
        Files.delete(pass.resolve(root));
        ok("store", "certify", "--dir", dir, "--cert", p("alice.asc"), "--level", "developer", "--scope", "app:x",
                "--passphrase-dir", pass.toString(), "--passphrase-file", p("root.pass"));
        Files.writeString(pass.resolve(root), "not it\n");
        fails(ExitCodes.FAILURE, "wrong passphrase for secret key Root <root@example.org> [" + root + "]",
                "store", "certify", "--dir", dir, "--cert", p("alice.asc"), "--level", "mentor", "--scope", "global",
                "--passphrase-dir", pass.toString());
    }

    // D: a binary FILE.sig (gpg --detach-sign without --armor, sq sign --detached --binary) counts like FILE.asc.
    @Test
    void aBinarySigBesideThePackageCounts() throws Exception {
        assumeTrue(available("gpg") && available("sq"), "gpg and sq are needed");
        gpg("--quick-gen-key", "Gina <gina@example.org>", "ed25519", "sign", "never");
        Files.writeString(tmp.resolve("gina.key"), gpg("--armor", "--export-secret-keys", "gina@example.org"));
        run("sq", "key", "generate", "--userid", "Sam <sam@example.org>", "--export", p("sam.key"));
        run("sq", "key", "extract-cert", "--output", p("sam.asc"), p("sam.key"));
        ok("key", "generate", "--uid", "Root <root@example.org>", "--out", p("root.key"), "--no-passphrase");
        Files.writeString(tmp.resolve("gina.asc"), ok("key", "export", p("gina.key")).out);
        Path store = store("root.key");
        String dir = store.toString();
        for (String who : List.of("gina.asc", "sam.asc")) {
            ok("store", "certify", "--dir", dir, "--cert", p(who), "--level", "developer", "--scope", "global");
        }
        Path car = hello("1.0.0");
        fails(ExitCodes.REFUSED, "no signature beside it", "package", "verify", "--dir", dir, car.toString());
        gpg("--local-user", "gina@example.org", "--output", car + ".sig", "--detach-sign", car.toString());
        assertFalse(Files.readString(car.resolveSibling("hello.car.sig"), StandardCharsets.ISO_8859_1)
                .contains("BEGIN PGP"), "gpg wrote a binary signature");
        assertTrue(ok("package", "verify", "--dir", dir, car.toString()).out.contains("trusted"));

        // Both present: both are read (sq's binary co-signature in hello.car.sam.sig, beside gina's).
        run("sq", "sign", "--detached", "--binary", "--signer-key", p("sam.key"), "--output", car + ".sam.sig",
                car.toString());
        Cli added = ok("store", "add", "--dir", dir, car.toString());
        String record = Files.readString(store.resolve("packages/org.example.hello/1.0.0/release.json"));
        assertTrue(record.contains(certificate("gina.key").fingerprint().hex()), record);
        assertTrue(record.contains(Certificate.read(tmp.resolve("sam.asc")).fingerprint().hex()), record);
        assertFalse(record.contains("\\u0000"), "recorded armored: " + record);
        assertTrue(ok("trust", "explain", "--dir", dir, "org.example.hello@1.0.0").out.contains("trusted"), added.out);
    }

    // E: designating a revoker keeps the key's usage flags, as gpg and sq read them.
    @Test
    void designatingARevokerKeepsTheKeysUsage() throws Exception {
        assumeTrue(available("gpg") && available("sq"), "gpg and sq are needed");
        ok("key", "generate", "--uid", "Bob <bob@example.org>", "--out", p("bob.key"), "--no-passphrase");
        ok("key", "generate", "--uid", "Mia <mia@example.org>", "--out", p("mia.key"), "--no-passphrase");
        Files.writeString(tmp.resolve("mia.asc"), ok("key", "export", p("mia.key")).out);
        ok("key", "designate-revoker", "--key", p("bob.key"), "--revoker", p("mia.asc"), "--out", p("bob-revoker.asc"));
        gpg("--import", p("bob-revoker.asc"));
        String listed = gpg("--list-keys", "--with-colons", "bob@example.org");
        String pub = listed.lines().filter(l -> l.startsWith("pub:")).findFirst().orElseThrow();
        assertEquals("sc", pub.split(":")[11].replaceAll("[A-Z]", ""), "gpg's usage field: " + pub);
        assertTrue(listed.contains("rvk:"), "the revoker is designated: " + listed);
        String inspected = run("sq", "inspect", p("bob-revoker.asc"));
        assertTrue(inspected.contains("Key flags: certification, signing"), inspected);
    }

    // F: re-signing a rebuilt package replaces the signer's stale signature; co-signers' are kept while they
    // verify, and a stale one is reported by key and dropped.
    @Test
    void reSigningARebuiltPackageReplacesTheStaleSignature() throws Exception {
        ok("key", "generate", "--uid", "Root <root@example.org>", "--out", p("root.key"), "--no-passphrase");
        ok("key", "generate", "--uid", "Alice <alice@example.org>", "--out", p("alice.key"), "--no-passphrase");
        ok("key", "generate", "--uid", "Carl <carl@example.org>", "--out", p("carl.key"), "--no-passphrase");
        Files.writeString(tmp.resolve("alice.asc"), ok("key", "export", p("alice.key")).out);
        Files.writeString(tmp.resolve("carl.asc"), ok("key", "export", p("carl.key")).out);
        Path store = store("root.key");
        String dir = store.toString();
        ok("store", "certify", "--dir", dir, "--cert", p("alice.asc"), "--level", "developer", "--scope", "global");
        Path car = hello("1.0.0");
        ok("package", "sign", "--key", p("alice.key"), car.toString());
        // Carl's co-signature goes into the same file (as gpg -u A -u B would write it).
        Path asc = car.resolveSibling("hello.car.asc");
        String carlSig = ok("package", "sign", "--key", p("carl.key"), "--out", p("carl.sig.asc"), car.toString()).out;
        String both = SignaturePackets.armor(List.of(
                SignaturePackets.split(Files.readAllBytes(asc)).get(0),
                SignaturePackets.split(Files.readAllBytes(tmp.resolve("carl.sig.asc"))).get(0)));
        Files.writeString(asc, both);

        // Rebuilt with the same version: both signatures in hello.car.asc are now stale.
        hello("1.0.0");
        fails(ExitCodes.REFUSED, "org.example.hello", "package", "verify", "--dir", dir, car.toString());
        Cli resigned = ok("package", "sign", "--key", p("alice.key"), "--cosigners", p("carl.asc"), car.toString());
        assertTrue(resigned.out.contains("-> " + asc), resigned.toString());
        assertTrue(resigned.err.contains("dropped the signature by Carl <carl@example.org> ["
                + certificate("carl.key").fingerprint().hex() + "]"), resigned.toString());
        assertEquals(1, SignaturePackets.split(Files.readAllBytes(asc)).size(), "only Alice's new signature");
        assertFalse(Files.exists(car.resolveSibling("hello.car." + certificate("alice.key").fingerprint().keyId()
                + ".asc")), "no second file beside the stale one");
        assertTrue(ok("package", "verify", "--dir", dir, car.toString()).out.contains("trusted"));

        // Carl co-signs the new bytes into the file; Alice signs once more: Carl's valid signature stays.
        String carlNew = ok("package", "sign", "--key", p("carl.key"), "--out", p("carl.sig.asc"), car.toString()).out;
        Files.writeString(asc, SignaturePackets.armor(List.of(SignaturePackets.split(Files.readAllBytes(asc)).get(0),
                SignaturePackets.split(Files.readAllBytes(tmp.resolve("carl.sig.asc"))).get(0))));
        Cli again = ok("package", "sign", "--key", p("alice.key"), "--cosigners", p("carl.asc"), car.toString());
        List<SignaturePackets.Packet> now = SignaturePackets.split(Files.readAllBytes(asc));
        assertEquals(2, now.size(), again.toString());
        assertTrue(now.get(0).issuedBy(certificate("carl.key")), "Carl's co-signature kept");
        assertTrue(now.get(1).issuedBy(certificate("alice.key")), "Alice's replaced");
        assertFalse(again.err.contains("dropped"), again.toString());
        // Without Carl's certificate his signature cannot be checked: kept, and said so.
        Cli unchecked = ok("package", "sign", "--key", p("alice.key"), car.toString());
        assertTrue(unchecked.err.contains("kept the signature by " + certificate("carl.key").fingerprint().hex()),
                unchecked.toString());
        assertTrue(carlSig.contains("carl.sig.asc") && carlNew.contains("carl.sig.asc"));
    }

    Path app(String id, String category) throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src-" + id));
        Files.writeString(src.resolve("a.txt"), id, StandardCharsets.UTF_8);
        Path car = tmp.resolve(id + ".car");
        ok("package", "build", "--id", id, "--version", "1.0.0", "--from", src.toString(), "--out", car.toString(),
                "--category", category);
        return car;
    }

    // C: bare revocation certificates as gpg keeps them and sq writes them are imported, attached to the key the
    // store holds; the trust engine then treats that key's apps as spurious. One for an unknown key is refused.
    @Test
    void bareRevocationCertificatesFromGpgAndSqRevokeTheKey() throws Exception {
        assumeTrue(available("gpg") && available("sq"), "gpg and sq are needed");
        gpg("--quick-gen-key", "Gina <gina@example.org>", "ed25519", "sign", "never");
        Files.writeString(tmp.resolve("gina.key"), gpg("--armor", "--export-secret-keys", "gina@example.org"));
        Files.writeString(tmp.resolve("gina.asc"), ok("key", "export", p("gina.key")).out);
        String gina = certificate("gina.key").fingerprint().hex();
        run("sq", "key", "generate", "--userid", "Sam <sam@example.org>", "--export", p("sam.key"));
        run("sq", "key", "extract-cert", "--output", p("sam.asc"), p("sam.key"));
        run("sq", "key", "generate", "--userid", "Stranger <stranger@example.org>", "--export", p("stranger.key"));
        ok("key", "generate", "--uid", "Root <root@example.org>", "--out", p("root.key"), "--no-passphrase");
        String dir = store("root.key").toString();
        ok("store", "certify", "--dir", dir, "--cert", p("gina.asc"), "--level", "developer", "--scope", "global");
        ok("store", "certify", "--dir", dir, "--cert", p("sam.asc"), "--level", "developer", "--scope", "global");
        Path g = app("org.example.gina", "utilities");
        gpg("--local-user", "gina@example.org", "--armor", "--output", g + ".asc", "--detach-sign", g.toString());
        Path s = app("org.example.sam", "utilities");
        run("sq", "sign", "--detached", "--signer-key", p("sam.key"), "--output", s + ".asc", s.toString());
        ok("store", "add", "--dir", dir, g.toString());
        ok("store", "add", "--dir", dir, s.toString());
        ok("trust", "explain", "--dir", dir, "org.example.gina");
        ok("trust", "explain", "--dir", dir, "org.example.sam");

        // gpg's own revocation certificate, as it lies in openpgp-revocs.d (armor disarmed by a leading ':').
        Path rev = gnupg.resolve("openpgp-revocs.d").resolve(gina + ".rev");
        assertTrue(Files.readString(rev).contains(":-----BEGIN PGP PUBLIC KEY BLOCK-----"), Files.readString(rev));
        assertTrue(ok("store", "import", "--dir", dir, rev.toString()).out.contains("imported Gina <gina@example.org> ["
                + gina + "]"));
        Cli explained = fails(ExitCodes.REFUSED, "revoked itself", "trust", "explain", "--dir", dir, "org.example.gina");
        assertTrue(explained.out.contains("spurious"), explained.toString());

        // sq's revocation certificate (a bare signature in an armored block).
        Files.writeString(tmp.resolve("sam.rev"), run("sq", "revoke", "certificate", "--certificate", p("sam.key"),
                "compromised", "the laptop was stolen"));
        ok("store", "import", "--dir", dir, p("sam.rev"));
        assertTrue(Cli.run("trust", "explain", "--dir", dir, "org.example.sam").out.contains("spurious"));

        // A revocation of a key the store does not hold names it, and changes nothing.
        Files.writeString(tmp.resolve("stranger.rev"), run("sq", "revoke", "certificate", "--certificate",
                p("stranger.key"), "retired", "gone"));
        String stranger = Certificate.parse(run("sq", "key", "extract-cert", p("stranger.key"))
                .getBytes(StandardCharsets.US_ASCII)).fingerprint().hex();
        fails(ExitCodes.FAILURE, "the revocation by key " + stranger + " revokes no key this store holds",
                "store", "import", "--dir", dir, p("stranger.rev"));
    }

    // B: key passwd changes, sets and removes a passphrase, keeping every subkey; gpg reads the result.
    @Test
    void keyPasswdChangesThePassphraseAndGpgReadsTheResult() throws Exception {
        assumeTrue(available("gpg"), "gpg is needed");
        Files.writeString(tmp.resolve("old.pass"), "old words\n");
        Files.writeString(tmp.resolve("new.pass"), "new words\n");
        // gpg's default key: a primary and an encryption subkey, protected by "old words".
        run("gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", "old words", "--quick-gen-key",
                "Dora <dora@example.org>", "default", "default", "never");
        Files.writeString(tmp.resolve("dora.key"), run("gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase",
                "old words", "--armor", "--export-secret-keys", "dora@example.org"));
        Path key = tmp.resolve("dora.key");
        Path car = hello("1.0.0");

        byte[] before = Files.readAllBytes(key);
        fails(ExitCodes.FAILURE, "wrong passphrase for secret key Dora <dora@example.org>", "key", "passwd", key.toString(),
                "--passphrase-file", p("new.pass"), "--new-passphrase-file", p("new.pass"));
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(key)), "nothing written");

        ok("key", "passwd", key.toString(), "--passphrase-file", p("old.pass"), "--new-passphrase-file", p("new.pass"));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(key)));
        fails(ExitCodes.FAILURE, "wrong passphrase", "package", "sign", "--key", key.toString(), "--passphrase-file",
                p("old.pass"), car.toString());
        ok("package", "sign", "--key", key.toString(), "--passphrase-file", p("new.pass"), car.toString());

        // A fresh gpg takes the new passphrase, and keeps the subkey.
        Path other = Files.createDirectories(tmp.resolve("gnupg2"));
        Files.setPosixFilePermissions(other, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        List<String> gpg2 = List.of("gpg", "--homedir", other.toString(), "--batch", "--pinentry-mode", "loopback",
                "--passphrase", "new words");
        try {
            run(concat(gpg2, "--import", key.toString()));
            String secrets = run(concat(gpg2, "--with-colons", "--list-secret-keys"));
            assertEquals(1, secrets.lines().filter(l -> l.startsWith("ssb:")).count(), secrets);
            run(concat(gpg2, "--local-user", "dora@example.org", "--output", p("dora.sig"), "--detach-sign",
                    car.toString()));
        } finally {
            run("gpgconf", "--homedir", other.toString(), "--kill", "gpg-agent");
        }

        // Removed, then set again on the unprotected key.
        ok("key", "passwd", key.toString(), "--passphrase-file", p("new.pass"), "--no-passphrase");
        assertFalse(Cli.run("key", "passwd", key.toString(), "--no-passphrase").exit == 0, "nothing to remove");
        ok("package", "sign", "--key", key.toString(), car.toString());
        ok("key", "passwd", key.toString(), "--new-passphrase-file", p("old.pass"));
        fails(ExitCodes.FAILURE, "protected by a passphrase", "package", "sign", "--key", key.toString(), car.toString());
        ok("package", "sign", "--key", key.toString(), "--passphrase-file", p("old.pass"), car.toString());
    }

    static String[] concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all.toArray(String[]::new);
    }
}
