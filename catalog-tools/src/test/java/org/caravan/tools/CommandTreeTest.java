package org.caravan.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A command line that names its group is parsed by that branch of the tree alone (a cheaper start): every command
 * of every group must read, help and behave as in the whole tree.
 */
class CommandTreeTest {
    private static final String[] NONE = {};

    @Test
    void everyCommandOfABranchHasTheHelpOfTheWholeTree() {
        CommandLine whole = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), NONE);
        int groups = 0;
        for (Map.Entry<String, CommandLine> g : whole.getSubcommands().entrySet()) {
            CommandLine branch = Main.branch(new String[] {g.getKey(), "--help"});
            if (branch.getSubcommands().size() != 1) {
                continue; // help, completion, man and setup-shell read the whole tree
            }
            groups++;
            List<String> paths = new ArrayList<>();
            walk(g.getValue(), g.getKey(), paths);
            for (String path : paths) {
                String[] words = path.split(" ");
                CommandLine inWhole = whole;
                CommandLine inBranch = Main.commandLine(new PrintWriter(new StringWriter()),
                        new PrintWriter(new StringWriter()), words);
                for (String w : words) {
                    inWhole = inWhole.getSubcommands().get(w);
                    inBranch = inBranch.getSubcommands().get(w);
                }
                assertEquals(inWhole.getUsageMessage(), inBranch.getUsageMessage(), path);
                assertEquals(inWhole.getCommandSpec().qualifiedName(), inBranch.getCommandSpec().qualifiedName(), path);
            }
        }
        assertTrue(groups >= 9, "branches built: " + groups);
    }

    private static void walk(CommandLine cl, String path, List<String> out) {
        out.add(path);
        for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
            if (e.getValue().getCommandSpec().name().equals(e.getKey())) {
                walk(e.getValue(), path + " " + e.getKey(), out);
            }
        }
    }

    @Test
    void aBranchKeepsTheTopLevelOptionsAndTheVersion() {
        Cli missing = Cli.run("package", "verify", "--stacktrace", "--cert", "nothing.asc", "nothing.car");
        assertEquals(ExitCodes.FAILURE, missing.exit, missing.toString());
        assertTrue(missing.err.contains("\tat org.caravan."), "--stacktrace is inherited: " + missing);
        Cli version = Cli.run("package", "verify", "-V");
        assertEquals(0, version.exit, version.toString());
        assertTrue(version.out.startsWith("caravan "), version.toString());
        Cli typo = Cli.run("pakage", "verify");
        assertEquals(ExitCodes.USAGE, typo.exit);
        assertTrue(typo.err.contains("package"), "a mistyped group still hears of the groups: " + typo);
    }
}
