package org.caravan.tools.commands;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.ArrayList;
import org.caravan.core.client.AppChange;
import org.caravan.core.client.AppIntegrity;
import org.caravan.core.client.StoreCheck;
import org.caravan.core.client.AppEntry;
import org.caravan.core.client.AppRunner;
import org.caravan.core.client.LaunchPlan;
import org.caravan.core.client.PanelText;
import org.caravan.core.client.PluginInfo;
import org.caravan.core.client.TrustState;
import org.caravan.core.client.ClientEvent;
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
        subcommands = {ClientCommand.Subscribe.class, ClientCommand.Stores.class, ClientCommand.Unsubscribe.class,
                ClientCommand.Sync.class, ClientCommand.Search.class,
                ClientCommand.ListApps.class,
                ClientCommand.Install.class, ClientCommand.Update.class, ClientCommand.Rollback.class,
                ClientCommand.Remove.class, ClientCommand.Run.class, ClientCommand.Verify.class, ClientCommand.Repair.class, ClientCommand.Plugin.class,
                ClientCommand.Settings.class, ClientShowCommand.class, ClientStatusCommand.class,
                ServiceCommand.class, WatchCommand.class,
                ClientIdentityCommand.class, ClientLicenseCommand.class, ClientDeviceCommand.class,
                ClientHoldCommand.Hold.class, ClientHoldCommand.Unhold.class})
public final class ClientCommand {

    // INHERIT: `caravan client --home H list` and `caravan client list --home H` both work, as in trust.
    @Option(names = "--home", paramLabel = "HOME", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "The client's folder (database, apps). Default: $CARAVAN_HOME or ~/.caravan.")
    Path home;

    /**
     * The client of this home: the service's own open instance when the command was forwarded to it (its close()
     * does nothing), else one opened for this command.
     */
    ClientService open() {
        return ClientHome.open(home);
    }

    /** The home named by --home, else $CARAVAN_HOME, else ~/.caravan. */
    Path home() {
        return ClientHome.resolve(home).toAbsolutePath().normalize();
    }

    /** For commands that only report: a home that does not exist is an error, not an empty new one. */
    ClientService openExisting() {
        return ClientHome.openExisting(home);
    }

    /** A progress bar on stderr for installing {@code version} (null: the newest) of an app, on a terminal only. */
    org.caravan.core.client.InstallProgress progress(ClientService client, String appId, String version) {
        long size = client.releases(appId).stream().map(org.caravan.core.client.ReleaseStanding::release)
                .filter(r -> version == null || r.version().equals(version)).mapToLong(r -> r.size()).max().orElse(0);
        return ProgressBar.onTerminal(spec.commandLine().getErr(), appId, size);
    }

    @Spec
    CommandSpec spec;

    /**
     * What a command that was not done throws: a refusal by a rule exits 3, anything that stood in the way (not
     * listed, no peer, disk, busy, I/O) exits 1.
     */
    static RuntimeException notDone(org.caravan.core.client.Cause cause, String message) {
        return cause == org.caravan.core.client.Cause.REFUSED ? new RefusedException(message)
                : new IllegalStateException(message);
    }

    /** {@code client list|search --json}: one object per app, in the order the text lists them. */
    static void appsDocument(PrintWriter out, String kind, List<AppEntry> apps, ClientService client) {
        var doc = JsonOutput.document(kind);
        var array = doc.putArray("apps");
        for (AppEntry a : apps) {
            var n = array.addObject();
            n.put("id", a.appId()).put("name", a.name()).put("summary", a.summary()).put("category", a.category())
                    .put("version", a.version()).put("store", a.storeName()).put("state", a.state().label());
            JsonOutput.text(n, "installedVersion", a.installedVersion());
            n.put("held", a.installedVersion() != null && client.held(a.appId()).isPresent());
            n.put("signerUserId", a.signerUserId()).put("signerFingerprint", a.signerFingerprint())
                    .put("explanation", a.explanation());
        }
        JsonOutput.print(out, doc);
    }

