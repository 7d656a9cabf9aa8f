package org.caravan.tools.guide;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs docs/user-guide.md and the README as a reader would: every shell block, in order, in one bash, on a
 * loopback test network the guide itself starts ({@code caravan testnet}); a block that fails, or that does
 * not print the lines the guide shows for it, fails the build with the block's line and output.
 *
 * <h2>Writing a guide section that this test runs</h2>
 * <ul>
 * <li>Every {@code ```sh} block runs, in document order, in one shell: variables, the current folder and
 *     background jobs carry over ({@code set -e}: a command that fails stops the run). Write commands a
 *     reader can paste: real file names, no placeholders; {@code caravan} is on the PATH (the guide's first
 *     block puts the project folder there), the work folder is a fresh {@code mktemp -d}, {@code $HOME} is a
 *     fresh folder, and {@code $BOOTSTRAP} holds the test network's nodes once "A test network" has run.</li>
 * <li>Long-running commands go to the background with their output in a file, then
 *     {@code wait_for FILE TEXT} (defined in "A test network") waits for their line:
 *     {@code caravan store serve --dir store > serve.log 2>&1 &} then {@code wait_for serve.log magnet:}.
 *     The test ends every background job when it is done.</li>
 * <li>A command expected to fail is written {@code caravan ... || echo "exit $?"}, with the exit code
 *     shown in an output block.</li>
 * <li>To check what a step prints, follow its block with an {@code ```output} block (only blank lines
 *     between): its lines must appear in that order in the step's output (stdout and stderr), other lines
 *     may come between. {@code ...} in a line matches any text, {@code <fingerprint>} (any
 *     {@code <word>}) one word without spaces.</li>
 * <li>Several machines are folders: {@code mkdir dave && cd dave}, ..., {@code cd ..}; or a subshell
 *     {@code (cd dave && caravan ...)}. A client's home is a folder given with {@code --home}.</li>
 * <li>A block that cannot run here (it opens a window, runs the build itself) gets
 *     {@code <!-- guide-test: skip REASON -->} on the line before its fence. Keep them rare.</li>
 * </ul>
 * A step may take at most {@link #STEP_TIMEOUT}; keep the whole guide within a few minutes (each
 * {@code caravan} is a JVM start, about a second).
 */
class UserGuideIT {
    static final Duration STEP_TIMEOUT = Duration.ofSeconds(150);
    static final Path DOCS = Path.of("..", "docs");

    @TempDir
    Path tmp;

    @Test
    void theUserGuideRunsAsWritten() throws Exception {
        run(GuideDocument.parse("docs/user-guide.md", Files.readString(DOCS.resolve("user-guide.md"))));
    }

    @Test
    void theReadmeRunsAsWritten() throws Exception {
        run(GuideDocument.parse("README.md", Files.readString(Path.of("..", "README.md"))));
    }

    void run(GuideDocument doc) throws Exception {
        Path project = tmp.resolve("project");
        Path home = tmp.resolve("home");
        Files.createDirectories(project);
        Files.createDirectories(home);
        launcher(project.resolve("caravan"));
        try (GuideShell shell = new GuideShell(project, Map.of("HOME", home.toString(), "LC_ALL", "C.UTF-8",
                "TMPDIR", tmp.toString()))) {
            StringBuilder timings = new StringBuilder();
            for (GuideDocument.Step step : doc.steps()) {
                if (step.skipped().isPresent()) {
                    continue;
                }
                long started = System.nanoTime();
                GuideShell.Ran ran = shell.run(step.script(), STEP_TIMEOUT);
                timings.append(String.format("%7.1f s  %s%n", (System.nanoTime() - started) / 1e9, step.where()));
                writeTimings(doc, timings);
                if (!ran.finished()) {
                    fail(doc.name() + " " + step.where() + " failed:\n" + indent(step.script()) + "printed:\n"
                            + indent(ran.output()));
                }
                if (step.expected().isPresent()) {
                    Optional<String> missing = GuideDocument.missingLine(step.expected().get(), ran.output().lines().toList());
                    if (missing.isPresent()) {
                        fail(doc.name() + " " + step.where() + " did not print\n    " + missing.get() + "\n"
                                + indent(step.script()) + "printed:\n" + indent(ran.output()));
                    }
                }
            }
            assertFalse(doc.steps().isEmpty(), doc.name() + " has no shell blocks");
        } finally {
            writeSlowestCommands(doc, project.resolve(".guide/trace"));
        }
    }

    private static final Pattern TRACED = Pattern.compile("^\\++ (\\d+\\.\\d+) (.*)$");

