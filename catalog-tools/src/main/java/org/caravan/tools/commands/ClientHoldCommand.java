package org.caravan.tools.commands;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.caravan.core.client.ClientService;
import org.caravan.core.client.InstalledRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code client hold|unhold ID}: keep an app at the version in use while updates (by hand with
 * {@code update --all}, or automatic) pass it by. A rollback holds the app by itself: the user went back for a
 * reason, and the next automatic update must not undo it.
 */
final class ClientHoldCommand {
    private ClientHoldCommand() {}

    @Command(name = "hold", mixinStandardHelpOptions = true,
            description = "Keep an installed app at its version: update --all and automatic updates pass it by until "
                    + "client unhold. A rollback holds the app by itself. Holding a held app is a no-op (exit 0).")
    static final class Hold implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @ParentCommand
        ClientCommand parent;

        @Parameters(paramLabel = "APP_ID")
        String appId;

        @Override
        public Integer call() {
            try (ClientService client = parent.openExisting()) {
                InstalledRecord r = client.installed(appId).orElseThrow(() -> new IllegalArgumentException(
                        appId + " is not installed: nothing to hold (caravan client list shows what is)"));
                boolean now = client.hold(appId);
                spec.commandLine().getOut().println(appId + " " + r.version() + (now ? " is held" : " is held already")
                        + ": updates pass it by (caravan client unhold " + appId + " releases it)");
            }
            return 0;
        }
    }

    @Command(name = "unhold", mixinStandardHelpOptions = true,
            description = "Release a hold: update --all and automatic updates update the app again. Releasing an app "
                    + "that is not held is a no-op (exit 0).")
    static final class Unhold implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @ParentCommand
        ClientCommand parent;

        @Parameters(paramLabel = "APP_ID")
        String appId;

        @Override
        public Integer call() {
            try (ClientService client = parent.openExisting()) {
                boolean was = client.unhold(appId);
                spec.commandLine().getOut().println(was ? appId + " is no longer held: updates include it again"
                        : appId + " was not held: nothing to do");
            }
            return 0;
        }
    }

    /** One line per held installed app, for {@code update --all}. */
    static void sayHeld(ClientService client, PrintWriter out) {
        for (InstalledRecord r : client.installedApps()) {
            if (client.held(r.appId()).isPresent()) {
                sayHeld(client, r.appId(), out);
            }
        }
    }

    static void sayHeld(ClientService client, String appId, PrintWriter out) {
        String version = client.installed(appId).map(InstalledRecord::version).orElse("?");
        out.println(appId + " " + version + " is held: not updated (caravan client unhold " + appId + ")");
    }
}
