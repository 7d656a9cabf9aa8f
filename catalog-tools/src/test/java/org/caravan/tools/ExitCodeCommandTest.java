package org.caravan.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exit codes the user guide's table promises, each on real commands: 0 done or nothing to do, 1 failure,
 * 2 usage (also a destructive command without --yes and no terminal), 3 refused. Tests run without a
 * terminal, as a script does.
 */
class ExitCodeCommandTest {
    static final String MAGNET = "magnet:?xs=urn:btpk:" + "ab".repeat(32) + "&s=6361726176616e2d636174616c6f67";

    @TempDir
    Path tmp;
    String store;

    String p(String name) {
        return tmp.resolve(name).toString();
    }

    static Cli code(int expected, String... args) {
        Cli c = Cli.run(args);
        assertEquals(expected, c.exit, c.toString());
        return c;
    }

    @BeforeEach
    void storeWithAlice() throws Exception {
        code(0, "key", "generate", "--uid", "Root <root@example.org>", "--out", p("root.key"), "--no-passphrase");
        code(0, "key", "generate", "--uid", "Alice <alice@example.org>", "--out", p("alice.key"), "--no-passphrase");
        Files.writeString(tmp.resolve("alice.asc"), code(0, "key", "export", p("alice.key")).out);
        store = p("store");
        code(0, "store", "init", "--dir", store, "--name", "Demo Store", "--root-key", p("root.key"));
        code(0, "store", "certify", "--dir", store, "--cert", p("alice.asc"), "--level", "developer", "--scope", "global");
        Files.createDirectories(tmp.resolve("src"));
        Files.writeString(tmp.resolve("src/run.sh"), "echo hi\n", StandardCharsets.UTF_8);
    }

    @Test
    void nothingToDoIsZeroWithAMessage() {
        String home = p("home");
        code(0, "client", "--home", home, "subscribe", MAGNET);
        assertTrue(code(0, "client", "--home", home, "subscribe", MAGNET).out.startsWith("already subscribed to "));
        assertTrue(code(0, "client", "remove", "--home", home, "org.example.hello").out
                .contains("org.example.hello is not installed: nothing to remove"));
        assertTrue(code(0, "client", "--home", home, "unhold", "org.example.hello").out.contains("was not held"));
        assertTrue(code(0, "client", "--home", home, "update", "--all").out.contains("no app is installed"));
    }

    /** What stood in the way exits 1, not 3: no rule refused it, and the message says what to do. */
    @Test
    void anAppNoStoreListsIsAFailureNotARefusal() {
        String home = p("home");
        code(0, "client", "--home", home, "subscribe", MAGNET);
        assertTrue(code(1, "client", "--home", home, "install", "org.example.hello").err
                .contains("no subscribed store lists org.example.hello (run sync?)"));
        assertTrue(code(1, "client", "--home", home, "update", "org.example.hello").err
                .contains("org.example.hello is not installed (install it first)"));
        assertTrue(code(1, "client", "--home", home, "rollback", "org.example.hello").err
                .contains("not rolled back: org.example.hello: is not installed"));
        assertTrue(code(1, "client", "--home", home, "repair", "org.example.hello").err
                .contains("not repaired: org.example.hello: is not installed"));
    }

    @Test
    void aMissingHomeIsAFailureAndIsNotCreated() {
        Path typo = tmp.resolve("hmoe");
        for (String cmd : new String[] {"list", "stores", "status", "verify"}) {
            Cli c = code(1, "client", "--home", typo.toString(), cmd);
            assertTrue(c.err.contains("no Caravan home at " + typo.toAbsolutePath()
                    + " (create it with `caravan client subscribe ...` or check --home)"), c.toString());
        }
        code(1, "client", "show", "--home", typo.toString(), "org.example.hello");
        code(1, "client", "search", "--home", typo.toString(), "hello");
        assertFalse(Files.exists(typo), "a read-only command created " + typo);
    }

