package org.caravan.core.net;

import java.util.List;
import org.libtorrent4j.SettingsPack;

/**
 * For test-side tools that drive raw libtorrent sessions (the settings probe of the install benchmark):
 * Caravan's own loopback settings, from {@link SessionSettingsFactory}, so no probe builds its own.
 */
public final class LoopbackSettings {
    private LoopbackSettings() {}

    public static SettingsPack get() {
        return SessionSettingsFactory.settingsFor(NetworkConfig.loopback(List.of()));
    }
}
