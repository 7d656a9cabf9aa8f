package org.caravan.keyring.trust;

import java.util.regex.Pattern;

/** Where a certification applies: {@code global}, {@code app:<id>} or {@code category:<name>}. */
public record Scope(String value) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    public static final Scope GLOBAL = new Scope("global");

    public Scope {
        if (value == null) {
            throw new IllegalArgumentException("scope is missing");
        }
        if (!value.equals("global")) {
            int colon = value.indexOf(':');
            String kind = colon < 0 ? "" : value.substring(0, colon);
            String name = colon < 0 ? "" : value.substring(colon + 1);
            if (!(kind.equals("app") || kind.equals("category")) || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(
                        "invalid scope '" + value + "' (expected global, app:<id> or category:<name>)");
            }
        }
    }

    public static Scope parse(String text) {
        return new Scope(text == null ? null : text.trim());
    }

    public boolean isGlobal() {
        return value.equals("global");
    }

    /** Whether a key trusted in this scope may sign the given package. */
    public boolean covers(Subject subject) {
        if (isGlobal()) {
            return true;
        }
        if (value.startsWith("app:")) {
            return value.substring(4).equals(subject.appId());
        }
        return value.substring(9).equals(subject.category());
    }

    @Override
    public String toString() {
        return value;
    }
}
