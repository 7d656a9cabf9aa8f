package org.caravan.tools.guide;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One bash process that runs a document's steps one after the other, as one terminal would: variables,
 * the current folder and background jobs carry over from step to step. A command that fails stops the
 * shell ({@code set -e}), and the step says which command it was.
 */
final class GuideShell implements AutoCloseable {
    private static final String DONE = "__GUIDE_STEP_DONE__";

    private final Path work;
    private final Process bash;
    private final Writer in;
    private final BlockingQueue<String> control = new ArrayBlockingQueue<>(16);
    private int count;

    /** The outcome of one step: whether the shell got to its end, and everything the step printed. */
    record Ran(boolean finished, String output) {}

    GuideShell(Path work, Map<String, String> env) throws IOException {
        this.work = work;
        Files.createDirectories(work.resolve(".guide"));
        // setsid: the shell leads a process group of its own, and background jobs stay in it even after the shell
        // ends (set -e), so close() can stop all of them by the group's id.
        ProcessBuilder b = new ProcessBuilder("setsid", "bash", "--noprofile", "--norc").directory(work.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(work.resolve(".guide/shell.err").toFile()));
        b.environment().keySet().removeIf(k -> k.startsWith("CARAVAN_"));
        b.environment().putAll(env);
        bash = b.start();
        in = new java.io.OutputStreamWriter(bash.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(bash.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    if (l.startsWith(DONE)) {
                        control.add(l);
                    }
                }
            } catch (IOException ignored) {
                // the shell ended; run() sees it
            }
        }, "guide shell reader");
        reader.setDaemon(true);
        reader.start();
        send("set -eE\ntrap 'echo \"guide-test: exit $? from: $BASH_COMMAND\" >&2' ERR\n");
        // Every command the steps run, with the time it started, into a file of its own (not the steps' output):
        // where a step's seconds go, for whoever shortens the guide (see UserGuideIT#writeSlowestCommands).
        send("exec 9>>'" + trace().toAbsolutePath() + "'\nBASH_XTRACEFD=9\nPS4='+ $EPOCHREALTIME '\nset -x\n");
    }

    /** The shell's trace: one line per command run, {@code +... SECONDS.MICROS COMMAND}. */
    Path trace() {
        return work.resolve(".guide/trace");
    }

    /** Runs one step in the shell and waits at most {@code timeout} for it. */
    Ran run(String script, Duration timeout) throws IOException, InterruptedException {
        int n = ++count;
        Path file = work.resolve(".guide/step-" + n + ".sh");
        Path out = work.resolve(".guide/step-" + n + ".out");
        Files.writeString(file, script);
        // Absolute paths: a step may change the shell's folder.
        send("source '" + file.toAbsolutePath() + "' > '" + out.toAbsolutePath() + "' 2>&1 < /dev/null; echo " + DONE + n + "\n");
        long deadline = System.nanoTime() + timeout.toNanos();
        String done = null;
        while (done == null && bash.isAlive() && System.nanoTime() < deadline) {
            done = control.poll(200, TimeUnit.MILLISECONDS);
        }
        if (done == null) {
            done = control.poll();
        }
        String printed = Files.exists(out) ? Files.readString(out) : "";
        if (done == null && !bash.isAlive()) {
            // set -e ended the shell: the trap's line is in the output.
            return new Ran(false, printed);
        }
        return new Ran(done != null && done.equals(DONE + n), printed + (done == null ? "\n(timed out after " + timeout + ")" : ""));
    }

    boolean alive() {
        return bash.isAlive();
    }

    private void send(String text) throws IOException {
        in.write(text);
        in.flush();
    }

    /** Ends what the steps left running in the background (a test network, a served store), then the shell. */
    @Override
    public void close() throws IOException, InterruptedException {
        long group = bash.pid();
        signal("TERM", group);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (groupAlive(group) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        if (groupAlive(group)) {
            signal("KILL", group);
        }
        bash.waitFor(10, TimeUnit.SECONDS);
    }

    private static void signal(String signal, long group) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, "--", "-" + group).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }

    private static boolean groupAlive(long group) throws IOException, InterruptedException {
        return new ProcessBuilder("kill", "-0", "--", "-" + group).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
    }
}
