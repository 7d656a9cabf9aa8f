package org.caravan.tools.commands;

import java.nio.file.Files;
import java.nio.file.Path;
import org.caravan.core.client.ClientService;

/**
 * Where a client's home is, the same for every command group: {@code --home}, else {@code $CARAVAN_HOME}, else
 * {@code ~/.caravan}. Commands that only read refuse a home that does not exist rather than create an empty
 * one at a mistyped path and report "nothing installed".
 */
final class ClientHome {
    static final String ENV = "CARAVAN_HOME";

    private ClientHome() {}

    static Path resolve(Path given) {
        if (given != null) {
            return given;
        }
        String env = System.getenv(ENV);
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".caravan");
    }

    /**
     * Opens the home, creating it when it is new (subscribe, install, settings...); a command forwarded to the
     * service that owns the home gets the service's own open client (whose close() does nothing).
     */
    static ClientService open(Path given) {
        var served = HomeContext.served();
        return served.isPresent() ? served.get().client() : ClientService.open(resolve(given));
    }

    /** Opens a home that must exist already: for commands that only report (list, show, status...). */
    static ClientService openExisting(Path given) {
        var served = HomeContext.served();
        if (served.isPresent()) {
            return served.get().client();
        }
        Path home = resolve(given);
        if (!Files.exists(home)) {
            throw new IllegalArgumentException("no Caravan home at " + home.toAbsolutePath()
                    + " (create it with `caravan client subscribe ...` or check --home)");
        }
        return ClientService.open(home);
    }
}
