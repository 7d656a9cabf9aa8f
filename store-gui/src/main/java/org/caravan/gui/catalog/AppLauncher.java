package org.caravan.gui.catalog;

import java.util.Objects;
import org.caravan.core.client.CaravanClient;
import org.caravan.core.client.LaunchPlan;

/**
 * The window's port to starting an installed app, through the same launch plan as {@code caravan client
 * run} (trust decided again now, spurious apps refused), whether the window holds the home or is a client of the
 * service that does. Call off the FX thread.
 */
public interface AppLauncher {

    LaunchPlan plan(String appId);

    /** The launcher of {@code client}. */
    static AppLauncher of(CaravanClient client) {
        Objects.requireNonNull(client, "client");
        return client::launchPlan;
    }
}
