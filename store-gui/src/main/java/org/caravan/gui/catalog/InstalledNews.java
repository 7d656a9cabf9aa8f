package org.caravan.gui.catalog;

import java.util.Comparator;
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
        return apps.stream().sorted(Comparator.comparing((AppEntry a) -> !installedSpurious(a))).toList();
    }

    /** The banner's words; empty when no installed app is spurious. */
    String banner() {
        if (spurious.isEmpty()) {
            return "";
        }
        String names = String.join(", ", spurious.stream().map(AppEntry::name).toList());
        return "⚠ " + names + (spurious.size() == 1 ? " is" : " are") + " installed, but signed with a key that was"
                + " revoked: it may not be what its developer made. Select it and press Remove.";
    }
}
