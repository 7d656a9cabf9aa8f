package org.caravan.gui;

import java.io.PrintStream;
import java.nio.file.Path;
import javafx.application.Application;

/**
 * Starts the Caravan desktop client: {@code ClientMain [--home DIR]}. Deliberately not an
 * {@code Application}: when the main class extends it, the JDK's launcher insists on JavaFX as
 * modules, which fails on a plain class path or in a shaded jar.
 */
public final class ClientMain {

    static final String USAGE = "usage: caravan-client [--home DIR]   (default home: ~/.caravan)";

    private ClientMain() {
    }

    public static void main(String[] args) {
        Path home;
        try {
            home = parseHome(args);
        } catch (HelpRequested help) {
            System.out.println(USAGE);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("caravan-client: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        try {
            Application.launch(CaravanApp.class, "--" + CaravanApp.HOME_PARAMETER + "=" + home);
        } catch (RuntimeException e) {
            // JavaFX wraps a failure in init() ("Exception in Application init method"): show the cause.
            report(System.err, home, e);
            System.exit(1);
        }
    }

    /** The home folder named by {@code args}, absolute; the default when none is named. */
    static Path parseHome(String... args) {
        Path home = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                throw new HelpRequested();
            } else if (arg.equals("--home")) {
                if (i + 1 >= args.length || args[i + 1].isBlank()) {
                    throw new IllegalArgumentException("option --home needs a folder");
                }
                home = Path.of(args[++i]);
            } else if (arg.startsWith("--home=")) {
                String value = arg.substring("--home=".length());
                if (value.isBlank()) {
                    throw new IllegalArgumentException("option --home needs a folder");
                }
                home = Path.of(value);
            } else {
                throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        if (home == null) {
            home = Path.of(System.getProperty("user.home"), ".caravan");
        }
        return home.toAbsolutePath().normalize();
    }

    private static void report(PrintStream err, Path home, Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        err.println("caravan-client: cannot start with home " + home + ": " + message);
    }

    /** Not an error: the user asked for the usage line. */
    static final class HelpRequested extends IllegalArgumentException {
        HelpRequested() {
            super("help requested");
        }
    }
}
