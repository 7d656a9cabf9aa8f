package org.caravan.tools.commands;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.caravan.core.client.ClientService;
import org.caravan.core.client.SyncReport;
import org.caravan.core.service.HomeService;
import org.caravan.core.service.ServiceStatus;
import org.caravan.tools.RefusedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code caravan client service run|start|stop|status|install-unit}: the per-user process that owns a home. */
@Command(name = "service", mixinStandardHelpOptions = true,
        description = "The Caravan service of a home: it owns the home (database, search index, peer-to-peer session), "
                + "seeds what the home holds from start-up, syncs on the saved interval, installs trusted updates when "
                + "auto-update is on, and answers every caravan client command and window on the same home over "
                + "HOME/service.sock.",
        subcommands = {ServiceCommand.Run.class, ServiceCommand.Start.class, ServiceCommand.Stop.class,
                ServiceCommand.Status.class, ServiceCommand.InstallUnit.class})
public final class ServiceCommand {
    @ParentCommand
    ClientCommand parent;

    Path home() {
        return parent.home();
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Serve the home in the foreground until stopped (SIGTERM, Ctrl-C or caravan client service "
                    + "stop); log lines go to stderr with their UTC time. Exit 3 if another process serves the home.")
    static final class Run implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @ParentCommand
        ServiceCommand parent;

        @Override
        public Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            HomeService service;
            try {
                service = HomeService.start(parent.home(), Clock.systemUTC());
            } catch (org.caravan.core.service.HomeBusyException e) {
                throw new RefusedException("not started: " + e.getMessage());
            }
            Thread hook = new Thread(service::close, "caravan-service-sigterm");
            Runtime.getRuntime().addShutdownHook(hook);
            org.caravan.core.desktop.DesktopNotifier notifier = null;
            try {
                ClientService client = service.client();
                // An installed app that turns spurious reaches the desktop (when the session has a bus) and this log.
                notifier = org.caravan.core.desktop.DesktopNotifier.attach(client);
                client.addEventListener(e -> {
                    if (e instanceof org.caravan.core.client.ClientEvent.AppTurnedSpurious s) {
                        line(err, s.message());
                    }
                });
                // Seeding from the first second: the generations held and the installed packages.
                client.startSharing();
                err.println(LogLines.stamped("serving " + client.home() + " on " + service.socket() + " (pid "
                        + ProcessHandle.current().pid() + "), syncing every " + client.syncInterval().toSeconds()
                        + " s" + (client.autoUpdate() ? ", installing trusted updates" : "")));
                err.flush();
                // An empty round while nothing is subscribed costs nothing; a store subscribed later is synced then.
                client.startAutoSync(client.syncInterval(), reports -> log(err, reports),
                        outcomes -> outcomes.forEach(o -> line(err, "automatic update: " + o.message())));
                service.awaitStop();
                line(err, "stopped");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (notifier != null) {
                    notifier.close();
                }
                service.close();
                ShutdownHooks.remove(hook);
            }
            return 0;
        }

        private static void log(PrintWriter err, List<SyncReport> reports) {
            reports.forEach(r -> line(err, r.message()));
        }

        private static void line(PrintWriter err, String text) {
            synchronized (err) {
                err.println(LogLines.stamped(text));
                err.flush();
            }
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start the service of the home in the background (log: HOME/service.log) and wait until it "
                    + "answers; does nothing when it runs already. Exit 1 if it does not come up (the log says why).")
    static final class Start implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @ParentCommand
        ServiceCommand parent;

