package org.caravan.tools.commands;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code caravan gui}: the desktop client window on a client home, started as ./caravan starts it (its class-data
 * archive, the launcher's locale data), so a user needs no Java command line of their own.
 */
@Command(name = "gui", mixinStandardHelpOptions = true,
        description = "Open the desktop client window on a client home (default: $CARAVAN_HOME or ~/.caravan) and wait "
                + "until it is closed. A new home starts with the first-run screen (choose the network, add a store). "
                + "While the window is open it serves the home: caravan client commands typed meanwhile go to it; "
                + "when a service already serves the home, the window is one more client of it. Needs a desktop "
                + "session (DISPLAY or WAYLAND_DISPLAY).")
public final class GuiCommand implements Callable<Integer> {
    @Option(names = "--home", paramLabel = "HOME",
            description = "The client's folder (database, apps). Default: $CARAVAN_HOME or ~/.caravan.")
    Path home;

    @Override
    public Integer call() throws Exception {
        if (System.getProperty("caravan.gui.classpath") == null) {
            throw new IllegalStateException("the client window is not built: start caravan with the ./caravan script "
                    + "of the project folder, which builds it");
        }
        if (!GuiLauncher.displayAvailable()) {
            throw new IllegalStateException("no display: DISPLAY and WAYLAND_DISPLAY are not set, and the window needs "
                    + "a desktop session; without one, use the caravan client commands (caravan client --help), or "
                    + "caravan demo --headless for the demo");
        }
        return GuiLauncher.run(ClientHome.resolve(home).toAbsolutePath().normalize());
    }
}
