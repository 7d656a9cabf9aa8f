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
        return commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args).execute(args);
    }

    public static CommandLine commandLine(PrintWriter out, PrintWriter err, String[] args) {
        boolean stacktrace = Arrays.asList(args).contains("--stacktrace");
        CommandLine cl = new CommandLine(new CaravanCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (stacktrace) {
                ex.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().println("caravan: " + message(ex));
            commandLine.getErr().flush();
            return ex instanceof RefusedException ? ExitCodes.REFUSED : ExitCodes.FAILURE;
        });
        cl.setParameterExceptionHandler((ex, params) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("caravan: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            c.getErr().flush();
            return ExitCodes.USAGE;
        });
        return cl;
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