    /**
     * The 40 commands that took longest, from the shell's trace: each traced command's time is the gap to the next
     * traced line (background jobs write to the same trace, so a gap is an upper bound of the command's time).
     */
    static void writeSlowestCommands(GuideDocument doc, Path trace) throws IOException {
        if (!Files.exists(trace)) {
            return;
        }
        record Traced(double at, String command) {}
        List<Traced> lines = new ArrayList<>();
        for (String l : Files.readAllLines(trace, java.nio.charset.StandardCharsets.UTF_8)) {
            Matcher m = TRACED.matcher(l);
            if (m.matches()) {
                lines.add(new Traced(Double.parseDouble(m.group(1)), m.group(2)));
            }
        }
        List<String> gaps = new ArrayList<>();
        for (int i = 0; i + 1 < lines.size(); i++) {
            double took = lines.get(i + 1).at() - lines.get(i).at();
            String command = lines.get(i).command();
            gaps.add(String.format("%7.2f s  %s", took, command.length() > 160 ? command.substring(0, 160) + "..." : command));
        }
        gaps.sort(java.util.Comparator.reverseOrder());
        Path dir = Path.of(System.getProperty("caravan.build.dir", "target")).resolve("guide-timings");
        Files.createDirectories(dir);
        Files.write(dir.resolve(doc.name().replace('/', '_') + ".commands.txt"), gaps.subList(0, Math.min(40, gaps.size())));
    }

    /** Each step's wall time, in target/guide-timings: where the guide's minutes go, for whoever shortens it. */
    static void writeTimings(GuideDocument doc, CharSequence timings) throws IOException {
        Path dir = Path.of(System.getProperty("caravan.build.dir", "target")).resolve("guide-timings");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(doc.name().replace('/', '_') + ".txt"), timings);
    }

    /**
     * The project folder's {@code ./caravan}, running this build (target/catalog-tools.jar and target/lib,
     * as {@code ./caravan} does) without building again.
     */
    static void launcher(Path file) throws IOException, InterruptedException {
        Path target = Path.of(System.getProperty("caravan.build.dir", "target")).toAbsolutePath();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = target.resolve("catalog-tools.jar") + ":" + target.resolve("lib") + "/*";
        // As ./caravan starts it (the COMPAT locale data on JDK 17-20), with the JIT and GC of a short process.
        String flags = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
                + (Runtime.version().feature() <= 20 ? " -Djava.locale.providers=COMPAT,CLDR" : "");
        Path archive = target.resolve("guide-caravan.jsa");
        String share = "-Xshare:auto";
        if (cdsArchive(java, flags, classPath, archive)) {
            share = "-XX:SharedArchiveFile=" + archive + " -Xlog:cds=off -Xlog:cds+dynamic=off";
        }
        Files.writeString(file, "#!/bin/sh\n"
                + "# The project's ./caravan, without the build step: the test runs the jars Maven just made, with a\n"
                + "# class-data sharing archive recorded as ./caravan records its own.\n"
                + "# user.home follows $HOME (the JVM reads it from the password file), so ~/.caravan and\n"
                + "# setup-shell's ~/.local stay in the test's home.\n"
                + "exec '" + java + "' -Duser.home=\"$HOME\" " + flags + " " + share + " -cp '" + classPath
                + "' org.caravan.tools.Launch \"$@\"\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /**
     * Records the archive ./caravan records after a build (CdsTraining), once per build: the guide starts a few
     * hundred JVMs, and each maps the classes instead of loading them. False when the JVM could not make one (the
     * guide then runs without, only slower).
     */
    static synchronized boolean cdsArchive(String javaCommand, String flags, String classPath, Path archive)
            throws IOException, InterruptedException {
        Path jar = Path.of(classPath.substring(0, classPath.indexOf(':')));
        if (Files.exists(archive) && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) > 0) {
            return true;
        }
        List<String> command = new ArrayList<>(List.of(javaCommand));
        command.addAll(List.of(flags.split(" ")));
        Path scratch = Files.createTempDirectory("caravan-cds-");
        command.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-cp",
                classPath, "org.caravan.tools.startup.CdsTraining", scratch.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        boolean done = p.waitFor(3, TimeUnit.MINUTES);
        new ProcessBuilder("rm", "-rf", scratch.toString()).start().waitFor();
        if (!done || p.exitValue() != 0) {
            p.destroyForcibly();
            Files.deleteIfExists(archive);
            return false;
        }
        return Files.exists(archive);
    }

    static String indent(String text) {
        return text.lines().map(l -> "    " + l).reduce("", (a, b) -> a + b + "\n");
    }
}
