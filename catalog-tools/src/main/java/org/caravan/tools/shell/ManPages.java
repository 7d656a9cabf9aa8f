package org.caravan.tools.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Manual pages (troff, the {@code man} macros) made from the command definitions: one page per command,
 * named as git names its pages ({@code caravan-store-certify.1}), so {@code man caravan-store-certify}
 * finds it. The text is what {@code --help} says, in the sections man readers expect.
 */
public final class ManPages {
    private ManPages() {}

    /** Every page, by file name ({@code caravan.1}, {@code caravan-key.1}, ...), in tree order. */
    public static Map<String, String> all(CommandLine root) {
        Map<String, String> pages = new LinkedHashMap<>();
        collect(root, root, pages);
        return pages;
    }

    private static void collect(CommandLine root, CommandLine cl, Map<String, String> pages) {
        pages.put(pageName(cl) + ".1", page(root, cl));
        for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
            // Aliases map to the same command; one page each.
            if (e.getKey().equals(e.getValue().getCommandName()) && !e.getValue().getCommandSpec().usageMessage().hidden()) {
                collect(root, e.getValue(), pages);
            }
        }
    }

    static String pageName(CommandLine cl) {
        return cl.getCommandSpec().qualifiedName("-");
    }

    static String page(CommandLine root, CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        String name = pageName(cl);
        StringBuilder b = new StringBuilder();
        b.append(".\\\" Generated from caravan's command definitions; edit the @Command annotations, not this file.\n");
        b.append(".TH ").append(esc(name.toUpperCase(Locale.ROOT))).append(" 1 \"\" \"")
                .append(esc(CaravanVersion.version().isEmpty() ? "caravan" : "caravan " + CaravanVersion.version()))
                .append("\" \"Caravan Manual\"\n");
        b.append(".SH NAME\n").append(esc(name)).append(" \\- ")
                .append(text(FishCompletion.firstLine(spec.usageMessage().description()))).append('\n');

        b.append(".SH SYNOPSIS\n.nf\n");
        Help help = new Help(spec, Help.defaultColorScheme(Help.Ansi.OFF));
        b.append(literal(help.synopsis(0).stripTrailing())).append("\n.fi\n");

        String description = joined(spec.usageMessage().description());
        if (!description.isBlank()) {
            b.append(".SH DESCRIPTION\n").append(paragraphs(description));
        }

        List<PositionalParamSpec> positionals = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (!positionals.isEmpty()) {
            b.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : positionals) {
                String d = joined(p.description());
                b.append(".TP\n\\fI").append(esc(p.paramLabel())).append("\\fR\n")
                        .append(d.isBlank() ? "See the description above.\n" : paragraphs(d));
            }
        }

        List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden()).toList();
        if (!options.isEmpty()) {
            b.append(".SH OPTIONS\n");
            for (OptionSpec o : options) {
                List<String> names = new ArrayList<>();
                for (String n : o.names()) {
                    names.add("\\fB" + esc(n) + "\\fR");
                }
                b.append(".TP\n").append(String.join(", ", names));
                if (o.arity().max() > 0) {
                    b.append(" \\fI").append(esc(o.paramLabel())).append("\\fR");
                }
                b.append('\n').append(paragraphs(joined(o.description())));
            }
        }

        List<CommandLine> subs = new ArrayList<>();
        cl.getSubcommands().forEach((k, sub) -> {
            if (k.equals(sub.getCommandName()) && !sub.getCommandSpec().usageMessage().hidden()) {
                subs.add(sub);
            }
        });
        if (!subs.isEmpty()) {
            b.append(".SH COMMANDS\n");
            for (CommandLine sub : subs) {
                b.append(".TP\n\\fB").append(esc(sub.getCommandName())).append("\\fR\n")
                        .append(text(FishCompletion.firstLine(sub.getCommandSpec().usageMessage().description())))
                        .append(" See \\fB").append(esc(pageName(sub))).append("\\fR(1).\n");
            }
        }

        b.append(".SH EXIT STATUS\n")
                .append(".TP\n0\nSuccess.\n")
                .append(".TP\n1\nFailure: bad input, I/O or network; one line on standard error.\n")
                .append(".TP\n2\nUsage: an unknown command or option, or a missing argument.\n")
                .append(".TP\n3\nRefused: untrusted, revoked, tampered or replayed.\n");

        List<String> seeAlso = new ArrayList<>();
        if (cl.getParent() != null) {
            seeAlso.add("\\fB" + esc(pageName(cl.getParent())) + "\\fR(1)");
        }
        for (CommandLine sub : subs) {
            seeAlso.add("\\fB" + esc(pageName(sub)) + "\\fR(1)");
        }
        if (!seeAlso.isEmpty()) {
            b.append(".SH SEE ALSO\n").append(String.join(", ", seeAlso)).append('\n');
        }
        return b.toString();
    }

    private static String joined(String[] lines) {
        return lines == null ? "" : String.join("\n", lines).replace("%n", "\n");
    }

    /** Description text as paragraphs: a blank or broken line in the source starts a new one. */
    private static String paragraphs(String s) {
        StringBuilder b = new StringBuilder();
        boolean first = true;
        for (String para : s.split("\n")) {
            if (para.isBlank()) {
                continue;
            }
            if (!first) {
                b.append(".br\n");
            }
            b.append(text(para.strip())).append('\n');
            first = false;
        }
        return b.toString();
    }

    /** Running text: escaped, and never starting with a control character. */
    private static String text(String s) {
        String e = esc(s);
        return e.startsWith(".") || e.startsWith("'") ? "\\&" + e : e;
    }

    /** Lines kept as they are (no fill), each made safe. */
    private static String literal(String s) {
        StringBuilder b = new StringBuilder();
        for (String line : s.split("\n", -1)) {
            if (b.length() > 0) {
                b.append('\n');
            }
            b.append(text(line));
        }
        return b.toString();
    }

    /** troff escapes: a backslash is \e, a hyphen in names and options a real minus. */
    static String esc(String s) {
        return s.replace("\\", "\\e").replace("-", "\\-");
    }
}
