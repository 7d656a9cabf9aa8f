package org.caravan.gui.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.caravan.core.client.AppEntry;
import org.caravan.core.client.TrustState;
import org.junit.jupiter.api.Test;

/** Updates waiting and installed apps turned spurious, as the window tells them. */
class InstalledNewsTest {

    private static AppEntry app(String name, String version, TrustState state, String installed) {
        return new AppEntry("Test Store", "org.example." + name.toLowerCase(), name, "", "office", version,
                "Developer", "2D52AB7F189B849C", state, installed, "");
    }

    private static final AppEntry NOTES_UPDATE = app("Notes", "1.3.0", TrustState.TRUSTED, "1.2.0");
    private static final AppEntry MAPS_CURRENT = app("Maps", "3.1.0", TrustState.TRUSTED, "3.1.0");
    private static final AppEntry CHESS_REFUSED_NEWER = app("Chess", "1.0.0", TrustState.REFUSED, "0.9.0");
    private static final AppEntry PAINT_INSTALLED_SPURIOUS = app("Paint", "2.0.1", TrustState.SPURIOUS, "2.0.1");
    private static final AppEntry WEATHER_NOT_INSTALLED = app("Weather", "0.3.0", TrustState.SPURIOUS, null);

    private static final List<AppEntry> ALL = List.of(
            NOTES_UPDATE, MAPS_CURRENT, CHESS_REFUSED_NEWER, WEATHER_NOT_INSTALLED, PAINT_INSTALLED_SPURIOUS);

    @Test
    void onlyTrustedNewerReleasesOfInstalledAppsCountAsUpdates() {
        assertEquals(List.of(NOTES_UPDATE), InstalledNews.of(ALL).updates());
    }

    @Test
    void anInstalledSpuriousAppGoesFirstAndIsNamedInTheBanner() {
        InstalledNews news = InstalledNews.of(ALL);
        assertEquals(List.of(PAINT_INSTALLED_SPURIOUS), news.spurious());
        assertEquals(PAINT_INSTALLED_SPURIOUS, InstalledNews.spuriousFirst(ALL).get(0));
        assertEquals(List.of(NOTES_UPDATE, MAPS_CURRENT, CHESS_REFUSED_NEWER, WEATHER_NOT_INSTALLED),
                InstalledNews.spuriousFirst(ALL).subList(1, 5), "the others keep their order");
        assertEquals("⚠ Paint is installed, but signed with a key that was revoked: it may not be what its developer"
                + " made. Select it and press Remove.", news.banner());
    }

    @Test
    void noBannerWithoutAnInstalledSpuriousApp() {
        assertEquals("", InstalledNews.of(List.of(NOTES_UPDATE, WEATHER_NOT_INSTALLED)).banner());
    }
}
