package org.caravan.core.pkg;

import java.util.Locale;

/** What a package is: a standalone application or a plugin that extends the Caravan client. */
public enum PackageType {
    APP("app"),
    PLUGIN("plugin");

    private final String text;

    PackageType(String text) {
        this.text = text;
    }

    /** The word used in manifests and on the command line: {@code app} or {@code plugin}. */
    public String text() {
        return text;
    }

    /**
     * Parses {@code app} or {@code plugin} (exactly, lower case).
     *
     * @throws IllegalArgumentException naming the value
     */
    public static PackageType parse(String text) {
        for (PackageType t : values()) {
            if (t.text.equals(text)) {
                return t;
            }
        }
        throw new IllegalArgumentException("invalid package type '" + text + "': must be 'app' or 'plugin'"
                + (text != null && !text.equals(text.toLowerCase(Locale.ROOT)) ? " (lower case)" : ""));
    }

    @Override
    public String toString() {
        return text;
    }
}
