package org.caravan.tools.demo.plugin;

import org.caravan.core.plugin.api.AppPageContext;
import org.caravan.core.plugin.api.AppPagePanel;

/**
 * The demo store's plugin: an app-page panel with a few facts about the app shown. The demo copies this
 * class into the plugin's jar, so the client loads it from the signed package in its own class loader.
 */
public final class ReleaseFactsPanel implements AppPagePanel {
    @Override
    public String title() {
        return "Release facts";
    }

    @Override
    public String text(AppPageContext app) {
        return app.name() + " " + app.version() + " (" + app.appId() + "), category " + app.category() + "; "
                + (app.installedVersion() == null ? "not installed" : "installed " + app.installedVersion());
    }
}
