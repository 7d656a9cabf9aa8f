package org.caravan.gui.catalog;

import java.util.List;
import org.caravan.core.client.AppEntry;
import org.caravan.core.client.TrustState;

/**
 * What the user must hear about the installed apps, read from the app list: updates waiting, and
 * installed apps whose signer was revoked (spurious), which go to the top of the list with a banner.
 */
record InstalledNews(List<AppEntry> updates, List<AppEntry> spurious) {

    InstalledNews {
        updates = List.copyOf(updates);
        spurious = List.copyOf(spurious);
    }

    static InstalledNews of(List<AppEntry> apps) {
        return new InstalledNews(
                apps.stream().filter(InstalledNews::hasUpdate).toList(),
                apps.stream().filter(InstalledNews::installedSpurious).toList());
    }

    /** Installed, an other version offered, and that version trusted. */
    static boolean hasUpdate(AppEntry app) {
        return AppText.isInstalled(app) && !AppText.sameVersionInstalled(app) && app.state() == TrustState.TRUSTED;
    }

    static boolean installedSpurious(AppEntry app) {
        return AppText.isInstalled(app) && app.state() == TrustState.SPURIOUS;
    }

    /** The list with installed spurious apps first, the rest in the order given. */
    static List<AppEntry> spuriousFirst(List<AppEntry> apps) {
        // Two passes, no sort: this runs on every keystroke, over 100 000 apps when the search box is cleared.
        List<AppEntry> out = new java.util.ArrayList<>(apps.size());
        for (AppEntry a : apps) {
            if (installedSpurious(a)) {
                out.add(a);
            }
        }
        if (out.isEmpty()) {
            return apps;
        }
        for (AppEntry a : apps) {
            if (!installedSpurious(a)) {
                out.add(a);
            }
        }
        return out;
    }

    /** The banner's words; empty when no installed app is spurious. */
    String banner() {
        if (spurious.isEmpty()) {
            return "";
        }
        String names = String.join(", ", spurious.stream().map(AppEntry::name).toList());
        return org.caravan.gui.text.Texts.get(spurious.size() == 1 ? "banner.spurious.one" : "banner.spurious.many", names);
    }
}
