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
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code client show} and {@code client status} against a store served on a loopback test network: releases with
 * their signer and trust path, updates available, and a spurious app after its signer's key is revoked.
 */
class ClientReportCliIT {
    static final String HELLO = "org.example.hello";
    static final String CHESS = "org.example.chess";

    @TempDir
    Path tmp;

    String p(String name) {
        return tmp.resolve(name).toString();
    }

    void release(String store, String id, String version, String signer) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src-" + id + version));
        Files.writeString(src.resolve("readme.txt"), id + " " + version, StandardCharsets.UTF_8);
        String car = p(id + "-" + version + ".car");
        ok("package", "build", "--id", id, "--version", version, "--from", src.toString(), "--out", car,
                "--name", id.substring(12), "--summary", "The " + id.substring(12) + " app", "--category", "games");
        ok("package", "sign", "--key", p(signer + ".key"), car);
        ok("store", "add", "--dir", store, car);
    }

    @Test
    void showAndStatusTellReleasesUpdatesAndSpuriousApps() throws Exception {
        try (PublishSubscribeCycleIT.Background testnet = new PublishSubscribeCycleIT.Background("testnet", "--nodes", "3")) {
            testnet.awaitOutput("\n", Duration.ofSeconds(30));
            Thread.sleep(200);
            List<String> nodes = testnet.out.toString().lines().toList();
            for (String k : List.of("root", "alice", "bob")) {
                ok("key", "generate", "--uid", k + " <" + k + "@example.org>", "--out", p(k + ".key"), "--no-passphrase");
                Files.writeString(tmp.resolve(k + ".asc"), ok("key", "export", p(k + ".key")).out);
            }
            String bob = json(ok("key", "show", "--json", p("bob.asc"))).get("keys").get(0).get("fingerprint").asText();
            String store = p("STORE");
            ok("store", "init", "--dir", store, "--name", "Demo Store", "--root-key", p("root.key"));
            ok("store", "certify", "--dir", store, "--cert", p("alice.asc"), "--level", "developer", "--scope", "global");
            ok("store", "certify", "--dir", store, "--cert", p("bob.asc"), "--level", "developer", "--scope", "app:" + CHESS);
            release(store, HELLO, "1.0.0", "alice");
            release(store, CHESS, "1.0.0", "bob");
            String home = p("HOME");
            try (PublishSubscribeCycleIT.Background serve = new PublishSubscribeCycleIT.Background("store", "serve",
                    "--dir", store, "--bootstrap", String.join(",", nodes), "--interval", "1")) {
                serve.awaitOutput("published generation 1", Duration.ofSeconds(30));
                String magnet = serve.out.toString().lines().findFirst().orElseThrow();
                ok("client", "--home", home, "subscribe", magnet, "--bootstrap", nodes.get(0));
                List<String> fresh = ok("client", "--home", home, "status").out.lines().toList();
                // Before the first sync the store is known by its key only.
                assertTrue(fresh.stream().anyMatch(l -> l.matches("store      [0-9a-f]{16}…  never synced \\(caravan client sync\\)")),
                        fresh.toString());
                assertTrue(fresh.contains("installed  0 apps"), fresh.toString());
                ok("client", "--home", home, "sync");
                ok("client", "--home", home, "install", HELLO);
                ok("client", "--home", home, "install", CHESS);
                release(store, HELLO, "1.1.0", "alice");
                serve.awaitOutput("published generation 2", Duration.ofSeconds(30));
                ok("client", "--home", home, "sync");

                Cli show = ok("client", "--home", home, "show", HELLO);
                List<String> lines = show.out.lines().toList();
                assertEquals(HELLO + "  hello", lines.get(0), show.out);
                assertTrue(lines.contains("  summary   The hello app"), show.out);
                assertTrue(lines.contains("  category  games"), show.out);
                assertTrue(lines.stream().anyMatch(l -> l.startsWith("  installed 1.0.0 (since ")), show.out);
                int newest = lines.indexOf(lines.stream().filter(l -> l.startsWith("    1.1.0  ")).findFirst().orElseThrow());
                assertTrue(lines.get(newest).contains("  trusted   alice <alice@example.org> ["), show.out);
                assertEquals("           root <root@example.org> -> alice <alice@example.org> (developer, scope global)",
                        lines.get(newest + 1), show.out);
                assertTrue(lines.get(newest + 2).startsWith("    1.0.0  ") && lines.get(newest + 2).endsWith("(installed)"),
                        show.out);

                JsonNode app = json(ok("client", "--home", home, "show", HELLO, "--json"));
                assertEquals("client-app", app.get("kind").asText());
                assertEquals("1.0.0", app.get("installedVersion").asText());
                assertEquals(2, app.get("releases").size());
                JsonNode r = app.get("releases").get(0);
                assertEquals("1.1.0", r.get("version").asText());
                assertEquals("Demo Store", r.get("store").asText());
                assertTrue(r.get("size").asLong() > 0);
                assertEquals("trusted", r.get("state").asText());
                assertEquals("alice <alice@example.org>", r.get("signerUserId").asText());
                assertEquals("developer", r.get("decision").get("level").asText());
                assertEquals(2, r.get("decision").get("path").size());

                List<String> status = ok("client", "--home", home, "status").out.lines().toList();
                assertTrue(status.stream().anyMatch(l -> l.startsWith("store      Demo Store  generation 2, synced ")
                        && l.contains(", fresh until ")), status.toString());
                assertTrue(status.contains("installed  2 apps"), status.toString());
                assertTrue(status.contains("update     " + HELLO + " 1.0.0 -> 1.1.0 (caravan client update " + HELLO + ")"),
                        status.toString());
                assertTrue(status.stream().anyMatch(l -> l.startsWith("network    loopback test network via 127.0.0.1:")),
                        status.toString());

                ok("store", "revoke", "--yes", "--dir", store, "--cert", p("bob.asc"), "--reason", "compromised");
                serve.awaitOutput("published generation 3", Duration.ofSeconds(30));
                ok("client", "--home", home, "sync");
            }
            // A refused release is reported, not an error: exit 0; trust explain keeps its exit 3.
            Cli chess = ok("client", "--home", home, "show", CHESS);
            assertTrue(chess.out.contains("  spurious  bob <bob@example.org> [" + bob + "]  (installed)"), chess.out);
            assertTrue(chess.out.contains("revoked: "), chess.out);
            JsonNode c = json(ok("client", "--home", home, "show", CHESS, "--json")).get("releases").get(0);
            assertEquals("spurious", c.get("state").asText());
            assertEquals("refused", c.get("decision").get("outcome").asText());
            assertEquals("revoked", c.get("decision").get("rule").asText());
            assertEquals(bob, c.get("decision").get("key").asText());
            Cli explain = Cli.run("trust", "explain", "--home", home, CHESS, "--json");
            assertEquals(ExitCodes.REFUSED, explain.exit, explain.toString());
            JsonNode e = json(explain).get("releases").get(0);
            assertEquals("spurious", e.get("state").asText());
            assertEquals("revoked", e.get("decision").get("rule").asText());

            List<String> status = ok("client", "--home", home, "status").out.lines().toList();
            assertTrue(status.contains("SPURIOUS   " + CHESS + " 1.0.0: its signer was revoked; remove it: caravan client "
                    + "remove " + CHESS), status.toString());
            JsonNode s = json(ok("client", "--home", home, "status", "--json"));
            assertEquals("client-status", s.get("kind").asText());
            assertEquals(1, s.get("stores").size());
            assertEquals(3, s.get("stores").get(0).get("generation").asLong());
            assertEquals("fresh", s.get("stores").get(0).get("freshness").asText());
            assertEquals(2, s.get("installed").asInt());
            assertEquals(HELLO, s.get("updates").get(0).get("id").asText());
            assertEquals("1.1.0", s.get("updates").get(0).get("available").asText());
            assertEquals(CHESS, s.get("spurious").get(0).get("id").asText());
            assertEquals("loopback", s.get("network").get("mode").asText());
            assertFalse(s.get("network").get("bootstrap").isEmpty());

            // list, search and stores speak JSON too, with what their text says.
            JsonNode list = json(ok("client", "--home", home, "list", "--json"));
            assertEquals("client-list", list.get("kind").asText());
            JsonNode chessEntry = null;
            for (JsonNode a : list.get("apps")) {
                if (a.get("id").asText().equals(CHESS)) {
                    chessEntry = a;
                }
            }
            assertEquals("spurious", chessEntry.get("state").asText(), list.toString());
            assertEquals("1.0.0", chessEntry.get("installedVersion").asText());
            assertEquals(bob, chessEntry.get("signerFingerprint").asText());
            JsonNode found = json(ok("client", "--home", home, "search", "--json", "--category", "games"));
            assertEquals("client-search", found.get("kind").asText());
            assertTrue(found.get("apps").size() >= 1, found.toString());
            JsonNode stores = json(ok("client", "--home", home, "stores", "--json"));
            assertEquals("client-stores", stores.get("kind").asText());
            assertEquals(3, stores.get("stores").get(0).get("generation").asLong());
            assertTrue(stores.get("stores").get(0).get("magnet").asText().startsWith("magnet:?xs=urn:btpk:"));

            Cli unknown = Cli.run("client", "--home", home, "show", "org.example.nothing");
            assertEquals(ExitCodes.FAILURE, unknown.exit, unknown.toString());
            assertTrue(unknown.err.startsWith("caravan: no subscribed store lists org.example.nothing"), unknown.toString());
            assertEquals(ExitCodes.USAGE, Cli.run("client", "--home", home, "show").exit);
            assertEquals(ExitCodes.USAGE, Cli.run("client", "--home", home, "status", "extra").exit);
        }
    }
}
