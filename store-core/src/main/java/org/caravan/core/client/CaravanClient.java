package org.caravan.core.client;

import java.util.List;
import java.util.Optional;

/** What the desktop client needs from a user's Caravan installation. Implementations are thread-safe. */
public interface CaravanClient extends AutoCloseable {

    /** Every app of every subscribed store, from the local database. */
    List<AppEntry> apps();

    /**
     * Apps whose name or summary matches every word of {@code text} (whole words or their beginnings),
     * best first, optionally only in {@code category}; a blank text lists the category.
     */
    List<AppEntry> search(String text, String category, int limit);

    /**
     * Subscribes to the store a magnet names, with the root set it pins if it names one ({@code &x.roots=});
     * false when the store was subscribed already.
     *
     * @throws IllegalArgumentException naming what is wrong with the magnet
     */
    boolean subscribe(String magnet);

    /** The subscribed stores. */
    List<StoreRecord> stores();

    /**
     * Ends the subscription to a store: its apps are no longer listed.
     *
     * @throws IllegalStateException naming the store's installed apps, which must be removed first
     */
    StoreRecord unsubscribe(String storeKey);

    /** Syncs every subscribed store now, one report per store; blocks. */
    List<SyncReport> sync();

    /** How often to sync when not told otherwise (a saved setting). */
    java.time.Duration syncInterval();

    /** Syncs every subscribed store now and then every {@code interval}, off the caller's thread. */
    void startAutoSync(java.time.Duration interval, java.util.function.Consumer<List<SyncReport>> listener);

    void stopAutoSync();

    /** Downloads, verifies and installs the newest release of {@code appId}; blocks; reports progress. */
    InstallOutcome install(String appId, InstallProgress progress);

    /** Installs the newest release of an installed app when it is newer and trusted; keeps the replaced one. */
    InstallOutcome update(String appId, InstallProgress progress);

    /** Returns to the version the last update replaced. */
    AppChange rollback(String appId);

    /** Deletes every installed version of an app. */
    AppChange remove(String appId);

    /** The version kept for {@link #rollback}, if any. */
    Optional<String> previousVersion(String appId);

    /** Panels of the enabled, trusted app-page plugins for this app; failures are reported, never thrown. */
    List<PanelText> appPagePanels(AppEntry app);

    @Override
    void close();
}
