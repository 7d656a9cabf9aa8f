package org.caravan.gui.theme;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import atlantafx.base.theme.Theme;
import java.util.Locale;
import java.util.Optional;

/**
 * Light or dark: the AtlantaFX Primer theme as the whole application's user-agent stylesheet, with
 * Caravan's own stylesheet on top using only the theme's colour variables, so both look right.
 */
public enum Appearance {
    LIGHT(new PrimerLight()),
    DARK(new PrimerDark());

    private final Theme theme;

    Appearance(Theme theme) {
        this.theme = theme;
    }

    /** The AtlantaFX stylesheet for {@code Application.setUserAgentStylesheet}. */
    public String userAgentStylesheet() {
        return theme.getUserAgentStylesheet();
    }

    public Appearance other() {
        return this == LIGHT ? DARK : LIGHT;
    }

    /** The name kept in the window settings file. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Appearance> ofKey(String key) {
        if (key == null) {
            return Optional.empty();
        }
        for (Appearance a : values()) {
            if (a.key().equals(key.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
