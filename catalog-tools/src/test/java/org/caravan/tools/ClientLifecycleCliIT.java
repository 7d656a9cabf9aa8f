package org.caravan.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.caravan.core.plugin.testing.PluginJars;
import org.caravan.tools.demo.plugin.ReleaseFactsPanel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** update, downgrade, rollback, run and remove by command line, against a store served on a test network. */
class ClientLifecycleCliIT {
    static final String HELLO = "org.example.hello";
    static final String FACTS = "org.example.facts";

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

    /** Builds, signs and adds HELLO at {@code version}: a script that writes its version to the file named by $1. */
    void release(String store, String version) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src-" + version));
        Path script = src.resolve("hello.sh");
        Files.writeString(script, "#!/bin/sh\necho " + version + " > \"$1\"\nexit 5\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        String car = p("hello-" + version + ".car");
        ok("package", "build", "--id", HELLO, "--version", version, "--launch", "hello.sh", "--from", src.toString(),
                "--out", car);
        ok("package", "sign", "--key", p("alice.key"), car);
        ok("store", "add", "--dir", store, car);
    }

    /**
     * Builds the demo's app-page panel into a plugin the way a plugin author would from a shell: the class
     * in a jar, {@code package build --type plugin} naming how to load it, {@code package sign}, {@code store add}.
     */
    void plugin(String store) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src-facts"));
        PluginJars.jar(src.resolve("lib/facts.jar"), ReleaseFactsPanel.class);
        String car = p("facts.car");
        ok("package", "build", "--id", FACTS, "--version", "1.0.0", "--type", "plugin", "--from", src.toString(),
                "--extension-point", "app-page-panel", "--main-class", ReleaseFactsPanel.class.getName(),
                "--class-path", "lib/facts.jar", "--requires-client", "0.1.0", "--out", car);
        ok("package", "sign", "--key", p("alice.key"), car);
        ok("store", "add", "--dir", store, car);
    }

    @Test
    void updateRollbackRunRemove() throws Exception {
        try (PublishSubscribeCycleIT.Background testnet = new PublishSubscribeCycleIT.Background("testnet", "--nodes", "3")) {
            testnet.awaitOutput("\n", Duration.ofSeconds(30));
            Thread.sleep(200);
            List<String> nodes = testnet.out.toString().lines().toList();
            String bootstrap = String.join(",", nodes);
            ok("key", "generate", "--uid", "Root <root@example.org>", "--out", p("root.key"), "--no-passphrase");
            ok("key", "generate", "--uid", "Alice <alice@example.org>", "--out", p("alice.key"), "--no-passphrase");
            Files.writeString(tmp.resolve("alice.asc"), ok("key", "export", p("alice.key")).out);
            String store = p("STORE");
            ok("store", "init", "--dir", store, "--name", "Demo Store", "--root-key", p("root.key"));
            ok("store", "certify", "--dir", store, "--cert", p("alice.asc"), "--level", "developer", "--scope", "global");
            release(store, "1.0.0");
            plugin(store);
            String home = p("HOME");
            try (PublishSubscribeCycleIT.Background serve = new PublishSubscribeCycleIT.Background("store", "serve",
                    "--dir", store, "--bootstrap", bootstrap, "--interval", "1")) {
                serve.awaitOutput("published generation 1", Duration.ofSeconds(30));
                String magnet = serve.out.toString().lines().findFirst().orElseThrow();
                // A developer without the store folder asks the served store whether it trusts a package.
                Cli trusted = ok("package", "verify", "--store", magnet, "--bootstrap", nodes.get(0), p("hello-1.0.0.car"));
                assertTrue(trusted.out.startsWith(HELLO + " 1.0.0 trusted") && trusted.out.contains("Alice <alice@example.org>")
                        && trusted.out.endsWith(" (store Demo Store, generation 1)\n"), trusted.toString());
                String mallory = ok("key", "generate", "--uid", "Mallory <m@example.org>", "--out", p("mallory.key"),
                        "--no-passphrase").out.split(" ")[0];
                Files.copy(tmp.resolve("hello-1.0.0.car"), tmp.resolve("mallory.car"));
                ok("package", "sign", "--key", p("mallory.key"), p("mallory.car"));
                Cli untrusted = Cli.run("package", "verify", "--store", magnet, "--bootstrap", nodes.get(0), p("mallory.car"));
                assertEquals(ExitCodes.REFUSED, untrusted.exit, untrusted.toString());
                assertTrue(untrusted.err.startsWith("caravan: " + HELLO + " 1.0.0 refused") && untrusted.err.toUpperCase(java.util.Locale.ROOT).contains(mallory.toUpperCase(java.util.Locale.ROOT))
                        && untrusted.err.contains("(store Demo Store, generation 1)"), untrusted.toString());
                ok("client", "--home", home, "subscribe", magnet, "--bootstrap", nodes.get(0));
                ok("client", "--home", home, "sync");
                ok("client", "--home", home, "install", HELLO);
                assertEquals(HELLO + " 1.0.0 is installed already: nothing to do\n",
                        ok("client", "--home", home, "install", HELLO).out);
                ok("client", "--home", home, "install", FACTS);
                assertEquals(List.of(FACTS + " 1.0.0 app-page-panel enabled"),
                        ok("client", "--home", home, "plugin", "list").out.lines().toList());
                assertEquals(List.of("[Release facts] (" + FACTS + ")",
                                HELLO + " 1.0.0 (" + HELLO + "), category utilities; installed 1.0.0"),
                        ok("client", "--home", home, "plugin", "page", HELLO).out.lines().toList());
                assertTrue(ok("client", "--home", home, "update", "--all").out.contains(HELLO + " 1.0.0 is up to date"));

                release(store, "2.0.0");
                serve.awaitOutput("published generation 2", Duration.ofSeconds(30));
                ok("client", "--home", home, "sync");
                Cli updated = ok("client", "--home", home, "update", "--all");
                assertTrue(updated.out.contains("updated org.example.hello 1.0.0 -> 2.0.0"), updated.toString());

                Cli down = Cli.run("client", "--home", home, "install", HELLO, "--release", "1.0.0");
                assertEquals(ExitCodes.REFUSED, down.exit, down.toString());
                assertTrue(down.err.contains("--allow-downgrade"), down.toString());
            }
            Path out = tmp.resolve("ran.txt");
            Cli run = Cli.run("client", "--home", home, "run", HELLO, "--", out.toString());
            assertEquals(5, run.exit, run.toString());
            assertEquals("2.0.0\n", Files.readString(out));

            // The installed script edited after install (same size): verify lists it, run refuses it.
            Path script = Path.of(home, "apps", HELLO, "2.0.0", "hello.sh");
            String original = Files.readString(script);
            Files.writeString(script, original.replace("exit 5", "exit 6"));
            Cli changed = Cli.run("client", "--home", home, "verify");
            assertEquals(ExitCodes.REFUSED, changed.exit, changed.toString());
            assertTrue(changed.out.contains(FACTS + " 1.0.0: 1 file intact\n"), changed.toString());
            assertTrue(changed.out.contains(HELLO + " 2.0.0: CHANGED since install, in ")
                    && changed.out.contains("\n    modified   hello.sh\n"), changed.toString());
            Cli refusedRun = Cli.run("client", "--home", home, "run", HELLO, "--", out.toString());
            assertEquals(ExitCodes.REFUSED, refusedRun.exit, refusedRun.toString());
            assertTrue(refusedRun.err.contains("was changed after install: modified hello.sh")
                    && refusedRun.err.contains("caravan client verify " + HELLO), refusedRun.toString());
            Cli json = Cli.run("client", "--home", home, "verify", HELLO, "--json");
            assertEquals(ExitCodes.REFUSED, json.exit, json.toString());
            assertTrue(json.out.contains("\"state\" : \"changed\"") && json.out.contains("\"hello.sh\""), json.toString());
            // What a script reads: one JSON document of docs/json.md's shape, whatever the exit code.
            var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out);
            assertEquals("client-verify", doc.path("kind").asText(), json.toString());
            assertEquals(1, doc.path("caravanJson").asInt(), json.toString());
            assertFalse(doc.path("ok").asBoolean(true), json.toString());
            assertEquals("hello.sh", doc.path("apps").path(0).path("modified").path(0).asText(), json.toString());
            assertEquals("repaired " + HELLO + " 2.0.0 from its signed package\n",
                    ok("client", "--home", home, "repair", HELLO).out);
            assertEquals(original, Files.readString(script));
            assertEquals(HELLO + " 2.0.0: 1 file intact\n", ok("client", "--home", home, "verify", HELLO).out);

            assertEquals("rolled back org.example.hello 2.0.0 -> 1.0.0 (held there: updates pass it by until caravan "
                    + "client unhold org.example.hello)\n", ok("client", "--home", home, "rollback", HELLO).out);
            assertEquals(List.of(FACTS + " 1.0.0 trusted installed=1.0.0", "org.example.hello 2.0.0 trusted installed=1.0.0 held"),
                    ok("client", "--home", home, "list").out.lines().toList());
            // A rollback holds: update --all passes the app by and says so, until the user releases it.
            Cli all = ok("client", "--home", home, "update", "--all");
            assertTrue(all.out.contains("org.example.hello 1.0.0 is held: not updated (caravan client unhold org.example.hello)"),
                    all.toString());
            assertTrue(ok("client", "--home", home, "show", HELLO, "--json").out.contains("\"heldSince\" : \""));
            assertTrue(ok("client", "--home", home, "hold", HELLO).out.contains("is held already"));
            assertTrue(ok("client", "--home", home, "unhold", HELLO).out.contains("is no longer held"));
            assertTrue(ok("client", "--home", home, "list", "--json").out.contains("\"held\" : false"));
            assertTrue(ok("client", "--home", home, "hold", HELLO).out.startsWith("org.example.hello 1.0.0 is held:"));
            assertEquals(5, Cli.run("client", "--home", home, "run", HELLO, "--", out.toString()).exit);
            assertEquals("1.0.0\n", Files.readString(out));
            // No earlier version kept: nothing refused it, there is nothing to return to (exit 1).
            Cli again = Cli.run("client", "--home", home, "rollback", HELLO);
            assertEquals(ExitCodes.FAILURE, again.exit, again.toString());
            assertTrue(again.err.contains("no previous version is kept (only 1.0.0 is installed)"), again.toString());

            assertEquals("removed org.example.hello 1.0.0\n", ok("client", "--home", home, "remove", "--yes", HELLO).out);
            assertFalse(Files.exists(Path.of(home, "apps", HELLO)));
            Cli gone = Cli.run("client", "--home", home, "run", HELLO);
            assertEquals(ExitCodes.FAILURE, gone.exit, gone.toString()); // nothing refused it: it is not there
            assertTrue(gone.err.contains("is not installed"), gone.toString());
            Cli usage = Cli.run("client", "--home", home, "update");
            assertEquals(ExitCodes.USAGE, usage.exit, usage.toString());
        }
    }
}
