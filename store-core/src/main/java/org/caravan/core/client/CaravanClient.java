package org.caravan.core.client;

import java.util.List;

/** What the desktop client needs from a user's Caravan installation. Implementations are thread-safe. */
public interface CaravanClient extends AutoCloseable {

    /** Every app of every subscribed store, from the local database. */
    List<AppEntry> apps();

    /** Downloads, verifies and installs the newest release of {@code appId}; blocks; reports progress. */
    InstallOutcome install(String appId, InstallProgress progress);

    @Override
    void close();
}
