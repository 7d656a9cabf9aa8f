package org.caravan.core.client;

/** An installed plugin as the user manages it: enabled, disabled by the user, or refused (and why). */
public record PluginInfo(String pluginId, String version, String extensionPoint, State state, String detail) {
    public enum State {
        /** Trusted and switched on: loaded on first use. */
        ENABLED("enabled"),
        /** Switched off by the user ({@code client plugin disable}); never loaded. */
        DISABLED("disabled"),
        /** Not loaded: no longer trusted (spurious, refused), no plugin section, or needs a newer client. */
        REFUSED("refused");

        private final String label;

        State(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
