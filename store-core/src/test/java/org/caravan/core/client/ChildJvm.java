package org.caravan.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A client in a child JVM on the test class path, killed with SIGKILL (no shutdown hook, no H2 close): the
 * crash a power cut of the process gives, which is what the client's durability and crash safety are for.
 */
final class ChildJvm implements AutoCloseable {
    /**
     * How long a child may take to print what is awaited: a child JVM on a machine at load 20 was seen with 1.5 s of
     * CPU in its first 70 s, still verifying Bouncy Castle's jar signature (a harness timeout, not a hang).
     */
    static final int CHILD_TIMEOUT_SECONDS = 180;
    private final Process process;
    private final List<String> lines = new ArrayList<>();

    private ChildJvm(Process process) {
        this.process = process;
    }

    /** jstack of the child (the main thread and Caravan's), best effort. */
    private String threadDump() {
        try {
            Process j = new ProcessBuilder("jstack", Long.toString(process.pid())).redirectErrorStream(true).start();
            String out = new String(j.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            j.waitFor(20, TimeUnit.SECONDS);
            return out.length() > 20_000 ? out.substring(0, 20_000) : out;
        } catch (Exception e) {
            return "(no thread dump: " + e + ")";
        }
    }

    static ChildJvm start(Class<?> main, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /**
     * Reads the child's output until a line matches, and kills it with SIGKILL the instant it does (or after
     * {@code delayMillis} more, when positive). Fails when the child ends without printing such a line.
     *
     * @return the line that matched
     */
    String killWhen(Predicate<String> line, long delayMillis) throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        // Reads to the end, so that what the child printed between the match and the kill is kept too.
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    synchronized (lines) {
                        lines.add(l);
                    }
                    if (line.test(l)) {
                        seen.complete(l);
                    }
                }
            } catch (Exception e) {
                // the child is gone
            } finally {
                seen.complete(null);
            }
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
        String matched;
        try {
            try {
                matched = seen.get(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                synchronized (lines) {
                    // A harness timeout, not a lost state: say what the child had printed and where its threads
                    // were, to tell a hang from a loaded machine.
                    throw new AssertionError("the child printed no expected line within " + CHILD_TIMEOUT_SECONDS
                            + " s; it had printed: " + lines
                            + "\nits threads:\n" + threadDump(), e);
                }
            }
            if (matched != null && delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
        } finally {
            kill();
            reader.join(5_000);
        }
        if (matched == null) {
            synchronized (lines) {
                fail("the child ended without the expected line: " + lines);
            }
        }
        assertEquals(137, process.exitValue(), "the child was not killed by SIGKILL: " + output());
        return matched;
    }

    /** SIGKILL on Linux: no shutdown hooks, no H2 close. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertTrue(process.waitFor(20, TimeUnit.SECONDS), "the child did not die");
    }

    List<String> output() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            kill();
        }
    }
}
