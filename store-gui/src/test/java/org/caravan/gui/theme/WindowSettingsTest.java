package org.caravan.gui.theme;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The window remembers its size, place and look; the desktop's dark wish is read where GTK states it. */
class WindowSettingsTest {

    @TempDir
    Path tmp;

    @Test
    void sizePlaceAndLookSurviveARestart() {
        Path file = tmp.resolve("home").resolve(WindowSettings.FILE);
        WindowSettings first = WindowSettings.load(file);
        assertTrue(first.bounds().isEmpty());
        assertTrue(first.appearance().isEmpty());
        first.bounds(10, 20, 1024, 600);
        first.appearance(Appearance.DARK);
        first.save();

        WindowSettings again = WindowSettings.load(file);
        assertArrayEquals(new double[] {10, 20, 1024, 600}, again.bounds().orElseThrow());
        assertEquals(Optional.of(Appearance.DARK), again.appearance());
    }

    @Test
    void aDamagedFileMeansDefaultsNotAnError() throws Exception {
        Path file = tmp.resolve(WindowSettings.FILE);
        Files.writeString(file, "width=wide\nheight=\\u12\nappearance=purple\n");
        WindowSettings s = WindowSettings.load(file);
        assertTrue(s.bounds().isEmpty());
        assertTrue(s.appearance().isEmpty());
    }

    @Test
    void gtkThemeAndGnomeColorSchemeSayDarkOrLight() {
        assertEquals(Optional.of(Appearance.DARK), DesktopPreference.fromEnvironment(Map.of("GTK_THEME", "Adwaita:dark")));
        assertEquals(Optional.of(Appearance.DARK), DesktopPreference.fromEnvironment(Map.of("GTK_THEME", "Yaru-dark")));
        assertEquals(Optional.of(Appearance.LIGHT), DesktopPreference.fromEnvironment(Map.of("GTK_THEME", "Adwaita")));
        assertEquals(Optional.empty(), DesktopPreference.fromEnvironment(Map.of()));
        assertEquals(Optional.of(Appearance.DARK), DesktopPreference.fromColorScheme("'prefer-dark'\n"));
        assertEquals(Optional.of(Appearance.LIGHT), DesktopPreference.fromColorScheme("'prefer-light'"));
        assertEquals(Optional.empty(), DesktopPreference.fromColorScheme("'default'"));
        assertEquals(Optional.empty(), DesktopPreference.fromColorScheme(null));
    }
}
