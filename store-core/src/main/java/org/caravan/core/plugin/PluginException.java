package org.caravan.core.plugin;

/** A plugin could not be loaded or failed in a call; the message names the plugin. */
public final class PluginException extends Exception {
    private static final long serialVersionUID = 1L;

    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
