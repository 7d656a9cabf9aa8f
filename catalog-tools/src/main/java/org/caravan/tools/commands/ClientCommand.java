package org.caravan.tools.commands;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.caravan.core.client.AppEntry;
import org.caravan.core.client.ClientService;
import org.caravan.core.client.InstallOutcome;
import org.caravan.core.client.SyncReport;
import org.caravan.core.net.StoreMagnet;
import org.caravan.tools.RefusedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "client", mixinStandardHelpOptions = true,
        description = "Use stores: subscribe, sync, list and install apps.",
        subcommands = {ClientCommand.Subscribe.class, ClientCommand.Sync.class, ClientCommand.ListApps.class,
                ClientCommand.Install.class})
public final class ClientCommand {

    @Option(names = "--home", paramLabel = "HOME",
            description = "The client's folder (database, apps). Default: $CARAVAN_HOME or ~/.caravan.")
    Path home;

    ClientService open() {
        Path h = home;
        if (h == null) {
            String env = System.getenv("CARAVAN_HOME");
            h = env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".caravan");
        }
        return ClientService.open(h);
    }

    @Command(name = "subscribe", mixinStandardHelpOptions = true,
            description = "Subscribe to a store by its magnet and save the network to use (--bootstrap / --network).")
    static final class Subscribe implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @ParentCommand
        ClientCommand parent;
        @Mixin
        NetworkOptions network;

        @Parameters(paramLabel = "MAGNET", description = "magnet:?xs=urn:btpk:<key hex>&s=<salt hex>")
        String magnet;

        @Override
        public Integer call() {
            StoreMagnet m = StoreMagnet.parse(magnet);
            try (ClientService client = parent.open()) {
                if (network.given()) {
                    client.setNetwork(network.config());
                }
                boolean added = client.subscribe(m);
                spec.commandLine().getOut().println((added ? "subscribed to " : "already subscribed to ") + m.format());
            }
            return 0;
        }
    }

    @Command(name = "sync", mixinStandardHelpOptions = true,
            description = "Fetch, verify and import the newest catalog of every subscribed store.")
    static final class Sync implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @ParentCommand
        ClientCommand parent;

        @Override
        public Integer call() {
            try (ClientService client = parent.open()) {
                List<SyncReport> reports = client.sync();
                if (reports.isEmpty()) {
                    throw new IllegalArgumentException("no store subscribed (caravan client subscribe MAGNET)");
                }
                PrintWriter out = spec.commandLine().getOut();
                boolean refused = false;
                boolean failed = false;
                for (SyncReport r : reports) {
                    (r.ok() ? out : spec.commandLine().getErr()).println(r.ok() ? r.message() : "caravan: " + r.message());
                    refused |= r.outcome() == SyncReport.Outcome.REFUSED;
                    failed |= r.outcome() == SyncReport.Outcome.FAILED || r.outcome() == SyncReport.Outcome.NOT_FOUND;
                }
                return refused ? org.caravan.tools.ExitCodes.REFUSED : failed ? org.caravan.tools.ExitCodes.FAILURE : 0;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "One line per app: id, newest version, state (trusted, spurious, refused, stale), "
                    + "installed version.")
    static final class ListApps implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @ParentCommand
        ClientCommand parent;

        @Option(names = {"-v", "--verbose"}, description = "Also print each app's trust explanation.")
        boolean verbose;

        @Override
        public Integer call() {
            try (ClientService client = parent.open()) {
                PrintWriter out = spec.commandLine().getOut();
                for (AppEntry a : client.apps()) {
                    out.println(a.appId() + " " + a.version() + " " + a.state().label()
                            + (a.installedVersion() == null ? "" : " installed=" + a.installedVersion()));
                    if (verbose) {
                        out.println("    " + a.explanation());
                    }
                }
            }
            return 0;
        }
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = "Download, verify and install the newest release of an app. Exit 3 if it is not trusted.")
    static final class Install implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @ParentCommand
        ClientCommand parent;

        @Parameters(paramLabel = "APP_ID")
        String appId;

        @Override
        public Integer call() {
            try (ClientService client = parent.open()) {
                InstallOutcome o = client.install(appId, (stage, f) -> { });
                if (o instanceof InstallOutcome.Failed f) {
                    throw new RefusedException(f.message());
                }
                spec.commandLine().getOut().println(o.message());
            }
            return 0;
        }
    }
}
