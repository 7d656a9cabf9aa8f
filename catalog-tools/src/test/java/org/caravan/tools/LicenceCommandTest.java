package org.caravan.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.caravan.core.licence.AppKeys;
import org.caravan.keyring.key.SecretKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The licensing commands as a publisher and a licensee use them: {@code client identity} prints a certificate gpg
 * imports; {@code package build --licensed} keeps the manifest readable; {@code license issue} wraps the app key so
 * that gpg, with the client's secret key, decrypts it; {@code client license add|list}; {@code client device
 * add|list|remove} up to the licence's device count.
 */
class LicenceCommandTest {
    @TempDir
    Path tmp;
    Path gnupg;

    String p(String name) {
        return tmp.resolve(name).toString();
    }

    @BeforeEach
    void gpg() throws Exception {
        Assumptions.assumeTrue(UnusableKeyCommandTest.tool("gpg"), "gpg is needed");
        gnupg = Files.createDirectory(tmp.resolve("gnupg"));
        Files.setPosixFilePermissions(gnupg, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }

    @AfterEach
    void stopAgent() throws Exception {
        if (gnupg != null) {
            Process pr = new ProcessBuilder("gpgconf", "--homedir", gnupg.toString(), "--kill", "gpg-agent")
                    .redirectErrorStream(true).start();
            pr.getInputStream().readAllBytes();
            pr.waitFor(20, TimeUnit.SECONDS);
        }
    }

    byte[] gpg(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("gpg", "--homedir", gnupg.toString(), "--batch", "--no-tty"));
        all.addAll(List.of(args));
        Process pr = new ProcessBuilder(all).redirectError(tmp.resolve("gpg.err").toFile()).start();
        byte[] out = pr.getInputStream().readAllBytes();
        assertTrue(pr.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, pr.exitValue(), Files.readString(tmp.resolve("gpg.err")));
        return out;
    }

    static Cli ok(String... args) {
        Cli c = Cli.run(args);
        assertEquals(0, c.exit, c.toString());
        return c;
    }

