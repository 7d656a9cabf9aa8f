package org.caravan.core.client;

import java.nio.file.Path;
import java.util.List;

/** A user's Caravan installation in a home folder: its H2 database, apps folder and network settings. */
public final class ClientService implements CaravanClient {

    /** Opens (creating if needed) the installation at {@code home}. */
    public static ClientService open(Path home) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    @Override
    public List<AppEntry> apps() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    @Override
    public InstallOutcome install(String appId, InstallProgress progress) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    @Override
    public void close() {
    }
}
