package org.caravan.core.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The tools Caravan is compared with, run as the user would run them on the same file: {@code openssl dgst},
 * {@code sha256sum}, a loopback TCP copy with {@code socat} into a file, and {@code cp}. Every timing
 * includes the tool's process start, as a user's would. A tool that is not installed gives an empty result
 * (the table says n/a) rather than failing the whole run.
 */
public final class Baselines {
    private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(5);

    private Baselines() {}

    public static boolean installed(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** {@code openssl dgst -sha256 FILE}; returns the time, checks the digest printed against {@code expectedHex}. */
    public static Optional<Duration> openssl(Path file, String expectedHex) throws IOException {
        return digestTool(List.of("openssl", "dgst", "-sha256", file.toString()), file, expectedHex);
    }

    public static Optional<Duration> sha256sum(Path file, String expectedHex) throws IOException {
        return digestTool(List.of("sha256sum", file.toString()), file, expectedHex);
    }

    private static Optional<Duration> digestTool(List<String> command, Path file, String expectedHex) throws IOException {
        if (!installed(command.get(0))) {
            return Optional.empty();
        }
        Run r = run(command, null);
        if (!r.stdout.contains(expectedHex)) {
            throw new IOException(command.get(0) + " printed another SHA-256 for " + file + " than Caravan's "
                    + expectedHex + ": " + r.stdout.trim());
        }
        return Optional.of(r.took);
    }

    /** {@code cp FILE TARGET} (page cache, no sync: neither does an install). */
    public static Duration cp(Path file, Path target) throws IOException {
        return run(List.of("cp", file.toString(), target.toString()), null).took;
    }

    /**
     * A plain loopback TCP copy of {@code file} into {@code target}: a receiving socat listens on 127.0.0.1
     * and writes the file, a sending socat reads and sends it. Timed from the sender's start to the receiver's
     * exit (after it wrote the last byte).
     */
    public static Optional<Duration> socatCopy(Path file, Path target) throws IOException {
        if (!installed("socat")) {
            return Optional.empty();
        }
        int port = freeLoopbackPort();
        Files.deleteIfExists(target);
        Process receiver = new ProcessBuilder("socat", "-u",
                "TCP-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr", "CREATE:" + target)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            awaitListening(port, receiver);
            long t0 = System.nanoTime();
            Process sender = new ProcessBuilder("socat", "-u", "OPEN:" + file + ",rdonly", "TCP:127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            int rcSend = waitFor(sender, "socat sender");
            int rcRecv = waitFor(receiver, "socat receiver");
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            if (rcSend != 0 || rcRecv != 0) {
                throw new IOException("socat copy of " + file + " failed (sender exit " + rcSend + ", receiver " + rcRecv + ")");
            }
            if (Files.size(target) != Files.size(file)) {
                throw new IOException("socat copied " + Files.size(target) + " of " + Files.size(file) + " bytes of " + file);
            }
            return Optional.of(took);
        } finally {
            receiver.destroyForcibly();
        }
    }

    /** Waits until the receiver accepts connections: /proc/net/tcp lists the port in state LISTEN (0A). */
    private static void awaitListening(int port, Process receiver) throws IOException {
        String hexPort = String.format(":%04X ", port);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < end) {
            for (String line : Files.readAllLines(Path.of("/proc/net/tcp"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && (f[1] + " ").endsWith(hexPort) && f[3].equals("0A")) {
                    return;
                }
            }
            if (!receiver.isAlive()) {
                throw new IOException("socat receiver on 127.0.0.1:" + port + " exited with " + receiver.exitValue());
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted waiting for socat on port " + port);
            }
        }
        throw new IOException("socat receiver did not listen on 127.0.0.1:" + port + " within 5 s");
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    record Run(Duration took, String stdout) {}

    static Run run(List<String> command, Path dir) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        long t0 = System.nanoTime();
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = waitFor(p, command.get(0));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        if (rc != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + rc + ": " + out.trim());
        }
        return new Run(took, out);
    }

    private static int waitFor(Process p, String what) throws IOException {
        try {
            if (!p.waitFor(TOOL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(what + " did not finish within " + TOOL_TIMEOUT);
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new java.io.InterruptedIOException("interrupted waiting for " + what);
        }
    }
}
