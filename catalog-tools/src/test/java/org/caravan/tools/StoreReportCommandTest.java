package org.caravan.tools;

import static org.caravan.tools.KeyShowCommandTest.json;
import static org.caravan.tools.KeyShowCommandTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code store status} and {@code store keys}: a maintainer's view of a store folder, in text and JSON. */
class StoreReportCommandTest {
    @TempDir
    Path tmp;
    String store;
    String root;
    String alice;
    String bob;

    String p(String name) {
        return tmp.resolve(name).toString();
    }

    String key(String name, String uid) throws Exception {
        ok("key", "generate", "--uid", uid, "--out", p(name + ".key"), "--no-passphrase");
        Files.writeString(tmp.resolve(name + ".asc"), ok("key", "export", p(name + ".key")).out);
        return json(ok("key", "show", "--json", p(name + ".asc"))).get("keys").get(0).get("fingerprint").asText();
    }

    @BeforeEach
    void storeWithAliceAndRevokedBob() throws Exception {
        root = key("root", "Root <root@example.org>");
        alice = key("alice", "Alice <alice@example.org>");
        bob = key("bob", "Bob <bob@example.org>");
        store = p("STORE");
        ok("store", "init", "--dir", store, "--name", "Demo Store", "--root-key", p("root.key"));
        ok("store", "certify", "--dir", store, "--cert", p("alice.asc"), "--level", "developer", "--scope", "global");
        ok("store", "certify", "--dir", store, "--cert", p("bob.asc"), "--level", "developer", "--scope",
                "app:org.example.chess");
        ok("store", "revoke", "--yes", "--dir", store, "--cert", p("bob.asc"), "--reason", "compromised");
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("hello.txt"), "hello", StandardCharsets.UTF_8);
        ok("package", "build", "--id", "org.example.hello", "--version", "1.0.0", "--from", src.toString(),
                "--out", p("hello.car"));
        ok("package", "sign", "--key", p("alice.key"), p("hello.car"));
        ok("store", "add", "--dir", store, p("hello.car"));
    }

    @Test
    void statusSaysWhatIsPublishedAndWhatIsNot() throws Exception {
        List<String> before = ok("store", "status", "--dir", store).out.lines().toList();
        assertEquals("store      Demo Store", before.get(0));
        assertTrue(before.get(1).startsWith("magnet     magnet:?xs=urn:btpk:"), before.toString());
        assertTrue(before.contains("published  never (caravan store publish)"), before.toString());
        assertTrue(before.contains("roots      1 of 1 (root set version 1)"), before.toString());
        assertTrue(before.contains("keys       2 certified (caravan store keys)"), before.toString());
        assertTrue(before.contains("releases   1 of 1 app"), before.toString());
        assertTrue(before.contains("pending    1 release added, 2 keys certified, revoked or imported (caravan store publish)"),
                before.toString());

        ok("store", "publish", "--dir", store);
        List<String> after = ok("store", "status", "--dir", store).out.lines().toList();
        assertTrue(after.stream().anyMatch(l -> l.matches("published  generation 1 at \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ")),
                after.toString());
        assertTrue(after.stream().anyMatch(l -> l.startsWith("valid      until ")), after.toString());
        assertTrue(after.contains("pending    none"), after.toString());

        ok("store", "remove", "--dir", store, "org.example.hello@1.0.0");
        JsonNode doc = json(ok("store", "status", "--dir", store, "--json"));
        assertEquals("store-status", doc.get("kind").asText());
        assertEquals("Demo Store", doc.get("name").asText());
        assertTrue(doc.get("magnet").asText().startsWith("magnet:?xs=urn:btpk:"));
        assertEquals(1, doc.get("published").get("generation").asLong());
        assertFalse(doc.get("published").get("expired").asBoolean());
        assertEquals(1, doc.get("roots").get("threshold").asInt());
        assertEquals(root, doc.get("roots").get("fingerprints").get(0).asText());
        assertEquals(2, doc.get("keys").asInt());
        assertEquals(0, doc.get("releases").asInt());
        assertTrue(doc.get("pending").get("any").asBoolean());
        assertEquals(1, doc.get("pending").get("releasesRemoved").asInt());
        assertEquals(0, doc.get("pending").get("keysChanged").asInt());
    }

    @Test
    void keysSayWhatEachKeyMaySignNow() throws Exception {
        String text = ok("store", "keys", "--dir", store).out;
        assertTrue(text.startsWith(root + "  Root <root@example.org>\n    may sign   maintainer, scope global (a root of this store)\n"),
                text);
        assertTrue(text.contains(alice + "  Alice <alice@example.org>\n    may sign   developer, scope global "
                + "(Root <root@example.org> -> Alice <alice@example.org>)\n    expires    never\n    certified  by Root "
                + "<root@example.org> [" + root + "] at "), text);
        assertTrue(text.contains(bob + "  Bob <bob@example.org>\n    may sign   nothing (revoked): "), text);
        assertTrue(text.contains(": compromised (hard)"), text);

        JsonNode doc = json(ok("store", "keys", "--dir", store, "--json"));
        assertEquals("store-keys", doc.get("kind").asText());
        JsonNode keys = doc.get("keys");
        assertEquals(3, keys.size());
        JsonNode r = keys.get(0);
        assertEquals(root, r.get("fingerprint").asText());
        assertTrue(r.get("root").asBoolean());
        assertEquals("maintainer", r.get("grants").get(0).get("level").asText());
        JsonNode a = find(keys, alice);
        assertEquals("developer", a.get("grants").get(0).get("level").asText());
        assertEquals("global", a.get("grants").get(0).get("scope").asText());
        assertEquals(root, a.get("grants").get(0).get("path").get(0).get("fingerprint").asText());
        assertTrue(a.get("refusal").isNull());
        assertTrue(a.get("expires").isNull());
        assertEquals("Root <root@example.org>", a.get("certifications").get(0).get("issuerUserId").asText());
        JsonNode b = find(keys, bob);
        assertEquals(0, b.get("grants").size());
        assertEquals("revoked", b.get("refusal").get("rule").asText());
        JsonNode revocation = null;
        for (JsonNode c : b.get("certifications")) {
            if (c.get("type").asText().equals("revocation")) {
                revocation = c;
            }
        }
        assertEquals("compromised", revocation.get("reason").asText());
        assertTrue(revocation.get("hard").asBoolean());
        assertEquals(root, revocation.get("issuer").asText());
    }

    static JsonNode find(JsonNode keys, String fpr) {
        for (JsonNode k : keys) {
            if (k.get("fingerprint").asText().equals(fpr)) {
                return k;
            }
        }
        throw new AssertionError(fpr + " not listed in " + keys);
    }

    @Test
    void exitCodes() throws Exception {
        Files.createDirectories(tmp.resolve("empty"));
        for (String cmd : List.of("status", "keys")) {
            Cli notAStore = Cli.run("store", cmd, "--dir", p("empty"));
            assertEquals(ExitCodes.FAILURE, notAStore.exit, notAStore.toString());
            assertTrue(notAStore.err.startsWith("caravan: ") && notAStore.err.contains(p("empty")), notAStore.toString());
            Cli usage = Cli.run("store", cmd);
            assertEquals(ExitCodes.USAGE, usage.exit, usage.toString());
            assertTrue(usage.err.contains("Missing required option: '--dir=STORE'"), usage.toString());
        }
    }
}