    @Test
    void failureUsageAndRefusal() throws Exception {
        Cli missing = code(1, "package", "verify", "--dir", store, p("nothing.car"));
        assertTrue(missing.err.startsWith("caravan: "), missing.toString());
        code(2, "store", "certfy", "--dir", store);
        code(2, "client", "--home", p("home"), "install");
        // A package by a key the store never certified: refused.
        code(0, "key", "generate", "--uid", "Mallory <m@example.org>", "--out", p("mallory.key"), "--no-passphrase");
        code(0, "package", "build", "--id", "org.example.hello", "--version", "1.0.0", "--from", p("src"),
                "--out", p("hello.car"), "--launch", "run.sh");
        code(0, "package", "sign", "--key", p("mallory.key"), p("hello.car"));
        // Without a store folder, against a certificate (as gpgv): signed by Mallory, not by Alice.
        Files.writeString(tmp.resolve("mallory.asc"), code(0, "key", "export", p("mallory.key")).out);
        assertTrue(code(0, "package", "verify", "--cert", p("mallory.asc"), p("hello.car")).out
                .startsWith("org.example.hello 1.0.0 signed by Mallory <m@example.org>"));
        Cli notAlice = code(3, "package", "verify", "--cert", p("alice.asc"), p("hello.car"));
        assertTrue(notAlice.err.contains("carries no valid signature by Alice <alice@example.org>"), notAlice.toString());
        code(2, "package", "verify", "--cert", p("alice.asc"), "--dir", store, p("hello.car"));
        Cli refused = code(3, "package", "verify", "--dir", store, p("hello.car"));
        assertTrue(refused.err.startsWith("caravan: org.example.hello 1.0.0 refused"), refused.toString());
    }

    @Test
    void buildDoesNotReplaceAPackageWithoutForce() throws Exception {
        String[] build = {"package", "build", "--id", "org.example.hello", "--version", "1.0.0", "--from", p("src"),
                "--out", p("hello.car"), "--launch", "run.sh"};
        code(0, build);
        byte[] first = Files.readAllBytes(tmp.resolve("hello.car"));
        Files.writeString(tmp.resolve("src/more.txt"), "more\n");
        Cli again = code(1, build);
        assertTrue(again.err.contains(p("hello.car") + " exists: not replaced (pass --force"), again.toString());
        assertEquals(new String(first, StandardCharsets.ISO_8859_1),
                new String(Files.readAllBytes(tmp.resolve("hello.car")), StandardCharsets.ISO_8859_1));
        String[] forced = java.util.Arrays.copyOf(build, build.length + 1);
        forced[build.length] = "--force";
        assertTrue(code(0, forced).out.contains("(2 files,"));
    }

    @Test
    void destructiveCommandsNeedYesWithoutATerminalAndDryRunChangesNothing() throws Exception {
        Cli keysBefore = code(0, "store", "keys", "--dir", store);
        Cli noYes = code(2, "store", "revoke", "--dir", store, "--cert", p("alice.asc"), "--reason", "retired");
        assertTrue(noYes.err.contains("caravan: store revoke would revoke Alice <alice@example.org>") && noYes.err.contains("pass --yes"),
                noYes.toString());
        Cli dry = code(0, "store", "revoke", "--dir", store, "--cert", p("alice.asc"), "--reason", "retired", "--dry-run");
        assertTrue(dry.out.startsWith("would revoke Alice <alice@example.org>"), dry.toString());
        assertEquals(keysBefore.out, code(0, "store", "keys", "--dir", store).out, "nothing changed");

        code(2, "key", "revoke", "--key", p("alice.key"), "--reason", "retired", "--out", p("alice-revoked.asc"));
        code(0, "key", "revoke", "--key", p("alice.key"), "--reason", "retired", "--out", p("alice-revoked.asc"), "--dry-run");
        assertFalse(Files.exists(tmp.resolve("alice-revoked.asc")));

        code(0, "key", "generate", "--uid", "Bob <bob@example.org>", "--out", p("bob.key"), "--no-passphrase");
        code(2, "store", "root", "rotate", "--dir", store, "--add", p("bob.key"), "--threshold", "2");
        assertTrue(code(0, "store", "root", "list", "--dir", store).out.contains("1 of 1"));

        code(0, "store", "revoke", "--yes", "--dir", store, "--cert", p("alice.asc"), "--reason", "retired");
        assertTrue(code(0, "store", "keys", "--dir", store).out.contains("retired"));

        String home = p("home");
        code(0, "client", "--home", home, "subscribe", MAGNET);
        code(2, "client", "--home", home, "unsubscribe", MAGNET);
        assertTrue(code(0, "client", "--home", home, "stores").out.contains("ababab"));
        assertTrue(code(0, "client", "--home", home, "unsubscribe", MAGNET, "--yes").out.startsWith("unsubscribed"));
    }
}
