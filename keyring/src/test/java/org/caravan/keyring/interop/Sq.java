package org.caravan.keyring.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real Sequoia {@code sq} (0.27) in a working directory, with a private HOME. */
final class Sq {
    record Result(int exit, String out, String err) {}

    private final Path dir;

    Sq(Path dir) {
        this.dir = dir;
    }

    static boolean available() {
        try {
            Process p = new ProcessBuilder("sq", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("sq"));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "sq-out", ".txt");
        Path err = Files.createTempFile(dir, "sq-err", ".txt");
        ProcessBuilder b = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile());
        b.environment().put("HOME", dir.toString());
        Process p = b.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("sq did not finish: " + cmd);
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    Result ok(String... args) throws IOException, InterruptedException {
        Result r = run(args);
        if (r.exit() != 0) {
            throw new AssertionError("sq " + String.join(" ", args) + " failed (" + r.exit() + "): " + r.err());
        }
        return r;
    }

    /** {@code sq key generate} with its default options (plus {@code extra}); returns the key file. */
    Path generate(String name, String uid, String... extra) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("key", "generate", "--userid", uid, "--export", name + ".key"));
        args.addAll(List.of(extra));
        ok(args.toArray(String[]::new));
        ok("key", "extract-cert", "--output", name + ".cert", name + ".key");
        return dir.resolve(name + ".key");
    }
}
