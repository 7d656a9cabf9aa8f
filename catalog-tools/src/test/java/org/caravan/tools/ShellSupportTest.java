package org.caravan.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Completion scripts loaded by real shells, manual pages read by groff, help, typos and -V: as a user meets them. */
class ShellSupportTest {
    @TempDir
    Path tmp;

    @Test
    void bashCompletesCommandsSubcommandsAndOptions() throws Exception {
        Cli c = Cli.run("completion", "bash");
        assertEquals(0, c.exit, c.toString());
        Path script = tmp.resolve("caravan.bash");
        Files.writeString(script, c.out);
        assertEquals("store", bashComplete(script, "caravan", "sto"));
        assertEquals("certify", bashComplete(script, "caravan", "store", "cert"));
        assertEquals("--scope", bashComplete(script, "caravan", "store", "certify", "--sco"));
        assertEquals("sync", bashComplete(script, "caravan", "client", "syn"));
    }

    private String bashComplete(Path script, String... words) throws Exception {
        StringBuilder arr = new StringBuilder();
        for (String w : words) {
            arr.append('\'').append(w).append("' ");
        }
        String cmd = "compopt() { :; }; source '" + script + "'; COMP_WORDS=(" + arr + "); COMP_CWORD=" + (words.length - 1)
                + "; COMP_LINE='" + String.join(" ", words) + "'; COMP_POINT=${#COMP_LINE}; _complete_caravan;"
                + " printf '%s\\n' \"${COMPREPLY[@]}\"";
        return run(List.of("bash", "-c", cmd)).strip();
    }

    @Test
    void fishCompletesCommandsSubcommandsAndOptions() throws Exception {
        assumeTrue(onPath("fish"), "fish is not installed (.ci/run installs it)");
        Path script = tmp.resolve("caravan.fish");
        Files.writeString(script, Cli.run("completion", "fish").out);
        String top = run(List.of("fish", "-c", "source " + script + "; complete -C 'caravan sto'"));
        assertTrue(top.startsWith("store\t"), top);
        String sub = run(List.of("fish", "-c", "source " + script + "; complete -C 'caravan store cert'"));
        assertTrue(sub.startsWith("certify\t"), sub);
        String opt = run(List.of("fish", "-c", "source " + script + "; complete -C 'caravan store certify --sco'"));
        assertTrue(opt.startsWith("--scope\t"), opt);
        // Options of one command are not offered under another.
        String other = run(List.of("fish", "-c", "source " + script + "; complete -C 'caravan client --sco'"));
        assertEquals("", other.strip());
    }

    @Test
    void zshLoadsItsScript() throws Exception {
        assumeTrue(onPath("zsh"), "zsh is not installed (.ci/run installs it)");
        Path script = tmp.resolve("caravan.zsh");
        Files.writeString(script, Cli.run("completion", "zsh").out);
        // Registered for the caravan command once sourced (zsh's bash-completion emulation).
        String out = run(List.of("zsh", "-c", "source " + script + " && print -r -- ${_comps[caravan]}"),
                "HOME", tmp.toString());
        assertTrue(out.startsWith("_bash_complete -F _complete_caravan"), out);
    }

