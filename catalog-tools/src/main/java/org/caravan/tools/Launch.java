package org.caravan.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import org.caravan.core.service.Forwarder;
import org.caravan.core.service.HomeLock;

/**
 * {@code caravan}'s entry point, kept thin: {@code --version} and every {@code caravan client ...} (and
 * {@code trust ... --home HOME}) command that a running service of its home answers are handled without loading picocli, Bouncy Castle, H2 or libtorrent (a
 * command is a process start; docs/benchmarks.md, "Start-up cost"). Everything else goes to {@link Main}.
 * With no service, a client command runs here holding the home's lock; when another process holds it briefly (a
 * one-shot command), this one waits for it rather than failing.
 */
public final class Launch {
    /** How long a command waits for another that holds its home without serving it. */
    static final long WAIT_MILLIS = 60_000;

    private Launch() {}

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            out.println("caravan " + version());
            return 0;
        }
        Optional<Path> home = clientHome(args);
        if (home.isEmpty()) {
            return Main.run(args, out, err);
        }
        Path h = home.get();
        boolean tty = System.console() != null;
        int width = width();
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        boolean told = false;
        while (true) {
            OptionalInt served = Forwarder.forward(h, Arrays.asList(args), tty, width, out, err);
            if (served.isPresent()) {
                return served.getAsInt();
            }
            if (!Files.isDirectory(h)) {
                // No home yet: nothing to lock, nothing to wait for (the command says what is missing, or makes it).
                return Main.run(args, out, err);
            }
            Optional<HomeLock> lock;
            try {
                lock = HomeLock.tryAcquire(h);
            } catch (IOException e) {
                err.println("caravan: cannot lock the client home " + h + ": " + e.getMessage());
                return ExitCodes.FAILURE;
            }
            if (lock.isPresent()) {
                try (HomeLock l = lock.get()) {
                    return org.caravan.tools.commands.HomeContext.withLock(l, () -> Main.run(args, out, err));
                }
            }
            if (System.currentTimeMillis() > deadline) {
                err.println("caravan: the client home " + h + " has been in use by " + HomeLock.holder(h) + " for "
                        + WAIT_MILLIS / 1000 + " s and it does not serve other commands; wait for it to end, or "
                        + "stop it and run: caravan client service start");
                return ExitCodes.FAILURE;
            }
            if (!told && tty) {
                err.println("caravan: waiting for " + HomeLock.holder(h) + ", which is using " + h + "...");
                told = true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ExitCodes.FAILURE;
            }
        }
    }

    /**
     * The home of a {@code caravan client ...} command that may be forwarded: {@code --home} between {@code client}
     * and its subcommand, else $CARAVAN_HOME, else ~/.caravan. Empty for other commands and for
     * {@code client service ...}, which runs here (it starts, stops or asks the service).
     */
    static Optional<Path> clientHome(String[] args) {
        if (args.length >= 3 && args[0].equals("trust")) {
            // trust allow|distrust|forget|overrides|explain --home HOME: a client home's own trust decisions.
            for (int i = 1; i < args.length; i++) {
                if (args[i].equals("--home") && i + 1 < args.length) {
                    return Optional.of(Path.of(args[i + 1]).toAbsolutePath().normalize());
                }
                if (args[i].startsWith("--home=")) {
                    return Optional.of(Path.of(args[i].substring("--home=".length())).toAbsolutePath().normalize());
                }
            }
            return Optional.empty();
        }
        if (args.length < 2 || !args[0].equals("client")) {
            return Optional.empty();
        }
        Path home = null;
        int i = 1;
        for (; i < args.length && args[i].startsWith("-"); i++) {
            if (args[i].equals("--home") && i + 1 < args.length) {
                home = Path.of(args[++i]);
            } else if (args[i].startsWith("--home=")) {
                home = Path.of(args[i].substring("--home=".length()));
            } else {
                return Optional.empty(); // client --help and the like
            }
        }
        if (i >= args.length || List.of("service", "help").contains(args[i])) {
            return Optional.empty();
        }
        if (home == null) {
            String env = System.getenv("CARAVAN_HOME");
            home = env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".caravan");
        }
        return Optional.of(home.toAbsolutePath().normalize());
    }

    private static int width() {
        String columns = System.getenv("COLUMNS");
        try {
            return columns == null ? 80 : Integer.parseInt(columns.strip());
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    /** As {@link org.caravan.tools.shell.CaravanVersion} reads it, without loading picocli for it. */
    static String version() {
        Properties p = new Properties();
        try (InputStream in = Launch.class.getResourceAsStream("/org/caravan/tools/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // a build without the stamped file
        }
        String v = p.getProperty("version", "");
        return v.isBlank() || v.startsWith("${") ? "development build" : v;
    }
}
