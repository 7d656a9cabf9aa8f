package org.caravan.keyring.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real gpg in a private home directory, so no test touches the user's keyrings. */
final class GnuPG implements AutoCloseable {
    record Result(int exit, String out, String err) {}

    private final Path home;
    private final String passphrase;

    GnuPG(Path home) throws IOException {
        this(home, "");
    }

    /** A gpg that gives {@code passphrase} whenever it needs one (keys it makes are protected by it). */
    GnuPG(Path home, String passphrase) throws IOException {
        this.home = home;
        this.passphrase = passphrase;
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }

    static boolean available() {
        try {
            Process p = new ProcessBuilder("gpg", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    Result run(String... args) throws IOException, InterruptedException {
        return runWithInput(null, args);
    }

    /** Runs gpg with {@code input} on its standard input (for {@code --command-fd 0}); null: none. */
    Result runWithInput(String input, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("gpg", "--homedir", home.toString(), "--batch", "--no-tty",
                "--pinentry-mode", "loopback", "--passphrase", passphrase));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        ProcessBuilder b = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        if (input == null) {
            b.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process p = b.start();
        if (input != null) {
            try (var in = p.getOutputStream()) {
                in.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("gpg did not finish: " + cmd);
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    Result ok(String... args) throws IOException, InterruptedException {
        Result r = run(args);
        if (r.exit() != 0) {
            throw new AssertionError("gpg " + String.join(" ", args) + " failed (" + r.exit() + "): " + r.err());
        }
        return r;
    }

    /** The fingerprint of the (first) key whose user id matches {@code uid}. */
    String fingerprint(String uid) throws IOException, InterruptedException {
        return ok("--with-colons", "--list-keys", uid).out().lines().filter(l -> l.startsWith("fpr:")).findFirst()
                .orElseThrow().split(":")[9];
    }

    /** The armored certificate of {@code key}, parsed. */
    org.caravan.keyring.key.Certificate certificate(String key) throws IOException, InterruptedException {
        return org.caravan.keyring.key.Certificate.parse(ok("--armor", "--export", key).out()
                .getBytes(StandardCharsets.US_ASCII));
    }

    /** The secret key of {@code key} as gpg exports it (protected if it is), parsed. */
    org.caravan.keyring.key.SecretKey secretKey(String key) throws IOException, InterruptedException {
        return org.caravan.keyring.key.SecretKey.parse(ok("--armor", "--export-secret-keys", key).out()
                .getBytes(StandardCharsets.US_ASCII));
    }

    Path home() {
        return home;
    }

    /** Stops the gpg-agent this home started. */
    @Override
    public void close() throws IOException {
        Process p = new ProcessBuilder("gpgconf", "--homedir", home.toString(), "--kill", "gpg-agent")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        try {
            p.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
