package org.caravan.tools.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.caravan.tools.Main;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code caravan trust explain} on a maintainer's store folder, driven as from a shell. */
class TrustExplainCommandTest {
    @TempDir
    Path tmp;
    Path store;

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        CommandLine cl = Main.commandLine(o, e, args);
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    static Run ok(String... args) {
        Run r = run(args);
        assertEquals(0, r.exit(), r.toString());
        return r;
    }

    String p(String name) {
        return tmp.resolve(name).toString();
    }

    @BeforeEach
    void storeWithAHelloRelease() throws Exception {
        ok("key", "generate", "--uid", "Root <root@example.org>", "--out", p("root.key"), "--no-passphrase");
        ok("key", "generate", "--uid", "Alice <alice@example.org>", "--out", p("alice.key"), "--no-passphrase");
        Files.writeString(tmp.resolve("alice.asc"), ok("key", "export", p("alice.key")).out());
        store = tmp.resolve("STORE");
        ok("store", "init", "--dir", store.toString(), "--name", "Demo Store", "--root-key", p("root.key"));
        ok("store", "certify", "--dir", store.toString(), "--cert", p("alice.asc"), "--level", "developer", "--scope",
                "category:utilities");
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("hello.txt"), "hello", StandardCharsets.UTF_8);
        ok("package", "build", "--id", "org.example.hello", "--version", "1.0.0", "--from", p("src"), "--out",
                p("hello.car"), "--category", "utilities");
        ok("package", "sign", "--key", p("alice.key"), p("hello.car"));
        ok("store", "add", "--dir", store.toString(), p("hello.car"));
    }

    @Test
    void explainsATrustedReleaseWithItsKeyPath() {
        Run r = ok("trust", "explain", "--dir", store.toString(), "org.example.hello@1.0.0");
        assertTrue(r.out().contains("org.example.hello 1.0.0 (app, category utilities)"), r.toString());
        assertTrue(r.out().contains("trusted, level developer, scope category:utilities"), r.toString());
        assertTrue(r.out().contains("Root <root@example.org>"), r.toString());
        assertTrue(r.out().contains("-> Alice <alice@example.org>"), r.toString());
    }

    @Test
    void aRevokedSignerIsExplainedAsSpuriousWithExit3() {
        ok("store", "revoke", "--yes", "--dir", store.toString(), "--cert", p("alice.asc"), "--reason", "compromised");
        Run r = run("trust", "explain", "--dir", store.toString(), "org.example.hello");
        assertEquals(3, r.exit(), r.toString());
        assertTrue(r.out().contains("refused (revoked)"), r.toString());
        assertTrue(r.out().contains("spurious"), r.toString());
        assertTrue(r.err().startsWith("caravan: org.example.hello 1.0.0 refused (revoked)"), r.toString());
    }

    @Test
    void aReferenceTimeBeforeTheSignatureRefusesIt() {
        Run r = run("trust", "explain", "--dir", store.toString(), "org.example.hello", "--at", "2000-01-01T00:00:00Z");
        assertEquals(3, r.exit(), r.toString());
        assertTrue(r.out().contains("refused (signature time)"), r.toString());
    }

    @Test
    void badInputNamesWhatIsWrong() {
        Run unknown = run("trust", "explain", "--dir", store.toString(), "org.example.nothing");
        assertEquals(1, unknown.exit(), unknown.toString());
        assertTrue(unknown.err().contains("has no release of app org.example.nothing"), unknown.toString());
        Run badTime = run("trust", "explain", "--dir", store.toString(), "org.example.hello", "--at", "yesterday");
        assertEquals(1, badTime.exit(), badTime.toString());
        assertTrue(badTime.err().contains("--at 'yesterday' is not an ISO-8601"), badTime.toString());
    }

    @Test
    void jsonCarriesThePathOrTheRuleAndKeepsExit3() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode doc = mapper.readTree(ok("trust", "explain", "--json", "--dir",
                store.toString(), "org.example.hello").out());
        assertEquals(1, doc.get("caravanJson").asInt());
        assertEquals("trust-explain", doc.get("kind").asText());
        assertEquals("store", doc.get("from").asText());
        com.fasterxml.jackson.databind.JsonNode r = doc.get("releases").get(0);
        assertEquals("org.example.hello", r.get("id").asText());
        assertEquals("1.0.0", r.get("version").asText());
        assertEquals("trusted", r.get("state").asText());
        assertEquals("trusted", r.get("decision").get("outcome").asText());
        assertEquals("developer", r.get("decision").get("level").asText());
        assertEquals("category:utilities", r.get("decision").get("scope").asText());
        assertEquals("Root <root@example.org>", r.get("decision").get("path").get(0).get("userId").asText());
        assertEquals("Alice <alice@example.org>", r.get("decision").get("path").get(1).get("userId").asText());

        ok("store", "revoke", "--yes", "--dir", store.toString(), "--cert", p("alice.asc"), "--reason", "compromised");
        Run refused = run("trust", "explain", "--json", "--dir", store.toString(), "org.example.hello");
        assertEquals(3, refused.exit(), refused.toString());
        com.fasterxml.jackson.databind.JsonNode d = mapper.readTree(refused.out()).get("releases").get(0);
        assertEquals("spurious", d.get("state").asText());
        assertEquals("refused", d.get("decision").get("outcome").asText());
        assertEquals("revoked", d.get("decision").get("rule").asText());
        assertTrue(d.get("decision").get("spurious").asBoolean());
        assertTrue(refused.err().startsWith("caravan: org.example.hello 1.0.0 refused (revoked)"), refused.toString());
        // Neither --dir nor --home: the client home of $CARAVAN_HOME or ~/.caravan, which is not made by explaining.
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("CARAVAN_HOME") == null, "CARAVAN_HOME is set");
        String userHome = System.getProperty("user.home");
        System.setProperty("user.home", tmp.toString());
        try {
            Run noHome = run("trust", "explain", "--json", "org.example.hello");
            assertEquals(1, noHome.exit(), noHome.toString());
            assertTrue(noHome.err().contains("no Caravan home at " + tmp.resolve(".caravan")), noHome.toString());
            assertFalse(java.nio.file.Files.exists(tmp.resolve(".caravan")));
        } finally {
            System.setProperty("user.home", userHome);
        }
    }
}
