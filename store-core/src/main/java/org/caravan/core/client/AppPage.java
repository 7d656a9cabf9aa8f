package org.caravan.core.client;

import java.util.List;
import org.caravan.core.catalog.AppDetails;

/**
 * Everything an app page shows about one app: its entry (newest release, trust state, installed version), what
 * its package says about it ({@code details}, null when it gives nothing), every release of it in every subscribed
 * store, newest first, each with its trust decision now ({@link ReleaseStanding}), and the version kept for a
 * rollback (null: none).
 */
public record AppPage(AppEntry app, AppDetails details, List<ReleaseStanding> releases, String previousVersion) {
    public AppPage {
        releases = List.copyOf(releases);
    }
}
