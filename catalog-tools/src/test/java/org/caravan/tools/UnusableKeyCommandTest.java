package org.caravan.tools;

import static org.caravan.tools.CommandLineTest.fails;
import static org.caravan.tools.CommandLineTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys made by gpg and sq that cannot do the job are refused when {@code package sign} or
 * {@code store certify} runs (exit 1, bad input: one line with the key, the reason and the fix), and nothing
 * is written: not later, on every client, as an untrusted package. Skipped where gpg or sq is missing.
 */
class UnusableKeyCommandTest {
    @TempDir
    Path tmp;
    Path gnupg;
    Path store;
    Path pkg;

    String p(String name) {
        return tmp.resolve(name).toString();
    }

    @BeforeEach
    void storeAndTools() throws Exception {
        Assumptions.assumeTrue(tool("gpg") && tool("sq"), "gpg and sq are needed");
        gnupg = Files.createDirectory(tmp.resolve("gnupg"));
        Files.setPosixFilePermissions(gnupg, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        ok("key", "generate", "--uid", "Root <root@example.org>", "--out", p("root.key"), "--no-passphrase");
        store = tmp.resolve("STORE");
        ok("store", "init", "--dir", store.toString(), "--name", "Demo Store", "--root-key", p("root.key"));
        pkg = tmp.resolve("app.car");
        Files.writeString(pkg, "a package", StandardCharsets.UTF_8);
    }

    /** Stops the gpg-agent the test's gpg home started. */
    @org.junit.jupiter.api.AfterEach
    void stopAgent() throws Exception {
        if (gnupg != null) {
            Process p = new ProcessBuilder("gpgconf", "--homedir", gnupg.toString(), "--kill", "gpg-agent")
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(20, TimeUnit.SECONDS);
        }
    }

    static boolean tool(String name) {
        try {
            Process p = new ProcessBuilder(name, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
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

    String gpgFingerprint(String uid) throws Exception {
        return exec("gpg", "--with-colons", "--list-keys", uid).lines().filter(l -> l.startsWith("fpr:")).findFirst()
                .orElseThrow().split(":")[9];
    }

    @Test
    void packageSignWithAKeyThatCannotSignIsRefused() throws Exception {
        exec("sq", "key", "generate", "--userid", "<nosign@example.org>", "--cannot-sign", "--export", "nosign.key");
        Cli c = fails(ExitCodes.FAILURE, "is not signing capable", "package", "sign", "--key", p("nosign.key"), pkg.toString());
        assertTrue(c.err.contains("gpg --quick-add-key "), c.toString());
        assertEquals(1, c.err.strip().lines().count(), "one line: " + c);
        assertFalse(Files.exists(tmp.resolve("app.car.asc")), "no signature file is written");
    }

    @Test
    void packageSignWithAnSqDefaultKeyUsesItsSigningSubkeyAndVerifies() throws Exception {
        exec("sq", "key", "generate", "--userid", "<dev@example.org>", "--export", "dev.key");
        exec("sq", "key", "extract-cert", "--output", "dev.cert", "dev.key");
        ok("package", "sign", "--key", p("dev.key"), pkg.toString());
        exec("sq", "verify", "--signer-cert", "dev.cert", "--detached", "app.car.asc", "app.car");
    }

    @Test
    void packageSignWithAnExpiredGpgKeyIsRefused() throws Exception {
        exec("gpg", "--faked-system-time", "20200101T000000!", "--quick-gen-key", "Old <old@example.org>", "ed25519",
                "default", "1y");
        String fpr = gpgFingerprint("old@example.org");
        Files.writeString(tmp.resolve("old.key"), exec("gpg", "--armor", "--export-secret-keys", fpr));
        fails(ExitCodes.FAILURE, "key " + fpr + " expired at 2020-12-31", "package", "sign", "--key", p("old.key"),
                pkg.toString());
        assertFalse(Files.exists(tmp.resolve("app.car.asc")));
    }

    @Test
    void storeCertifyRefusesAnExpiredOrBrainpoolKeyAndKeepsTheStoreAsItWas() throws Exception {
        exec("gpg", "--faked-system-time", "20200101T000000!", "--quick-gen-key", "Old <old@example.org>", "ed25519",
                "default", "1y");
        String old = gpgFingerprint("old@example.org");
        Files.writeString(tmp.resolve("old.asc"), exec("gpg", "--armor", "--export", old));
        exec("gpg", "--expert", "--quick-gen-key", "Brain <brain@example.org>", "brainpoolP256r1");
        String brain = gpgFingerprint("brain@example.org");
        Files.writeString(tmp.resolve("brain.asc"), exec("gpg", "--armor", "--export", brain));

        fails(ExitCodes.FAILURE, "refusing to certify: key " + old + " expired at", "store", "certify", "--dir",
                store.toString(), "--cert", p("old.asc"), "--level", "developer", "--scope", "global");
        fails(ExitCodes.FAILURE, "refusing to certify: key " + brain + " uses the curve brainpoolP256r1", "store",
                "certify", "--dir", store.toString(), "--cert", p("brain.asc"), "--level", "developer", "--scope", "global");
        try (var files = Files.walk(store)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().contains(old) || f.getFileName().toString()
                    .contains(brain)), "nothing stored for the refused keys");
        }
    }
}
