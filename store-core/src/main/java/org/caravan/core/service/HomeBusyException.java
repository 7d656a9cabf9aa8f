package org.caravan.core.service;

import java.io.IOException;
import java.nio.file.Path;

/** A home is owned by another process (a service, a window or a running command): it cannot be served twice. */
public final class HomeBusyException extends IOException {
    private final Path home;

    public HomeBusyException(Path home) {
        super("the client home " + home + " is already served by " + HomeLock.holder(home)
                + "; commands typed meanwhile are answered by it, or stop it first: caravan client --home " + home
                + " service stop");
        this.home = home;
    }

    public Path home() {
        return home;
    }
}
