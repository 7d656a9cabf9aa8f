package org.caravan.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cycle the README shows, by command line only: a test network, a store served on it, a client that
 * subscribes, syncs, lists and installs, a revocation while the store is served, and its effect.
 */
class PublishSubscribeCycleIT {
    @TempDir
    Path tmp;

    /** A long-running command in a thread of its own, stopped by interrupt as Ctrl-C would stop it. */
    static final class Background implements AutoCloseable {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final AtomicInteger exit = new AtomicInteger(-1);
        final Thread thread;

        Background(String... args) {
            thread = new Thread(() -> exit.set(Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), args)
                    .execute(args)), "caravan " + args[0]);
            thread.start();
        }

        String awaitOutput(String part, Duration timeout) throws InterruptedException {
            long end = System.nanoTime() + timeout.toNanos();
            while (!out.toString().contains(part)) {
                if (System.nanoTime() > end || !thread.isAlive()) {
                    throw new AssertionError("no '" + part + "' in time; out:\n" + out + "\nerr:\n" + err);
                }
                Thread.sleep(50);
            }
            return out.toString();
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join(10_000);
        }
    }

    String p(String name) {
        return tmp.resolve(name).toString();
    }

    static Cli ok(String... args) {
        Cli c = Cli.run(args);
        assertEquals(0, c.exit, c.toString());
        return c;
    }

    @Test
    void publishSubscribeInstallRevoke() throws Exception {
        try (Background testnet = new Background("testnet", "--nodes", "3")) {
            testnet.awaitOutput("\n", Duration.ofSeconds(30));
            Thread.sleep(200);
            List<String> nodes = testnet.out.toString().lines().toList();
            assertEquals(3, nodes.size(), testnet.out.toString());
            nodes.forEach(n -> assertTrue(n.matches("127\\.0\\.0\\.1:\\d+"), n));
            String bootstrap = String.join(",", nodes);

            ok("key", "generate", "--uid", "Root <root@example.org>", "--out", p("root.key"), "--no-passphrase");
            ok("key", "generate", "--uid", "Alice <alice@example.org>", "--out", p("alice.key"), "--no-passphrase");
            Files.writeString(tmp.resolve("alice.asc"), ok("key", "export", p("alice.key")).out);
            String store = p("STORE");
            ok("store", "init", "--dir", store, "--name", "Demo Store", "--root-key", p("root.key"));
            ok("store", "certify", "--dir", store, "--cert", p("alice.asc"), "--level", "developer", "--scope", "global");
            for (String id : new String[] {"org.example.hello", "org.example.notes"}) {
                Path src = Files.createDirectories(tmp.resolve("src-" + id));
                Files.writeString(src.resolve("README.txt"), id, StandardCharsets.UTF_8);
                ok("package", "build", "--id", id, "--version", "1.0.0", "--from", src.toString(), "--out", p(id + ".car"));
                ok("package", "sign", "--key", p("alice.key"), p(id + ".car"));
                ok("store", "add", "--dir", store, p(id + ".car"));
            }

            try (Background serve = new Background("store", "serve", "--dir", store, "--bootstrap", bootstrap,
                    "--interval", "1")) {
                serve.awaitOutput("published generation 1", Duration.ofSeconds(30));
                String magnet = serve.out.toString().lines().findFirst().orElseThrow();
                assertTrue(magnet.startsWith("magnet:?xs=urn:btpk:"), magnet);
                // The magnet stays bare for scripts; what serve logs afterwards carries its time.
                assertTrue(serve.out.toString().lines().skip(1).allMatch(
                        l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ .+")), serve.out.toString());

                String home = p("HOME");
                ok("client", "--home", home, "subscribe", magnet, "--bootstrap", nodes.get(0));
                assertTrue(ok("client", "--home", home, "sync").out.contains("generation 1, 2 apps"));
                Cli found = ok("client", "--home", home, "search", "notes");
                assertEquals(1, found.out.lines().count(), found.out);
                assertTrue(found.out.startsWith("org.example.notes 1.0.0 trusted"), found.out);
                assertEquals("", ok("client", "--home", home, "search", "notes", "--category", "games").out);
                Cli list = ok("client", "--home", home, "list");
                assertEquals(List.of("org.example.hello 1.0.0 trusted", "org.example.notes 1.0.0 trusted"),
                        list.out.lines().toList());
                Cli installed = ok("client", "--home", home, "install", "org.example.hello");
                assertTrue(installed.out.contains("installed org.example.hello 1.0.0"), installed.out);
                assertTrue(installed.out.contains("-> Alice <alice@example.org>"), installed.out);
                assertEquals("org.example.hello",
                        Files.readString(Path.of(home, "apps", "org.example.hello", "1.0.0", "README.txt")));

                ok("store", "revoke", "--yes", "--dir", store, "--cert", p("alice.asc"), "--reason", "compromised");
                serve.awaitOutput("published generation 2", Duration.ofSeconds(30));
                // The sync that brings the revocation says what it did to the installed app, once.
                List<String> synced = ok("client", "--home", home, "sync").out.lines().toList();
                assertEquals(2, synced.size(), synced.toString());
                assertTrue(synced.get(0).contains("generation 2"), synced.toString());
                assertTrue(synced.get(1).startsWith("org.example.hello 1.0.0 is no longer trusted: refused (revoked)")
                        && synced.get(1).endsWith("it will not start (remove it: caravan client remove org.example.hello)"),
                        synced.get(1));
                assertEquals(1, ok("client", "--home", home, "sync").out.lines().count());
                assertEquals(List.of("org.example.hello 1.0.0 spurious installed=1.0.0",
                        "    spurious: its signer was revoked; it will not run. Remove it: caravan client remove org.example.hello",
                        "org.example.notes 1.0.0 spurious"),
                        ok("client", "--home", home, "list").out.lines().toList());
                Cli refused = Cli.run("client", "--home", home, "install", "org.example.notes");
                assertEquals(ExitCodes.REFUSED, refused.exit, refused.toString());
                assertTrue(refused.err.contains("refused (revoked)"), refused.toString());
            }
        }
    }
}
