package org.caravan.gui.catalog;

import java.util.Objects;
import org.caravan.core.client.CaravanClient;
import org.caravan.core.client.ClientService;
import org.caravan.core.client.LaunchPlan;

/**
 * The window's port to starting an installed app, through the same launch plan as {@code caravan client
 * run} (trust decided again now, spurious apps refused). {@link CaravanClient} does not offer it yet; the
 * background service (issue 11) can take its place. Call off the FX thread.
 */
public interface AppLauncher {

    LaunchPlan plan(String appId);

    /** The in-process client's launcher, or null when {@code client} offers none. */
    static AppLauncher of(CaravanClient client) {
        Objects.requireNonNull(client, "client");
        if (client instanceof ClientService service) {
            return appId -> service.launchPlan(appId, false);
        }
        return null;
    }
}