    @Command(name = "stores", mixinStandardHelpOptions = true,
            description = "One line per subscribed store: name, generation held, when it was synced, whether its "
                    + "catalog is fresh or stale, and its magnet.")
    static final class Stores implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @ParentCommand
        ClientCommand parent;
        @Mixin
        JsonOutput.Flag json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (ClientService client = parent.openExisting()) {
                List<org.caravan.core.client.StoreRecord> stores = client.stores();
                if (json.json) {
                    var doc = JsonOutput.document("client-stores");
                    var array = doc.putArray("stores");
                    java.time.Instant now = java.time.Instant.now();
                    for (org.caravan.core.client.StoreRecord s : stores) {
                        var n = array.addObject();
                        n.put("name", s.displayName()).put("storeKey", s.storeKey()).put("generation", s.generation());
                        JsonOutput.time(n, "syncedAt", s.syncedAt());
                        JsonOutput.time(n, "expires", s.expires());
                        n.put("freshness", s.generation() == 0 ? "never-synced"
                                : s.expires() != null && s.expires().isAfter(now) ? "fresh" : "stale");
                        n.put("magnet", s.magnet().format() + client.rootPin(s.storeKey())
                                .map(org.caravan.core.catalog.RootPin::magnetParam).orElse(""));
                    }
                    JsonOutput.print(out, doc);
                    return 0;
                }
                if (stores.isEmpty()) {
                    out.println("no store subscribed (caravan client subscribe MAGNET)");
                }
                java.time.Instant now = java.time.Instant.now();
                for (org.caravan.core.client.StoreRecord s : stores) {
                    String state = s.generation() == 0 ? "never synced"
                            : "generation " + s.generation() + ", synced " + s.syncedAt() + ", "
                                    + (s.expires() != null && s.expires().isAfter(now) ? "fresh until " + s.expires()
                                            : "STALE since " + s.expires());
                    out.println(s.displayName() + ": " + state);
                    out.println("    " + s.magnet().format() + client.rootPin(s.storeKey())
                            .map(org.caravan.core.catalog.RootPin::magnetParam).orElse(""));
                }
            }
            return 0;
        }
    }

    @Command(name = "unsubscribe", mixinStandardHelpOptions = true,
            description = "End the subscription to a store (by its magnet or store key): its apps leave the list and "
                    + "the generations kept for it are deleted. Refused while an app of the store is installed.")
    static final class Unsubscribe implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @ParentCommand
        ClientCommand parent;

        @Parameters(paramLabel = "MAGNET|STORE_KEY", description = "The store's magnet, or its 64-hex store key.")
        String store;
        @Mixin
        Confirmation confirmation;

        @Override
        public Integer call() {
            String key = store.strip().matches("[0-9a-fA-F]{64}") ? store.strip().toLowerCase(java.util.Locale.ROOT)
                    : StoreMagnet.parse(store).publicKeyHex();
            try (ClientService client = parent.open()) {
                org.caravan.core.client.StoreRecord gone;
                String name = client.stores().stream().filter(s -> s.storeKey().equals(key))
                        .map(org.caravan.core.client.StoreRecord::displayName).findFirst().orElse(null);
                if (name != null) {
                    confirmation.confirm("client unsubscribe", "leave " + name + " (its apps leave the list; the "
                            + "generations kept for it are deleted)");
                }
                try {
                    gone = client.unsubscribe(key);
                } catch (IllegalStateException e) {
                    throw new RefusedException("not unsubscribed: " + e.getMessage());
                }
                spec.commandLine().getOut().println("unsubscribed from " + gone.displayName());
            }
            return 0;
        }
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

        @Parameters(paramLabel = "MAGNET", description = "magnet:?xs=urn:btpk:<key hex>&s=<salt hex>[&x.roots=<version>-<sha256>]")
        String magnet;

        @Override
        public Integer call() {
            StoreMagnet m = StoreMagnet.parse(magnet);
            java.util.Optional<org.caravan.core.catalog.RootPin> pin = org.caravan.core.catalog.RootPin.inMagnet(magnet);
            try (ClientService client = parent.open()) {
                if (network.given()) {
                    client.setNetwork(network.config());
                }
                boolean added = client.subscribe(magnet);
                spec.commandLine().getOut().println((added ? "subscribed to " : "already subscribed to ") + m.format()
                        + pin.map(p -> " (root set version " + p.version() + " pinned)").orElse(""));
            }
            return 0;
        }
    }

    @Command(name = "sync", mixinStandardHelpOptions = true,
            description = "Fetch, verify and import the newest catalog of every subscribed store. With --watch, keep "
                    + "syncing every --interval seconds (default: the saved interval, 15 minutes) until stopped.")
    static final class Sync implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @ParentCommand
        ClientCommand parent;

        @Option(names = "--watch", description = "Keep syncing until stopped (Ctrl-C).")
        boolean watch;

        @Option(names = "--interval", paramLabel = "SECONDS",
                description = "With --watch: seconds between syncs (at least 5); saved as this client's interval.")
        Long interval;

        @Override
        public Integer call() throws InterruptedException {
            if (interval != null && !watch) {
                throw new IllegalArgumentException("--interval goes with --watch");
            }
            try (ClientService client = parent.open()) {
                if (client.stores().isEmpty()) {
                    throw new IllegalArgumentException("no store subscribed (caravan client subscribe MAGNET)");
                }
                // An installed app that a sync turns spurious is told on a line of its own (once per change),
                // after the store lines of its round (the events come during the sync, before its reports).
                java.util.concurrent.BlockingQueue<ClientEvent.AppTurnedSpurious> spurious =
                        new java.util.concurrent.LinkedBlockingQueue<>();
                // Removed at the end: when forwarded, this client is the service's and outlives the command.
                Runnable stopHearing = client.addEventListener(e -> {
                    if (e instanceof ClientEvent.AppTurnedSpurious s) {
                        spurious.add(s);
                    }
                });
                try {
                    return syncOrWatch(client, spurious);
                } finally {
                    stopHearing.run();
                }
            }
        }

        private int syncOrWatch(ClientService client, java.util.concurrent.BlockingQueue<ClientEvent.AppTurnedSpurious> spurious)
                throws InterruptedException {
            if (!watch) {
                int code = report(client.sync(), false);
                told(spurious, false);
                return code;
            }
            if (interval != null) {
                client.setSyncInterval(java.time.Duration.ofSeconds(interval));
            }
            java.util.concurrent.BlockingQueue<List<SyncReport>> rounds = new java.util.concurrent.LinkedBlockingQueue<>();
            if (HomeContext.served().isPresent()) {
                // The service syncs on its schedule already: report its rounds, starting with one now (the
                // listener comes after it, so that this round's own events are not reported twice).
                report(client.sync(), true);
                told(spurious, true);
                // One queue for both, in the order told: a store's sync-done comes before what it changed.
                java.util.concurrent.BlockingQueue<ClientEvent> news = new java.util.concurrent.LinkedBlockingQueue<>();
                Runnable remove = client.addEventListener(e -> {
                    if (e instanceof ClientEvent.SyncDone || e instanceof ClientEvent.AppTurnedSpurious) {
                        news.add(e);
                    }
                });
                try {
                    while (true) {
                        ClientEvent e = news.take();
                        if (e instanceof ClientEvent.SyncDone d) {
                            report(List.of(d.report()), true);
                        } else {
                            told(new java.util.ArrayDeque<>(List.of((ClientEvent.AppTurnedSpurious) e)), true);
                        }
                    }
                } catch (InterruptedException e) {
                    return 0;
                } finally {
                    remove.run();
                }
            }
            // Watching holds the home for long: serve it, so that commands typed meanwhile are forwarded here.
            org.caravan.core.service.HomeService served = null;
            if (HomeContext.embeddedLock().isPresent()) {
                try {
                    served = org.caravan.core.service.HomeService.serve(HomeContext.embeddedLock().get(), client);
                } catch (java.io.IOException e) {
                    spec.commandLine().getErr().println("caravan: not serving the home to other commands: "
                            + e.getMessage());
                }
            }
            try {
                return watch(client, rounds, spurious);
            } finally {
                if (served != null) {
                    served.close();
                }
            }
        }

        private int watch(ClientService client, java.util.concurrent.BlockingQueue<List<SyncReport>> rounds,
                java.util.Queue<ClientEvent.AppTurnedSpurious> spurious) {
            {
                client.startAutoSync(client.syncInterval(), rounds::add);
                Thread main = Thread.currentThread();
                Thread hook = new Thread(main::interrupt, "sync-stop");
                Runtime.getRuntime().addShutdownHook(hook);
                try {
                    while (true) {
                        report(rounds.take(), true);
                        told(spurious, true);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 0;
                } finally {
                    ShutdownHooks.remove(hook);
                }
            }
        }

        /** One line per installed app that lost its trust since the last call, stamped when {@code watching}. */
        private void told(java.util.Queue<ClientEvent.AppTurnedSpurious> spurious, boolean watching) {
            PrintWriter out = spec.commandLine().getOut();
            for (ClientEvent.AppTurnedSpurious s; (s = spurious.poll()) != null; ) {
                out.println(watching ? LogLines.stamped(s.message()) : s.message());
            }
            out.flush();
        }

        /** One line per store; each stamped with its time when {@code watching} (a log of rounds). */
        private int report(List<SyncReport> reports, boolean watching) {
            PrintWriter out = spec.commandLine().getOut();
            boolean refused = false;
            boolean failed = false;
            for (SyncReport r : reports) {
                String line = r.ok() ? r.message() : "caravan: " + r.message();
                (r.ok() ? out : spec.commandLine().getErr()).println(watching ? LogLines.stamped(line) : line);
                refused |= r.outcome() == SyncReport.Outcome.REFUSED;
                failed |= r.outcome() == SyncReport.Outcome.FAILED || r.outcome() == SyncReport.Outcome.NOT_FOUND
                        || r.outcome() == SyncReport.Outcome.UNREACHABLE;
            }
            out.flush();
            spec.commandLine().getErr().flush();
            return refused ? org.caravan.tools.ExitCodes.REFUSED : failed ? org.caravan.tools.ExitCodes.FAILURE : 0;
        }
    }

    @Command(name = "search", mixinStandardHelpOptions = true,
            description = "Search the subscribed stores' apps by name and summary (whole words or their beginnings; "
                    + "every word must match), optionally in one category. One line per app, best first.")
    static final class Search implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @ParentCommand
        ClientCommand parent;

        @Parameters(arity = "0..*", paramLabel = "WORD", description = "What to look for (none: the whole category).")
        List<String> words = List.of();

        @Option(names = "--category", paramLabel = "NAME", description = "Only apps of this category.")
        String category;

        @Option(names = "--limit", defaultValue = "20", description = "At most this many results (default: ${DEFAULT-VALUE}).")
        int limit;
        @Mixin
        JsonOutput.Flag json;

        @Override
        public Integer call() {
            if (limit < 1 || limit > 10_000) {
                throw new IllegalArgumentException("--limit must be between 1 and 10000, not " + limit);
            }
            if (words.isEmpty() && category == null) {
                throw new IllegalArgumentException("give words to look for, or a --category");
            }
            try (ClientService client = parent.openExisting()) {
                PrintWriter out = spec.commandLine().getOut();
                if (json.json) {
                    appsDocument(out, "client-search", client.search(String.join(" ", words), category, limit), client);
                    return 0;
                }
                for (AppEntry a : client.search(String.join(" ", words), category, limit)) {
                    out.println(a.appId() + " " + a.version() + " " + a.state().label() + "  " + a.name()
                            + (a.summary().isBlank() ? "" : " — " + a.summary()));
                }
            }
            return 0;
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
        @Mixin
        JsonOutput.Flag json;

        @Override
        public Integer call() {
            try (ClientService client = parent.openExisting()) {
                PrintWriter out = spec.commandLine().getOut();
                if (json.json) {
                    appsDocument(out, "client-list", client.apps(), client);
                    return 0;
                }
                for (AppEntry a : client.apps()) {
                    out.println(a.appId() + " " + a.version() + " " + a.state().label()
                            + (a.installedVersion() == null ? "" : " installed=" + a.installedVersion())
                            + (a.installedVersion() != null && client.held(a.appId()).isPresent() ? " held" : ""));
                    if (verbose) {
                        out.println("    " + a.explanation());
                    }
                    if (a.installedVersion() != null && a.state() == TrustState.SPURIOUS) {
                        out.println("    spurious: its signer was revoked; it will not run. Remove it: caravan client remove "
                                + a.appId());
                    }
                }
            }
            return 0;
        }
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = "Download, verify and install the newest release of an app (or --release VERSION). The version it "
                    + "replaces is kept for rollback. Exit 3 if a rule refused it (trust, signature, downgrade, stale catalog), "
                    + "1 if it failed (not listed, no peer, disk), 0 with a message if that version is installed already.")
    static final class Install implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @ParentCommand
        ClientCommand parent;

        @Parameters(paramLabel = "APP_ID")
        String appId;

        @Option(names = "--release", paramLabel = "VERSION", description = "Install this release (a version) instead of the newest.")
        String version;

        @Option(names = "--allow-downgrade", description = "Allow a release older than the installed one.")
        boolean allowDowngrade;

        @Override
        public Integer call() {
            try (ClientService client = parent.open()) {
                InstallOutcome o = client.install(appId, version, allowDowngrade, parent.progress(client, appId, version));
                if (o instanceof InstallOutcome.Failed f) {
                    throw notDone(f.cause(), f.message());
                }
                spec.commandLine().getOut().println(o.message());
            }
            return 0;
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Install the newest trusted release of installed apps (APP_ID... or --all), keeping the "
                    + "replaced version for rollback. Exit 3 if any update was refused by a rule, else 1 if any failed.")
    static final class Update implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @ParentCommand
        ClientCommand parent;

        @Parameters(paramLabel = "APP_ID", arity = "0..*")
        List<String> appIds = new ArrayList<>();

        @Option(names = "--all", description = "Update every installed app.")
        boolean all;

        @Option(names = "--allow-downgrade", description = "Allow the catalog's newest release to be older than the installed one.")
        boolean allowDowngrade;

        @Override
        public Integer call() {
            if (all == !appIds.isEmpty()) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "give either APP_ID... or --all");
            }
            try (ClientService client = parent.open()) {
                List<InstallOutcome> outcomes = new ArrayList<>();
                if (all) {
                    outcomes.addAll(client.updateAll(allowDowngrade, (stage, f) -> { }));
                    if (client.installedApps().isEmpty()) {
                        spec.commandLine().getOut().println("no app is installed");
                    }
                    ClientHoldCommand.sayHeld(client, spec.commandLine().getOut());
                } else {
                    for (String id : appIds) {
                        if (client.held(id).isPresent()) {
                            ClientHoldCommand.sayHeld(client, id, spec.commandLine().getOut());
                            continue;
                        }
                        outcomes.add(client.update(id, allowDowngrade, parent.progress(client, id, null)));
                    }
                }
                boolean refused = false;
                boolean failed = false;
                for (InstallOutcome o : outcomes) {
                    if (o instanceof InstallOutcome.Failed f) {
                        refused |= f.cause() == org.caravan.core.client.Cause.REFUSED;
                        failed = true;
                        spec.commandLine().getErr().println("caravan: " + o.message());
                    } else {
                        spec.commandLine().getOut().println(o.message());
                    }
                }
                return refused ? org.caravan.tools.ExitCodes.REFUSED : failed ? org.caravan.tools.ExitCodes.FAILURE : 0;
            }
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = "Return an app to the version its last update replaced (if still trusted); the newer one is deleted. "
                    + "Exit 3 if that version is no longer trusted, 1 if there is none to return to.")
    static final class Rollback implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @ParentCommand
        ClientCommand parent;

        @Parameters(paramLabel = "APP_ID")
        String appId;

        @Override
        public Integer call() {
            try (ClientService client = parent.open()) {
                AppChange c = client.rollback(appId);
                if (c instanceof AppChange.Refused r) {
                    throw notDone(r.cause(), "not rolled back: " + r.message());
                }
                spec.commandLine().getOut().println(c.message() + " (held there: updates pass it by until caravan client "
                        + "unhold " + appId + ")");
            }
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Delete every installed version of an app.")
    static final class Remove implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @ParentCommand
        ClientCommand parent;

        @Parameters(paramLabel = "APP_ID")
        String appId;
        @Mixin
        Confirmation confirmation;

        @Override
        public Integer call() {
            try (ClientService client = parent.open()) {
                var installed = client.installed(appId);
                if (installed.isEmpty()) {
                    // Nothing to do is not a failure: the state the user asked for is the state there is.
                    spec.commandLine().getOut().println(appId + " is not installed: nothing to remove");
                    return 0;
                }
                confirmation.confirm("client remove", "delete " + appId + " " + installed.get().version()
                        + " and every version kept of it");
                AppChange c = client.remove(appId);
                if (c instanceof AppChange.Refused r) {
                    throw notDone(r.cause(), "not removed: " + r.message());
                }
                spec.commandLine().getOut().println(c.message());
            }
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Start an installed, still-trusted app with ARGS, in this terminal; exits with the app's "
                    + "exit code. Exit 3 if it is spurious (signer revoked) or no longer trusted.")
    static final class Run implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @ParentCommand
        ClientCommand parent;

        @Parameters(index = "0", paramLabel = "APP_ID")
        String appId;

        @Parameters(index = "1..*", paramLabel = "ARGS", description = "Passed to the app (put -- before them).")
        List<String> args = new ArrayList<>();

        @Option(names = "--override-spurious", description = "Start it even though its signer was revoked.")
        boolean overrideSpurious;

        @Override
        public Integer call() throws Exception {
            LaunchPlan plan;
            // The database is closed before the app starts: the app may run for hours.
            try (ClientService client = parent.open()) {
                plan = client.launchPlan(appId, overrideSpurious);
            }
            if (plan instanceof LaunchPlan.Refused r) {
                if (r.cause() == org.caravan.core.client.Cause.REFUSED) {
                    throw new RefusedException("not started: " + r.reason()); // exit 3: a rule said no
                }
                throw new IllegalStateException("not started: " + r.reason()); // exit 1: not installed, unreadable
            }
            LaunchPlan.Ready ready = (LaunchPlan.Ready) plan;
            if (ready.warning() != null) {
                spec.commandLine().getErr().println("caravan: warning: " + ready.warning());
                spec.commandLine().getErr().flush();
            }
            spec.commandLine().getOut().flush();
            // The app may run for hours: the home is let go first, so other commands need not wait for it.
            HomeContext.embeddedLock().ifPresent(org.caravan.core.service.HomeLock::close);
            var served = HomeContext.served();
            if (served.isPresent()) {
                // The app is the user's process in the user's terminal, not a child of the service.
                List<String> command = new ArrayList<>(ready.command());
                command.addAll(args);
                served.get().terminal().exec(command, ready.directory());
                return 0;
            }
            return AppRunner.run(ready, args);
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check every file of the installed apps (or of APP_ID) against the signed package they were "
                    + "installed from: files modified, missing, or added since; without APP_ID, also each store's "
                    + "catalog in the local database against the signed generation kept on disk (rows changed "
                    + "outside Caravan are restored from it). Exit 0 when all is intact, 3 when something was changed.")
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @ParentCommand
        ClientCommand parent;

        @Parameters(paramLabel = "APP_ID", arity = "0..1", description = "Only this app (default: every installed app).")
        String appId;

        @Option(names = "--json", description = "One JSON document instead of lines.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            List<AppIntegrity> found;
            List<StoreCheck> stores;
            try (ClientService client = parent.openExisting()) {
                // Without an app: the stores' rows too, against the signed generations kept on disk.
                stores = appId == null ? client.verifyStores() : List.of();
                found = client.verify(appId);
            }
            PrintWriter out = spec.commandLine().getOut();
            boolean bad = found.stream().anyMatch(a -> !(a instanceof AppIntegrity.Intact))
                    || stores.stream().anyMatch(c -> !(c instanceof StoreCheck.Intact));
            if (json) {
                var doc = JsonOutput.document("client-verify");
                doc.put("ok", !bad);
                var apps = doc.putArray("apps");
                for (AppIntegrity a : found) {
                    var m = apps.addObject().put("app", a.appId()).put("version", a.version());
                    if (a instanceof AppIntegrity.Intact i) {
                        m.put("state", "intact").put("files", i.files());
                    } else if (a instanceof AppIntegrity.Damaged d) {
                        m.put("state", "changed").put("folder", d.folder());
                        d.modified().forEach(m.putArray("modified")::add);
                        d.missing().forEach(m.putArray("missing")::add);
                        d.unexpected().forEach(m.putArray("unexpected")::add);
                    } else if (a instanceof AppIntegrity.Unverifiable u) {
                        m.put("state", "unverifiable").put("reason", u.reason());
                    }
                }
                var checked = doc.putArray("stores");
                for (StoreCheck c : stores) {
                    checked.addObject().put("store", c.storeName())
                            .put("state", c instanceof StoreCheck.Intact ? "intact"
                                    : c instanceof StoreCheck.Restored ? "restored" : "unverifiable")
                            .put("message", c.message());
                }
                JsonOutput.print(out, doc);
            } else {
                stores.forEach(c -> out.println(c.message()));
                if (found.isEmpty()) {
                    out.println("no app is installed");
                }
                for (AppIntegrity a : found) {
                    if (a instanceof AppIntegrity.Damaged d) {
                        out.println(d.appId() + " " + d.version() + ": CHANGED since install, in " + d.folder());
                        d.modified().forEach(p -> out.println("    modified   " + p));
                        d.missing().forEach(p -> out.println("    missing    " + p));
                        d.unexpected().forEach(p -> out.println("    unexpected " + p));
                        out.println("    restore it: caravan client repair " + d.appId()
                                + ", or caravan client remove " + d.appId() + " && caravan client install " + d.appId());
                    } else {
                        out.println(a.message());
                    }
                }
            }
            out.flush();
            return bad ? org.caravan.tools.ExitCodes.REFUSED : 0;
        }
    }

    @Command(name = "repair", mixinStandardHelpOptions = true,
            description = "Put the files of an installed app back as its signed package has them, from the package "
                    + "kept at install (checked again first: SHA-256, signatures, trust). Exit 3 if that package is "
                    + "gone or no longer passes; then remove the app and install it again.")
    static final class Repair implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @ParentCommand
        ClientCommand parent;

        @Parameters(paramLabel = "APP_ID")
        String appId;

        @Override
        public Integer call() {
            try (ClientService client = parent.open()) {
                AppChange c = client.repair(appId);
                if (c instanceof AppChange.Refused r) {
                    throw notDone(r.cause(), "not repaired: " + r.message());
                }
                spec.commandLine().getOut().println(c.message());
            }
            return 0;
        }
    }

    @Command(name = "plugin", mixinStandardHelpOptions = true,
            description = "Manage installed plugins: list, enable ID, disable ID, page APP_ID (show the app-page panels).")
    static final class Plugin implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @ParentCommand
        ClientCommand parent;

        @Parameters(index = "0", paramLabel = "ACTION", description = "list, enable, disable or page")
        String action;

        @Parameters(index = "1", arity = "0..1", paramLabel = "ID", description = "plugin id (enable, disable) or app id (page)")
        String id;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            if (!action.equals("list") && id == null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), action + " needs an ID");
            }
            try (ClientService client = parent.open()) {
                switch (action) {
                    case "list" -> {
                        for (PluginInfo p : client.plugins()) {
                            out.println(p.pluginId() + " " + p.version() + " " + p.extensionPoint() + " " + p.state().label()
                                    + (p.state() == PluginInfo.State.ENABLED ? "" : " — " + p.detail()));
                        }
                    }
                    case "enable", "disable" -> {
                        client.setPluginEnabled(id, action.equals("enable"));
                        out.println(action + "d " + id);
                    }
                    case "page" -> {
                        AppEntry app = client.apps().stream().filter(a -> a.appId().equals(id)).findFirst()
                                .orElseThrow(() -> new IllegalArgumentException("no subscribed store lists " + id));
                        for (PanelText p : client.appPagePanels(app)) {
                            if (p instanceof PanelText.Shown s) {
                                out.println("[" + s.title() + "] (" + s.pluginId() + ")");
                                out.println(s.text());
                            } else {
                                out.println("[plugin " + p.pluginId() + " failed] " + ((PanelText.Failed) p).reason());
                            }
                        }
                    }
                    default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                            "unknown action '" + action + "' (list, enable, disable, page)");
                }
            }
            return 0;
        }
    }

    @Command(name = "settings", mixinStandardHelpOptions = true,
            description = "Show or change this client's settings: sharing installed packages with other users "
                    + "(on by default), the upload limit, and automatic updates after each background sync (off by "
                    + "default). Prints the settings after any change.")
    static final class Settings implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @ParentCommand
        ClientCommand parent;

        @Option(names = "--seeding", paramLabel = "on|off", description = "Share installed packages with other users.")
        String seeding;

        @Option(names = "--upload-limit", paramLabel = "KIB",
                description = "Upload limit in KiB/s over everything the client shares; 0 for none (default 1024).")
        Long uploadLimit;

        @Option(names = "--auto-update", paramLabel = "on|off",
                description = "Install trusted updates after each background sync round.")
        String autoUpdate;

        private boolean onOff(String option, String value) {
            return switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "on", "true", "yes" -> true;
                case "off", "false", "no" -> false;
                default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        option + " takes on or off, not '" + value + "'");
            };
        }

        @Override
        public Integer call() {
            Boolean seed = seeding == null ? null : onOff("--seeding", seeding);
            Boolean auto = autoUpdate == null ? null : onOff("--auto-update", autoUpdate);
            if (uploadLimit != null && uploadLimit < 0) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--upload-limit must be 0 (none) or more KiB/s, not " + uploadLimit);
            }
            try (ClientService client = parent.open()) {
                if (seed != null) {
                    client.setSeeding(seed);
                }
                if (uploadLimit != null) {
                    client.setUploadLimit(uploadLimit);
                }
                if (auto != null) {
                    client.setAutoUpdate(auto);
                }
                PrintWriter out = spec.commandLine().getOut();
                out.println("seeding " + (client.seeding() ? "on" : "off"));
                long limit = client.uploadLimitKib();
                out.println("upload-limit " + (limit == 0 ? "none" : limit + " KiB/s"));
                out.println("auto-update " + (client.autoUpdate() ? "on" : "off"));
            }
            return 0;
        }
    }
}
