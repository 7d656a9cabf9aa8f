package org.caravan.core.plugin.testing;

import org.caravan.core.plugin.api.AppPageContext;
import org.caravan.core.plugin.api.AppPagePanel;

/** A well-behaved test plugin; it also reports whether it can see the client's own classes (it must not). */
public final class ReleaseFactsPanel implements AppPagePanel {
    @Override
    public String title() {
        return "Release facts";
    }

    @Override
    public String text(AppPageContext app) {
        boolean seesClient;
        try {
            Class.forName("org.caravan.core.client.ClientService", false, getClass().getClassLoader());
            seesClient = true;
        } catch (ClassNotFoundException e) {
            seesClient = false;
        }
        return app.appId() + " " + app.version() + " in " + app.category() + "; loader "
                + getClass().getClassLoader().getName() + "; sees client classes: " + seesClient;
    }
}
