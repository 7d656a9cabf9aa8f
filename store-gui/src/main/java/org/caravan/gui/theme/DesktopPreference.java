package org.caravan.gui.theme;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Whether the desktop asks for a dark look. JavaFX 21 cannot tell ({@code Platform.getPreferences()}
 * arrived in 22), so this reads what GTK desktops publish: {@code GTK_THEME} (e.g. {@code Adwaita:dark})
 * and GNOME's {@code color-scheme} setting. Anything else: no preference, and the window stays light.
 * Slow (it may start {@code gsettings}): call it off the JavaFX thread, once at start.
 */
public final class DesktopPreference {

    private DesktopPreference() {
    }

    /** The desktop's wish from this process's environment and GNOME's settings, if it states one. */
    public static Optional<Appearance> detect() {
        Optional<Appearance> fromEnv = fromEnvironment(System.getenv());
        return fromEnv.isPresent() ? fromEnv : fromColorScheme(gsettingsColorScheme());
    }

    /** {@code GTK_THEME} names the theme and, after a colon or as a "-dark" suffix, its variant. */
    static Optional<Appearance> fromEnvironment(Map<String, String> env) {
        String gtk = env.get("GTK_THEME");
        if (gtk == null || gtk.isBlank()) {
            return Optional.empty();
        }
        String theme = gtk.toLowerCase(Locale.ROOT);
        return Optional.of(theme.endsWith(":dark") || theme.endsWith("-dark") ? Appearance.DARK : Appearance.LIGHT);
    }

    /** GNOME 42+: {@code 'prefer-dark'}, {@code 'prefer-light'} or {@code 'default'}. */
    static Optional<Appearance> fromColorScheme(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim().replace("'", "");
        if (v.equals("prefer-dark")) {
            return Optional.of(Appearance.DARK);
        }
        return v.equals("prefer-light") ? Optional.of(Appearance.LIGHT) : Optional.empty();
    }

    private static String gsettingsColorScheme() {
        try {
            Process p = new ProcessBuilder("gsettings", "get", "org.gnome.desktop.interface", "color-scheme")
                    .redirectErrorStream(true).start();
            if (!p.waitFor(1, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null; // no gsettings: not a GNOME desktop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
