package org.caravan.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.caravan.tools.PublishSubscribeCycleIT.Background;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-certification end to end, by command line only (issue 10, item 7): store A certifies store B's root for
 * games and keeps B's keyring; B's developer's games are then added to A, admitted from the developer's
 * channel, published in A's catalog and installed on a client, with the path through B's root shown. Outside
 * the scope they stay refused.
 */
class CrossCertificationCycleIT {
    @TempDir
    Path tmp;

    String p(String name) {
        return tmp.resolve(name).toString();
    }

    static Cli ok(String... args) {
        Cli c = Cli.run(args);
        assertEquals(0, c.exit, c.toString());
        return c;
    }

    Path game(String id, String category) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src-" + id));
        Files.writeString(src.resolve("README.txt"), id, StandardCharsets.UTF_8);
        ok("package", "build", "--id", id, "--version", "1.0.0", "--from", src.toString(), "--out", p(id + ".car"),
                "--category", category);
        ok("package", "sign", "--key", p("bea.key"), p(id + ".car"));
        return tmp.resolve(id + ".car");
    }

    @Test
    void anotherStoresDeveloperShipsThroughThisStoreWithinTheCrossCertifiedScope() throws Exception {
        try (Background testnet = new Background("testnet", "--nodes", "3")) {
            testnet.awaitOutput("\n", Duration.ofSeconds(30));
            Thread.sleep(200);
            List<String> nodes = testnet.out.toString().lines().toList();
            String bootstrap = String.join(",", nodes);

            for (String k : List.of("a-root", "b-root", "bea")) {
                ok("key", "generate", "--uid", k + " <" + k + "@example.org>", "--out", p(k + ".key"), "--no-passphrase");
                Files.writeString(tmp.resolve(k + ".asc"), ok("key", "export", p(k + ".key")).out);
            }
            String a = p("A");
            String b = p("B");
            ok("store", "init", "--dir", a, "--name", "Store A", "--root-key", p("a-root.key"));
            ok("store", "init", "--dir", b, "--name", "Store B", "--root-key", p("b-root.key"));
            ok("store", "certify", "--dir", b, "--cert", p("bea.asc"), "--level", "developer", "--scope", "global");

            // A trusts B's developers for games: it certifies B's root, and keeps B's keyring to judge them by.
            Path chess = game("org.b.chess", "games");
            ok("store", "certify", "--dir", a, "--cert", p("b-root.asc"), "--level", "developer", "--scope",
                    "category:games");
            Cli before = Cli.run("store", "add", "--dir", a, chess.toString());
            assertEquals(ExitCodes.REFUSED, before.exit, "without B's keyring A cannot check Bea's signature: " + before);
            Files.writeString(tmp.resolve("b-keyring.asc"), ok("store", "keyring", "--dir", b).out);
            ok("store", "import", "--dir", a, "--store", p("b-keyring.asc"));
            ok("store", "add", "--dir", a, chess.toString());
            Cli explained = ok("trust", "explain", "--dir", a, "org.b.chess");
            assertTrue(explained.out.contains("-> b-root <b-root@example.org>") && explained.out.contains("-> bea <"),
                    explained.out);
            Cli outside = Cli.run("store", "add", "--dir", a, game("org.b.editor", "tools").toString());
            assertEquals(ExitCodes.REFUSED, outside.exit, "tools are outside the cross-certification: " + outside);

            try (Background serveB = new Background("store", "serve", "--dir", b, "--bootstrap", bootstrap,
                    "--interval", "1");
                    Background serveA = new Background("store", "serve", "--dir", a, "--bootstrap", bootstrap,
                            "--interval", "1", "--collect-interval", "1")) {
                serveB.awaitOutput("published generation 1", Duration.ofSeconds(60));
                serveA.awaitOutput("published generation 1", Duration.ofSeconds(60));
                // Bea ships a game through her own channel: A's server admits it (B's does too).
                Path puzzle = game("org.b.puzzle", "games");
                try (Background channel = new Background("package", "publish", "--key", p("bea.key"), "--bootstrap",
                        nodes.get(0), "--dir", p("bea-channel"), puzzle.toString())) {
                    channel.awaitOutput("published release list 1", Duration.ofSeconds(60));
                    serveA.awaitOutput("admitted org.b.puzzle 1.0.0 from the channel of bea <bea@example.org>",
                            Duration.ofSeconds(120));
                    serveA.awaitOutput("published generation 2", Duration.ofSeconds(60));
                }

                String home = p("HOME");
                String magnetA = serveA.out.toString().lines().findFirst().orElseThrow();
                String magnetB = serveB.out.toString().lines().findFirst().orElseThrow();
                ok("client", "--home", home, "subscribe", magnetA, "--bootstrap", nodes.get(0));
                ok("client", "--home", home, "subscribe", magnetB);
                Cli synced = ok("client", "--home", home, "sync");
                assertTrue(synced.out.contains("Store A: generation 2, 2 apps"), synced.out);
                Cli installed = ok("client", "--home", home, "install", "org.b.chess");
                assertTrue(installed.out.contains("installed org.b.chess 1.0.0"), installed.out);
                assertTrue(installed.out.contains("a-root <a-root@example.org>") && installed.out.contains("-> b-root <")
                        && installed.out.contains("-> bea <"), installed.out);
                Cli why = ok("trust", "explain", "--home", home, "org.b.chess");
                assertTrue(why.out.contains("from Store A: trusted")
                        && why.out.contains("key of store Store B, whose root this store cross-certified for scope "
                                + "category:games"), why.out);
                assertEquals("org.b.chess",
                        Files.readString(Path.of(home, "apps", "org.b.chess", "1.0.0", "README.txt")));
            }
        }
    }
}
