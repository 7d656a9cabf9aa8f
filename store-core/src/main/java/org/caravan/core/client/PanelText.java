package org.caravan.core.client;

/** One plugin panel for an app page: its text, or why the plugin could not give one. */
public sealed interface PanelText {
    String pluginId();

    record Shown(String pluginId, String title, String text) implements PanelText {}

    record Failed(String pluginId, String reason) implements PanelText {}
}
