package org.caravan.keyring.trust;

import java.util.regex.Pattern;

/**
 * Where a certification applies: {@code global}, {@code app:<id>}, {@code category:<name>} or
 * {@code category:<name>+plugins}. A category scope covers only apps of that category unless it says
 * {@code +plugins}: a plugin runs inside another app, so signing one is a separate privilege.
 */
public record Scope(String value) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final String PLUGINS = "+plugins";
    public static final Scope GLOBAL = new Scope("global");

    public Scope {
        if (value == null) {
            throw new IllegalArgumentException("scope is missing");
        }
        if (!value.equals("global")) {
            int colon = value.indexOf(':');
            String kind = colon < 0 ? "" : value.substring(0, colon);
            String name = colon < 0 ? "" : value.substring(colon + 1);
            if (kind.equals("category") && name.endsWith(PLUGINS)) {
                name = name.substring(0, name.length() - PLUGINS.length());
            }
            if (!(kind.equals("app") || kind.equals("category")) || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("invalid scope '" + value
                        + "' (expected global, app:<id>, category:<name> or category:<name>+plugins)");
            }
        }
    }

    public static Scope parse(String text) {
        return new Scope(text == null ? null : text.trim());
    }

    public static Scope app(String id) {
        return new Scope("app:" + id);
    }

    public static Scope category(String name) {
        return new Scope("category:" + name);
    }

    public boolean isGlobal() {
        return value.equals("global");
    }

    /** Whether keys trusted in this scope may sign plugins (beyond an {@code app:} scope naming the plugin itself). */
    public boolean allowsPlugins() {
        return isGlobal() || value.startsWith("app:") || value.endsWith(PLUGINS);
    }

    /** Whether a key trusted in this scope may sign the given package. */
    public boolean covers(Subject subject) {
        if (isGlobal()) {
            return true;
        }
        if (value.startsWith("app:")) {
            return value.substring(4).equals(subject.appId());
        }
        if (subject.isPlugin() && !allowsPlugins()) {
            return false;
        }
        return categoryName().equals(subject.category());
    }

    /**
     * Whether trust in this scope includes trust in {@code narrower}: global includes everything, a scope
     * includes itself, and {@code category:x+plugins} includes {@code category:x}. Which apps a category
     * holds is known only for a given package, so a category never includes an app scope here.
     */
    public boolean includes(Scope narrower) {
        if (isGlobal() || equals(narrower)) {
            return true;
        }
        return value.endsWith(PLUGINS) && narrower.value.equals(value.substring(0, value.length() - PLUGINS.length()));
    }

    private String categoryName() {
        String name = value.substring(9);
        return name.endsWith(PLUGINS) ? name.substring(0, name.length() - PLUGINS.length()) : name;
    }

    @Override
    public String toString() {
        return value;
    }
}