    @Test
    void publisherAndLicenseeStepsWithGnupgReadingWhatCaravanWrites() throws Exception {
        ok("key", "generate", "--uid", "Alice <alice@example.org>", "--out", p("alice.key"), "--no-passphrase");
        Cli id = ok("client", "--home", p("home"), "identity");
        Files.writeString(tmp.resolve("client.asc"), id.out, StandardCharsets.US_ASCII);
        assertTrue(id.out.startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----"), id.out);
        assertEquals(id.out, ok("client", "--home", p("home"), "identity").out, "the identity changed");
        gpg("--import", p("client.asc"));
        String listing = new String(gpg("--with-colons", "--list-keys"), StandardCharsets.UTF_8);
        assertTrue(listing.contains(":ed25519:") && listing.contains(":cv25519:"), listing);

        Files.createDirectories(tmp.resolve("src"));
        Files.writeString(tmp.resolve("src/run.sh"), "#!/bin/sh\necho paid\n");
        Cli built = ok("package", "build", "--id", "org.example.paid", "--version", "1.0.0", "--from", p("src"),
                "--out", p("paid.car"), "--launch", "run.sh", "--licensed", "--key", p("alice.key"));
        assertTrue(built.out.contains("built licensed org.example.paid 1.0.0"), built.out);
        assertTrue(ok("package", "inspect", p("paid.car")).out.contains("org.example.paid 1.0.0 (app)"));
        assertEquals(1, Cli.run("package", "build", "--id", "org.example.paid", "--version", "1.0.0", "--from",
                p("src"), "--out", p("x.car"), "--licensed").exit);

        ok("license", "issue", "--key", p("alice.key"), "--app", "org.example.paid", "--to", p("client.asc"),
                "--versions", ">=1.0.0,<2.0.0", "--expires", "2030-01-01", "--devices", "2", "--out", p("paid.lic"));
        JsonNode licence = new ObjectMapper().readTree(
                new ObjectMapper().readTree(tmp.resolve("paid.lic").toFile()).get("licence").asText());
        Files.writeString(tmp.resolve("wrapped.asc"), licence.get("wrappedKey").asText());
        gpg("--import", p("home/identity/key.asc"));
        byte[] appKey = gpg("--decrypt", p("wrapped.asc"));
        assertArrayEquals(AppKeys.derive(SecretKey.read(tmp.resolve("alice.key")), "org.example.paid").bytes(), appKey);

        assertTrue(ok("client", "--home", p("home"), "license", "add", p("paid.lic")).out
                .startsWith("added org.example.paid versions >=1.0.0,<2.0.0, expires 2030-01-01T00:00:00Z, 2 device(s)"));
        assertTrue(ok("client", "--home", p("home"), "license", "list").out.contains("org.example.paid versions"));
        Cli other = Cli.run("client", "--home", p("other"), "license", "add", p("paid.lic"));
        assertEquals(1, other.exit, other.toString());
        assertTrue(other.err.contains("paid.lic refused: this licence for org.example.paid is for key"), other.err);

        Files.writeString(tmp.resolve("laptop.asc"), ok("client", "--home", p("laptop"), "identity").out);
        Files.writeString(tmp.resolve("third.asc"), ok("client", "--home", p("third"), "identity").out);
        ok("client", "--home", p("home"), "device", "add", "--app", "org.example.paid", "--cert", p("laptop.asc"),
                "--out", p("laptop.tok"));
        Cli full = Cli.run("client", "--home", p("home"), "device", "add", "--app", "org.example.paid", "--cert",
                p("third.asc"), "--out", p("third.tok"));
        assertEquals(1, full.exit, full.toString());
        assertTrue(full.err.contains("allows 2 device(s): this home and 1 more, all taken"), full.err);
        assertTrue(ok("client", "--home", p("laptop"), "license", "add", p("laptop.tok")).out
                .contains("(device token 1 from licensee"));
        String laptopKey = ok("client", "--home", p("laptop"), "identity").err.replace("this home's key: ", "").trim();
        assertTrue(ok("client", "--home", p("home"), "device", "list", "--app", "org.example.paid").out
                .contains("device 2: " + laptopKey));
        ok("client", "--home", p("home"), "device", "remove", "--app", "org.example.paid", "--device", laptopKey);
        ok("client", "--home", p("home"), "device", "add", "--app", "org.example.paid", "--cert", p("third.asc"),
                "--out", p("third.tok"));
    }

    /**
     * A developer whose key GnuPG made with its defaults (RSA-3072 with GnuPG 2.2, Ed25519 with 2.4) builds a licensed
     * app and issues a licence: the app key is derived from that key (the same for every package and licence), and
     * the licensee's GnuPG opens the wrapped key to exactly it.
     */
    @Test
    void aDeveloperKeyMadeByGnupgWithItsDefaultsLicensesToo() throws Exception {
        gpg("--passphrase", "", "--pinentry-mode", "loopback", "--quick-gen-key", "Bob <bob@example.org>", "default",
                "default", "never");
        Files.write(tmp.resolve("bob.key"), gpg("--pinentry-mode", "loopback", "--passphrase", "", "--armor",
                "--export-secret-keys", "bob@example.org"));
        SecretKey bob = SecretKey.read(tmp.resolve("bob.key"));
        Files.writeString(tmp.resolve("client.asc"), ok("client", "--home", p("home"), "identity").out,
                StandardCharsets.US_ASCII);
        Files.createDirectories(tmp.resolve("src"));
        Files.writeString(tmp.resolve("src/run.sh"), "#!/bin/sh\necho paid\n");
        Cli built = ok("package", "build", "--id", "org.example.paid", "--version", "1.0.0", "--from", p("src"),
                "--out", p("paid.car"), "--launch", "run.sh", "--licensed", "--key", p("bob.key"));
        assertTrue(built.out.contains("built licensed org.example.paid 1.0.0"), built.out);
        ok("license", "issue", "--key", p("bob.key"), "--app", "org.example.paid", "--to", p("client.asc"),
                "--out", p("paid.lic"));
        JsonNode licence = new ObjectMapper().readTree(
                new ObjectMapper().readTree(tmp.resolve("paid.lic").toFile()).get("licence").asText());
        Files.writeString(tmp.resolve("wrapped.asc"), licence.get("wrappedKey").asText());
        gpg("--import", p("home/identity/key.asc"));
        byte[] appKey = gpg("--decrypt", p("wrapped.asc"));
        assertArrayEquals(AppKeys.derive(bob, "org.example.paid").bytes(), appKey);
        assertArrayEquals(AppKeys.derive(SecretKey.read(tmp.resolve("bob.key")), "org.example.paid").bytes(), appKey,
                "the key read again derives the same app key");
        assertFalse(java.util.Arrays.equals(AppKeys.derive(bob, "org.example.other").bytes(), appKey));
        assertTrue(ok("client", "--home", p("home"), "license", "add", p("paid.lic")).out
                .startsWith("added org.example.paid versions "));
    }
}