        @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "60",
                description = "How long to wait for it to answer (default: ${DEFAULT-VALUE}).")
        int waitSeconds;

        @Override
        public Integer call() throws Exception {
            Path home = parent.home();
            PrintWriter out = spec.commandLine().getOut();
            var running = ServiceStatus.of(home);
            if (running.isPresent()) {
                out.println("the Caravan service of " + home + " runs already (pid " + running.get().pid() + ")");
                return 0;
            }
            Files.createDirectories(home);
            Path log = home.resolve("service.log");
            List<String> cmd = new ArrayList<>();
            if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
                cmd.add("/usr/bin/setsid"); // its own session: closing this terminal does not stop it
            }
            cmd.addAll(javaCommand());
            cmd.addAll(List.of("client", "--home", home.toString(), "service", "run"));
            Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectErrorStream(true).start();
            long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
            while (System.nanoTime() < deadline) {
                var status = ServiceStatus.of(home);
                if (status.isPresent()) {
                    out.println("started the Caravan service of " + home + " (pid " + status.get().pid() + ", log "
                            + log + ")");
                    return 0;
                }
                if (!p.isAlive() && ServiceStatus.of(home).isEmpty()) {
                    break;
                }
                Thread.sleep(100);
            }
            throw new IOException("the Caravan service of " + home + " did not come up"
                    + (p.isAlive() ? " within " + waitSeconds + " s" : " (exit " + p.exitValue() + ")") + ": "
                    + lastLine(log) + " (log: " + log + ")");
        }

        private static String lastLine(Path log) {
            try {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                return lines.isEmpty() ? "no log written" : lines.get(lines.size() - 1);
            } catch (IOException e) {
                return "no log written";
            }
        }
    }

    /** This JVM's command line, to start another Caravan the same way (class path, launcher, GUI class path). */
    static List<String> javaCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String p : List.of("caravan.gui.classpath", "caravan.launcher")) {
            if (System.getProperty(p) != null) {
                cmd.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.caravan.tools.Launch"));
        return cmd;
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop the service of the home and wait until it has let the home go; does nothing when none runs.")
    static final class Stop implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @ParentCommand
        ServiceCommand parent;

        @Override
        public Integer call() throws Exception {
            Path home = parent.home();
            var status = ServiceStatus.of(home);
            if (status.isEmpty()) {
                spec.commandLine().getOut().println("no Caravan service runs on " + home);
                return 0;
            }
            ServiceStatus.stop(home, java.time.Duration.ofSeconds(30));
            spec.commandLine().getOut().println("stopped the Caravan service of " + home + " (pid " + status.get().pid() + ")");
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Whether a service runs on the home: its process id, since when, and its socket. Exit 0 when "
                    + "one runs, 3 when none does.")
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @ParentCommand
        ServiceCommand parent;

        @Override
        public Integer call() {
            Path home = parent.home();
            var status = ServiceStatus.of(home);
            PrintWriter out = spec.commandLine().getOut();
            if (status.isEmpty()) {
                out.println("no Caravan service runs on " + home + " (start one: caravan client service start)");
                return org.caravan.tools.ExitCodes.REFUSED;
            }
            ServiceStatus s = status.get();
            out.println("the Caravan service of " + home + " runs: pid " + s.pid() + ", since " + s.since()
                    + ", socket " + org.caravan.core.service.ServiceSocket.path(home)
                    + (s.commands() ? "" : " (a window: it does not run commands)"));
            return 0;
        }
    }

    @Command(name = "install-unit", mixinStandardHelpOptions = true,
            description = "Write a systemd user unit that runs the service of the home at login "
                    + "(~/.config/systemd/user/caravan.service, or --out FILE); then: systemctl --user daemon-reload "
                    + "&& systemctl --user enable --now caravan.service")
    static final class InstallUnit implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @ParentCommand
        ServiceCommand parent;

        @Option(names = "--out", paramLabel = "FILE", description = "Where to write the unit.")
        Path out;

        @Option(names = "--force", description = "Replace a unit file that exists.")
        boolean force;

        @Override
        public Integer call() throws IOException {
            Path file = out != null ? out
                    : Path.of(System.getProperty("user.home"), ".config", "systemd", "user", "caravan.service");
            if (Files.exists(file) && !force) {
                throw new RefusedException("not written: " + file + " exists; replace it with --force");
            }
            String launcher = System.getProperty("caravan.launcher");
            String exec = launcher != null ? quote(launcher)
                    : String.join(" ", javaCommand().stream().map(InstallUnit::quote).toList());
            String unit = """
                    [Unit]
                    Description=Caravan service of %s (seeds, syncs, answers caravan client commands)

                    [Service]
                    Type=simple
                    ExecStart=%s client --home %s service run
                    Restart=on-failure
                    # SIGTERM stops it cleanly: the session, the database and the socket are closed.
                    KillSignal=SIGTERM
                    TimeoutStopSec=30

                    [Install]
                    WantedBy=default.target
                    """.formatted(parent.home(), exec, quote(parent.home().toString()));
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, unit, StandardCharsets.UTF_8);
            PrintWriter o = spec.commandLine().getOut();
            o.println("wrote " + file);
            o.println("enable it: systemctl --user daemon-reload && systemctl --user enable --now caravan.service");
            return 0;
        }

        /** systemd's quoting: a word with a space or quote goes in double quotes. */
        private static String quote(String word) {
            return word.matches("[A-Za-z0-9_@%+=:,./-]+") ? word
                    : "\"" + word.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
    }
}
