package org.caravan.core.plugin.testing;

import org.caravan.core.plugin.api.AppPageContext;
import org.caravan.core.plugin.api.AppPagePanel;

/** A test plugin that fails at every page, as a buggy plugin would. */
public final class ThrowingPanel implements AppPagePanel {
    @Override
    public String title() {
        return "Broken";
    }

    @Override
    public String text(AppPageContext app) {
        throw new IllegalStateException("boom on " + app.appId());
    }
}
