package org.caravan.tools;

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
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code caravan key show} tells of keys made by caravan, gpg and sq what {@code gpg --show-keys} tells (the same
 * fingerprints and usage letters, compared with gpg's own listing), plus secrets, stubs and certifications.
 */
class KeyShowCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    Path gnupg;

    String p(String name) {
        return tmp.resolve(name).toString();
    }

    @BeforeEach
    void tools() throws Exception {
        Assumptions.assumeTrue(UnusableKeyCommandTest.tool("gpg") && UnusableKeyCommandTest.tool("sq"),
                "gpg and sq are needed");
        gnupg = Files.createDirectory(tmp.resolve("gnupg"));
        Files.setPosixFilePermissions(gnupg, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }

    @AfterEach
    void stopAgent() throws Exception {
        if (gnupg != null) {
            Process p = new ProcessBuilder("gpgconf", "--homedir", gnupg.toString(), "--kill", "gpg-agent")
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(20, TimeUnit.SECONDS);
        }
    }

    String exec(String... cmd) throws Exception {
        List<String> all = new ArrayList<>(List.of(cmd));
        if (cmd[0].equals("gpg")) {
            all.addAll(1, List.of("--homedir", gnupg.toString(), "--batch", "--pinentry-mode", "loopback", "--passphrase", ""));
        }
        ProcessBuilder b = new ProcessBuilder(all).directory(tmp.toFile()).redirectError(tmp.resolve("tool.err").toFile());
        b.environment().put("HOME", tmp.toString());
        Process p = b.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", all) + ": " + Files.readString(tmp.resolve("tool.err")));
        return out;
    }

    static Cli ok(String... args) {
        Cli c = Cli.run(args);
        assertEquals(0, c.exit, c.toString());
        return c;
    }

    /** Parses a --json output, and checks that it is a versioned document whose every field docs/json.md names. */
    static JsonNode json(Cli c) throws Exception {
        JsonNode doc = JSON.readTree(c.out);
        assertEquals(1, doc.get("caravanJson").asInt(), c.out);
        assertTrue(doc.get("kind").isTextual(), c.out);
        String docs = Files.readString(Path.of("..", "docs", "json.md"));
        assertTrue(docs.contains("`" + doc.get("kind").asText() + "`"), "docs/json.md does not name " + doc.get("kind"));
        documented(doc, docs);
        return doc;
    }

    private static void documented(JsonNode node, String docs) {
        if (node.isArray()) {
            node.forEach(n -> documented(n, docs));
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                assertTrue(java.util.regex.Pattern.compile("\\b" + e.getKey() + "\\b").matcher(docs).find(),
                        "docs/json.md does not document the field " + e.getKey());
                documented(e.getValue(), docs);
            });
        }
    }

    /** gpg's own listing of a file: fingerprint -> capability letters (upper case, as gpg --show-keys prints them). */
    java.util.Map<String, String> gpgSays(String file) throws Exception {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        String caps = null;
        for (String line : exec("gpg", "--with-colons", "--show-keys", file).lines().toList()) {
            String[] f = line.split(":", -1);
            if (f[0].equals("pub") || f[0].equals("sub") || f[0].equals("sec") || f[0].equals("ssb")) {
                caps = f[11].replaceAll("[^a-z]", "").toUpperCase(Locale.ROOT);
            } else if (f[0].equals("fpr") && caps != null) {
                out.put(f[9], caps);
                caps = null;
            }
        }
        return out;
    }

    /** Our listing of the same file, in gpg's order of letters (S, C, E, A: gpg prints them as it stores them). */
    static java.util.Map<String, String> caravanSays(JsonNode key) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        out.put(key.get("primary").get("fingerprint").asText(), sorted(key.get("primary").get("usage").asText()));
        for (JsonNode s : key.get("subkeys")) {
            out.put(s.get("fingerprint").asText(), sorted(s.get("usage").asText()));
        }
        return out;
    }

    static String sorted(String letters) {
        char[] c = letters.toCharArray();
        java.util.Arrays.sort(c);
        return new String(c);
    }

    @Test
    void anSqKeyIsListedAsGpgListsIt() throws Exception {
        exec("sq", "key", "generate", "--userid", "Sam <sam@example.org>", "--export", "sam.key");
        Cli text = ok("key", "show", p("sam.key"));
        List<String> lines = text.out.lines().toList();
        assertTrue(lines.get(0).matches("sec   ed25519 \\d{4}-\\d\\d-\\d\\d \\[C\\] \\[expires: \\d{4}-\\d\\d-\\d\\d\\]  "
                + "secret: unprotected"), text.out);
        assertTrue(lines.contains("uid   Sam <sam@example.org>"), text.out);
        assertEquals(3, lines.stream().filter(l -> l.startsWith("ssb   ")).count(), text.out);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("ssb   cv25519 ") && l.contains("[E]")), text.out);

        JsonNode doc = json(ok("key", "show", "--json", p("sam.key")));
        assertEquals("keys", doc.get("kind").asText());
        JsonNode key = doc.get("keys").get(0);
        assertTrue(key.get("secretKey").asBoolean());
        assertEquals("present", key.get("primary").get("secret").asText());
        assertEquals("Sam <sam@example.org>", key.get("userIds").get(0).get("userId").asText());
        java.util.Map<String, String> gpg = new java.util.LinkedHashMap<>();
        gpgSays(p("sam.key")).forEach((k, v) -> gpg.put(k, sorted(v)));
        assertEquals(gpg, caravanSays(key));
    }

    @Test
    void aGpgKeyWithItsPrimaryOfflineShowsTheStubAndAGpgCertification() throws Exception {
        exec("gpg", "--quick-gen-key", "Gus <gus@example.org>", "ed25519", "default", "2y");
        String gus = exec("gpg", "--with-colons", "--list-keys", "gus@example.org").lines()
                .filter(l -> l.startsWith("fpr:")).findFirst().orElseThrow().split(":")[9];
        exec("gpg", "--quick-add-key", gus, "cv25519", "encr", "1y");
        Files.writeString(tmp.resolve("gus-sub.key"), exec("gpg", "--armor", "--export-secret-subkeys", gus));
        Cli stub = ok("key", "show", p("gus-sub.key"));
        assertTrue(stub.out.startsWith("sec#  ed25519 "), stub.out);
        assertTrue(stub.out.contains("secret: not in this file (GnuPG stub)"), stub.out);
        assertTrue(stub.out.lines().anyMatch(l -> l.startsWith("ssb   cv25519 ") && l.contains("[E] [expires: ")), stub.out);
        JsonNode key = json(ok("key", "show", "--json", p("gus-sub.key"))).get("keys").get(0);
        assertEquals(gus, key.get("fingerprint").asText());
        assertEquals("gnupg-stub", key.get("primary").get("secret").asText());
        assertEquals("present", key.get("subkeys").get(0).get("secret").asText());
        assertFalse(key.get("primary").get("expires").isNull());

        // A caravan key, certified by gus with gpg (no Caravan level) and by a store root with caravan.
        ok("key", "generate", "--uid", "Alice <alice@example.org>", "--out", p("alice.key"), "--no-passphrase");
        Files.writeString(tmp.resolve("alice.asc"), ok("key", "export", p("alice.key")).out);
        exec("gpg", "--import", "alice.asc");
        String alice = json(ok("key", "show", "--json", p("alice.asc"))).get("keys").get(0).get("fingerprint").asText();
        exec("gpg", "--default-key", gus, "--quick-sign-key", alice);
        Files.writeString(tmp.resolve("alice-gpg.asc"), exec("gpg", "--armor", "--export", alice));
        ok("key", "generate", "--uid", "Root <root@example.org>", "--out", p("root.key"), "--no-passphrase");
        Cli certified = ok("key", "certify", "--key", p("root.key"), "--cert", p("alice-gpg.asc"), "--level", "developer",
                "--scope", "category:games", "--out", p("alice-both.asc"));
        assertTrue(certified.err.contains("wrote"), certified.toString());
        String root = json(ok("key", "show", "--json", p("root.key"))).get("keys").get(0).get("fingerprint").asText();

        Cli shown = ok("key", "show", p("alice-both.asc"));
        assertTrue(shown.out.contains("certified " + java.time.LocalDate.now(java.time.ZoneOffset.UTC) + " by " + gus + "\n"),
                shown.out);
        assertTrue(shown.out.contains(" by " + root + ": Caravan level developer, scope category:games"), shown.out);
        JsonNode certs = json(ok("key", "show", "--json", p("alice-both.asc"))).get("keys").get(0).get("certifications");
        assertEquals(2, certs.size(), certs.toString());
        for (JsonNode c : certs) {
            assertEquals("certification", c.get("type").asText());
            if (c.get("issuer").asText().equals(root)) {
                assertEquals("developer", c.get("level").asText());
                assertEquals("category:games", c.get("scope").asText());
            } else {
                assertEquals(gus, c.get("issuer").asText());
                assertTrue(c.get("level").isNull() && c.get("scope").isNull(), c.toString());
            }
        }
    }

    @Test
    void severalKeysInOneFileARevokedKeyAndBadInput() throws Exception {
        ok("key", "generate", "--uid", "Alice <alice@example.org>", "--out", p("alice.key"), "--no-passphrase");
        ok("key", "generate", "--uid", "Bob <bob@example.org>", "--out", p("bob.key"), "--no-passphrase");
        ok("key", "revoke", "--yes", "--key", p("bob.key"), "--reason", "retired", "--comment", "left the project",
                "--out", p("bob-revoked.asc"));
        Files.writeString(tmp.resolve("both.asc"), ok("key", "export", p("alice.key")).out
                + Files.readString(tmp.resolve("bob-revoked.asc")));
        // Binary too: gpg --dearmor writes the packets as they are.
        exec("gpg", "--output", "both.gpg", "--dearmor", "both.asc");
        for (String file : List.of("both.asc", "both.gpg")) {
            Cli text = ok("key", "show", p(file));
            assertEquals(2, text.out.lines().filter(l -> l.startsWith("pub   ed25519 ")).count(), text.out);
            assertTrue(text.out.contains("[revoked: " + java.time.LocalDate.now(java.time.ZoneOffset.UTC)
                    + ", retired, soft: left the project]"), text.out);
            JsonNode keys = json(ok("key", "show", "--json", p(file))).get("keys");
            assertEquals(2, keys.size());
            assertTrue(keys.get(0).get("primary").get("revocation").isNull());
            JsonNode rev = keys.get(1).get("primary").get("revocation");
            assertEquals("retired", rev.get("reason").asText());
            assertFalse(rev.get("hard").asBoolean());
            assertEquals(keys.get(1).get("fingerprint").asText(), rev.get("by").asText());
        }

        Files.writeString(tmp.resolve("pass.txt"), "secret\n");
        ok("key", "generate", "--uid", "Carol <carol@example.org>", "--out", p("carol.key"), "--passphrase-file",
                p("pass.txt"));
        Cli carol = ok("key", "show", p("carol.key"));
        assertTrue(carol.out.startsWith("sec   ed25519 ") && carol.out.contains("[SC]  secret: protected by a passphrase"),
                carol.out);
        assertEquals("protected", json(ok("key", "show", "--json", p("carol.key"))).get("keys").get(0).get("primary")
                .get("secret").asText());

        Files.writeString(tmp.resolve("notes.txt"), "not a key\n");
        CommandLineTest.fails(ExitCodes.FAILURE, "notes.txt: not an OpenPGP key", "key", "show", p("notes.txt"));
        CommandLineTest.fails(ExitCodes.FAILURE, "no such file: " + p("missing.asc"), "key", "show", p("missing.asc"));
        Cli usage = Cli.run("key", "show");
        assertEquals(ExitCodes.USAGE, usage.exit, usage.toString());
        assertTrue(usage.err.contains("Missing required parameter: 'FILE'"), usage.toString());
    }
}
