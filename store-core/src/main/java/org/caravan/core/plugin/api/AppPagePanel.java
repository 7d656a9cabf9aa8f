package org.caravan.core.plugin.api;

/**
 * Extension point {@code app-page-panel}: a plugin that adds a titled text panel to the page of every app.
 * Implement it in a public class with a public no-argument constructor and name that class as the
 * manifest's {@code plugin.mainClass}. The client calls it off the user-interface thread, with a time limit,
 * and shows an exception or a timeout as a failed panel: a plugin cannot crash the client.
 * <p>
 * A plugin is loaded in a class loader of its own that sees the JDK, its own jar and this package only.
 */
public interface AppPagePanel {

    /** The panel's heading, e.g. "Release facts". */
    String title();

    /** The panel's text for one app; plain text, may span lines. */
    String text(AppPageContext app) throws Exception;
}
