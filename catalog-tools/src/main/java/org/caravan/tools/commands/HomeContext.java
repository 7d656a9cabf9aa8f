package org.caravan.tools.commands;

import java.util.Optional;
import org.caravan.core.client.ClientService;
import org.caravan.core.service.CommandRunner;
import org.caravan.core.service.HomeLock;

/**
 * How the client command running on this thread reaches its home: forwarded to the service that owns it (the
 * service's open client, and the terminal the command was typed into), or run here with the home's lock taken by
 * the entry point (see {@link org.caravan.tools.Launch}). Neither: a test calling the commands directly.
 */
public final class HomeContext {
    /** A command the service runs for a forwarding process. */
    record Served(ClientService client, CommandRunner.Terminal terminal, boolean tty, int width) {}

    private static final ThreadLocal<Served> SERVED = new ThreadLocal<>();
    private static final ThreadLocal<HomeLock> EMBEDDED = new ThreadLocal<>();

    private HomeContext() {}

    /** The client of {@code home}: the service's own when this command was forwarded to it, else opened here. */
    static ClientService open(java.nio.file.Path home) {
        Optional<Served> served = served();
        return served.isPresent() ? served.get().client() : ClientService.open(home);
    }

    static Optional<Served> served() {
        return Optional.ofNullable(SERVED.get());
    }

    static void serve(Served served) {
        SERVED.set(served);
    }

    static void endServed() {
        SERVED.remove();
    }

    /** The lock of the home the entry point took for a command it runs itself (a long command may then serve). */
    static Optional<HomeLock> embeddedLock() {
        return Optional.ofNullable(EMBEDDED.get());
    }

    /** Runs {@code body} with {@code lock} as the home's lock held for it. */
    public static int withLock(HomeLock lock, java.util.function.IntSupplier body) {
        EMBEDDED.set(lock);
        try {
            return body.getAsInt();
        } finally {
            EMBEDDED.remove();
        }
    }
}
