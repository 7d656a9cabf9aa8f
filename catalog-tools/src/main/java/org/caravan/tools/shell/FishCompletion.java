package org.caravan.tools.shell;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A fish completion script made from the command definitions, as picocli makes the bash one: every
 * subcommand at its place in the tree, every option of each command with its description, and the
 * values of options that take one of a fixed set.
 */
public final class FishCompletion {
    private FishCompletion() {}

    public static String script(CommandLine root) {
        String name = root.getCommandName();
        String fn = "__" + name + "_at";
        StringBuilder b = new StringBuilder();
        b.append("# fish completion for ").append(name).append(", generated from its command definitions.\n");
        b.append("# Install: ").append(name).append(" completion fish > ~/.config/fish/completions/").append(name)
                .append(".fish\n\n");
        // True when the words given (a subcommand path) appear in order on the command line typed so far.
        b.append("function ").append(fn).append('\n')
                .append("    set -l tokens (commandline -opc)\n")
                .append("    set -e tokens[1]\n")
                .append("    set -l i 1\n")
                .append("    for t in $tokens\n")
                .append("        if test $i -le (count $argv); and test \"$t\" = \"$argv[$i]\"\n")
                .append("            set i (math $i + 1)\n")
                .append("        end\n")
                .append("    end\n")
                .append("    test $i -gt (count $argv)\n")
                .append("end\n\n");
        walk(root, new ArrayList<>(), name, fn, b);
        return b.toString();
    }

    private static void walk(CommandLine cl, List<String> path, String name, String fn, StringBuilder b) {
        CommandSpec spec = cl.getCommandSpec();
        String at = path.isEmpty() ? fn : fn + " " + String.join(" ", path);
        List<String> children = new ArrayList<>();
        cl.getSubcommands().forEach((k, sub) -> {
            if (k.equals(sub.getCommandName()) && !sub.getCommandSpec().usageMessage().hidden()) {
                children.add(k);
            }
        });
        String notYet = children.isEmpty() ? "" : "; and not __fish_seen_subcommand_from " + String.join(" ", children);
        for (String child : children) {
            CommandLine sub = cl.getSubcommands().get(child);
            b.append("complete -c ").append(name).append(" -f -n '").append(at).append(notYet).append("' -a ")
                    .append(child).append(" -d ").append(quote(firstLine(sub.getCommandSpec().usageMessage().description())))
                    .append('\n');
        }
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) {
                continue;
            }
            StringBuilder line = new StringBuilder("complete -c ").append(name).append(" -n '").append(at).append("'");
            for (String n : o.names()) {
                if (n.startsWith("--")) {
                    line.append(" -l ").append(n.substring(2));
                } else if (n.length() == 2 && n.startsWith("-")) {
                    line.append(" -s ").append(n.charAt(1));
                } else {
                    line.append(" -o ").append(n.substring(1));
                }
            }
            if (o.arity().max() > 0) {
                List<String> candidates = new ArrayList<>();
                if (o.completionCandidates() != null) {
                    o.completionCandidates().forEach(candidates::add);
                }
                line.append(candidates.isEmpty() ? " -r" : " -x -a " + quote(String.join(" ", candidates)));
            }
            line.append(" -d ").append(quote(firstLine(o.description())));
            b.append(line).append('\n');
        }
        b.append('\n');
        for (String child : children) {
            List<String> next = new ArrayList<>(path);
            next.add(child);
            walk(cl.getSubcommands().get(child), next, name, fn, b);
        }
    }

    static String firstLine(String[] description) {
        if (description == null || description.length == 0) {
            return "";
        }
        String s = description[0].replace("%n", "\n");
        int nl = s.indexOf('\n');
        s = nl < 0 ? s : s.substring(0, nl);
        int stop = s.indexOf(". ");
        return (stop < 0 ? s : s.substring(0, stop + 1)).strip();
    }

    private static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
