package org.caravan.gui.catalog;

import java.util.Comparator;
import org.caravan.core.client.AppEntry;
import org.caravan.core.client.TrustState;
import org.caravan.gui.text.Texts;

/** How the Explore cards are ordered. Installed spurious apps stay on top whatever the order. */
public enum AppSort {
    /** The search's best matches first; without a search, by name. */
    RELEVANCE(null),
    NAME(Comparator.comparing((AppEntry a) -> a.name() == null ? "" : a.name(), String.CASE_INSENSITIVE_ORDER)
            .thenComparing(AppEntry::appId)),
    TRUST(Comparator.comparing((AppEntry a) -> a.state() == null ? 9 : rank(a.state()))
            .thenComparing(a -> a.name() == null ? "" : a.name(), String.CASE_INSENSITIVE_ORDER)),
    INSTALLED(Comparator.comparing((AppEntry a) -> a.installedVersion() == null ? 1 : 0)
            .thenComparing(a -> a.name() == null ? "" : a.name(), String.CASE_INSENSITIVE_ORDER)),
    STORE(Comparator.comparing((AppEntry a) -> a.storeName() == null ? "" : a.storeName(), String.CASE_INSENSITIVE_ORDER)
            .thenComparing(a -> a.name() == null ? "" : a.name(), String.CASE_INSENSITIVE_ORDER));

    private final Comparator<AppEntry> order;

    AppSort(Comparator<AppEntry> order) {
        this.order = order;
    }

    /** Null: keep the order the client gave. */
    Comparator<AppEntry> order() {
        return order;
    }

    private static int rank(TrustState s) {
        return switch (s) {
            case TRUSTED -> 0;
            case STALE -> 1;
            case REFUSED -> 2;
            case SPURIOUS -> 3;
        };
    }

    @Override
    public String toString() {
        return Texts.get("sort." + name().toLowerCase(java.util.Locale.ROOT));
    }
}
