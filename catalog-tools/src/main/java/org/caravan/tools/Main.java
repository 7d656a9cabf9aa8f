package org.caravan.tools;

import java.io.PrintWriter;
import java.util.Arrays;
import org.caravan.tools.commands.CaravanCommand;
import picocli.CommandLine;

/** {@code caravan}: parses the command line and maps every failure to one line on stderr and an exit code. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command; tests call this and assert the exit code and output. */
    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    public static int run(String[] args, java.io.PrintStream out, java.io.PrintStream err) {
        return commandLine(new PrintWriter(out, true), new PrintWriter(err, true), args).execute(args);
    }

    public static CommandLine commandLine(PrintWriter out, PrintWriter err, String[] args) {
        boolean stacktrace = Arrays.asList(args).contains("--stacktrace");
        CommandLine cl = branch(args);
        // -V answers the same wherever --help is offered, not with an empty line below the top level.
        inheritVersion(cl, new org.caravan.tools.shell.CaravanVersion());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (stacktrace) {
                ex.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().println("caravan: " + message(ex));
            commandLine.getErr().flush();
            return ex instanceof RefusedException ? ExitCodes.REFUSED
                    : ex instanceof UsageException ? ExitCodes.USAGE : ExitCodes.FAILURE;
        });
        cl.setParameterExceptionHandler((ex, params) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("caravan: " + usageMessage(ex));
            // "Did you mean: store?" for a mistyped command or option.
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, c.getErr());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            c.getErr().flush();
            return ExitCodes.USAGE;
        });
        return cl;
    }

    /** The groups whose commands never look at the rest of the tree (help, completion and man pages do). */
    private static final java.util.Set<String> BRANCHES = java.util.Set.of("key", "store", "package", "trust", "client",
            "license", "mirror", "testnet", "demo", "gui");

    /**
     * The command tree for {@code args}: only the branch of the group they name under the top-level command, when
     * they name one of {@link #BRANCHES} (building the whole tree costs picocli about a second of CPU, at every
     * start); else the whole tree (top-level help, a mistyped group and its "did you mean", help, completion, man).
     */
    static CommandLine branch(String[] args) {
        String group = Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse("");
        // CARAVAN_WHOLE_TREE: the start-up of before, as bench/startup-bench.sh's baseline.
        if (BRANCHES.contains(group) && System.getenv("CARAVAN_WHOLE_TREE") == null) {
            for (Class<?> c : CaravanCommand.class.getAnnotation(CommandLine.Command.class).subcommands()) {
                if (c.getAnnotation(CommandLine.Command.class).name().equals(group)) {
                    CommandLine trunk = new CommandLine(new CaravanCommand.Trunk());
                    trunk.addSubcommand(c);
                    return trunk;
                }
            }
        }
        return new CommandLine(new CaravanCommand());
    }

    /** As git says it: a mistyped command is named as one, not as an argument at an index. */
    private static String usageMessage(CommandLine.ParameterException ex) {
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                && !ex.getCommandLine().getSubcommands().isEmpty()) {
            String word = u.getUnmatched().get(0);
            if (!word.startsWith("-")) {
                return "'" + word + "' is not a " + ex.getCommandLine().getCommandSpec().qualifiedName() + " command";
            }
        }
        return ex.getMessage();
    }

    private static void inheritVersion(CommandLine cl, CommandLine.IVersionProvider version) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandSpec().version().length == 0 && sub.getCommandSpec().versionProvider() == null) {
                sub.getCommandSpec().versionProvider(version);
            }
            inheritVersion(sub, version);
        }
    }

    static String message(Throwable ex) {
        Throwable t = ex;
        // Unwrap wrappers that add nothing a user can read.
        while ((t instanceof java.io.UncheckedIOException || t.getMessage() == null) && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        if (t instanceof java.nio.file.NoSuchFileException) {
            return "no such file: " + m;
        }
        if (t instanceof java.nio.file.AccessDeniedException) {
            return "permission denied: " + m;
        }
        if (t instanceof java.nio.file.FileAlreadyExistsException) {
            return "already exists: " + m;
        }
        return m == null ? t.getClass().getSimpleName() : m.replace('\n', ' ');
    }
}