    @Test
    void everyManualPageRendersWithoutGroffWarnings() throws Exception {
        Path dir = tmp.resolve("man1");
        Cli c = Cli.run("man", "--out", dir.toString());
        assertEquals(0, c.exit, c.toString());
        List<Path> pages;
        try (var s = Files.list(dir)) {
            pages = s.sorted().toList();
        }
        assertTrue(pages.contains(dir.resolve("caravan.1")) && pages.contains(dir.resolve("caravan-store-certify.1")),
                pages.toString());
        assertTrue(c.out.contains("wrote " + pages.size() + " manual pages"), c.out);
        assumeTrue(onPath("groff"), "groff is not installed");
        for (Path page : pages) {
            // groff's warnings (-ww) go to its standard error: a clean page has none.
            Process groff = new ProcessBuilder("groff", "-man", "-Tascii", "-P", "-cbou", "-ww", page.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            String warnings = new String(groff.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(groff.waitFor(60, TimeUnit.SECONDS), page + ": groff did not finish");
            assertEquals(0, groff.exitValue(), page + ": " + warnings);
            assertEquals("", warnings, page + ": groff's warnings");
        }
        String certify = run(List.of("groff", "-man", "-Tascii", "-P", "-cbou", dir.resolve("caravan-store-certify.1").toString()))
                .replaceAll("\\s+", " ");
        assertTrue(certify.contains("caravan-store-certify - Certify a developer key"), certify);
        assertTrue(certify.contains("--scope"), certify);
        assertTrue(certify.contains("EXIT STATUS"), certify);
    }

    @Test
    void manPrintsOneCommandsPageAndRefusesAnUnknownOne() {
        Cli c = Cli.run("man", "store", "certify");
        assertEquals(0, c.exit, c.toString());
        assertTrue(c.out.contains(".TH CARAVAN\\-STORE\\-CERTIFY 1"), c.out);
        Cli bad = Cli.run("man", "store", "certfy");
        assertEquals(ExitCodes.USAGE, bad.exit, bad.toString());
        assertTrue(bad.err.contains("'certfy' is not a caravan store command; its commands: init, certify"), bad.err);
    }

    @Test
    void setupShellInstallsCompletionsAndPagesUnderThePrefix() throws Exception {
        Cli c = Cli.run("setup-shell", "--prefix", tmp.toString());
        assertEquals(0, c.exit, c.toString());
        assertTrue(Files.readString(tmp.resolve("share/bash-completion/completions/caravan")).contains("_picocli_caravan"));
        assertTrue(Files.readString(tmp.resolve("share/fish/vendor_completions.d/caravan.fish")).contains("complete -c caravan"));
        assertTrue(Files.exists(tmp.resolve("share/caravan/caravan.zsh")));
        assertTrue(Files.exists(tmp.resolve("share/man/man1/caravan-client-sync.1")));
        assertTrue(c.out.contains("source " + tmp.resolve("share/caravan/caravan.zsh")), c.out);
    }

    @Test
    void everyCommandPrintsTheVersionWithDashV() {
        List<String> silent = new ArrayList<>();
        String expected = null;
        for (List<String> path : commandPaths(Main.commandLine(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), new String[0]), new ArrayList<>())) {
            List<String> args = new ArrayList<>(path);
            args.add("-V");
            Cli c = Cli.run(args.toArray(String[]::new));
            if (c.exit != 0 || !c.out.startsWith("caravan ")) {
                silent.add(String.join(" ", path) + " -> " + c);
            } else if (expected == null) {
                expected = c.out;
            } else {
                assertEquals(expected, c.out, String.join(" ", path));
            }
        }
        assertTrue(silent.isEmpty(), "commands whose -V prints no version: " + silent);
        assertTrue(expected.matches("caravan \\d+\\.\\d+\\.\\d+.*\\R"), expected);
    }

    private static List<List<String>> commandPaths(CommandLine cl, List<String> path) {
        List<List<String>> out = new ArrayList<>();
        cl.getSubcommands().forEach((name, sub) -> {
            if (!name.equals(sub.getCommandName()) || !sub.getCommandSpec().mixinStandardHelpOptions()) {
                return;
            }
            List<String> p = new ArrayList<>(path);
            p.add(name);
            out.add(p);
            out.addAll(commandPaths(sub, p));
        });
        return out;
    }

    @Test
    void aMistypedCommandIsNamedWithSuggestions() {
        Cli c = Cli.run("store", "certfy");
        assertEquals(ExitCodes.USAGE, c.exit, c.toString());
        assertTrue(c.err.contains("'certfy' is not a caravan store command"), c.err);
        assertTrue(c.err.contains("Did you mean: store certify"), c.err);
    }

    @Test
    void helpShowsACommandsUsage() {
        Cli c = Cli.run("help", "store", "certify");
        assertEquals(0, c.exit, c.toString());
        assertTrue(c.out.startsWith("Usage: caravan store certify"), c.out);
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private String run(List<String> command, String... env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        for (int i = 0; i + 1 < env.length; i += 2) {
            pb.environment().put(env[i], env[i + 1]);
        }
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), command + " did not finish");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), command + ":\n" + text);
        return text;
    }
}
