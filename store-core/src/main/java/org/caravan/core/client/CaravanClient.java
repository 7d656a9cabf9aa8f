package org.caravan.core.client;

import java.util.List;
import java.util.Optional;

/** What the desktop client needs from a user's Caravan installation. Implementations are thread-safe. */
public interface CaravanClient extends AutoCloseable {

    /** Every app of every subscribed store, from the local database. */
    List<AppEntry> apps();

    /**
     * The first {@code limit} apps of {@link #apps()}, in its order: a screen of cards at once, where reading
     * every app of a big catalog with its trust decision takes seconds.
     */
    List<AppEntry> apps(int limit);

    /**
     * How many peers this home's session is connected to for the catalog generation of {@code storeKey} it holds
     * and seeds; -1 when not known (the session has not started, or no generation is held yet).
     */
    /**
     * The keywords of each app that has any (space-separated), by app id: {@link #search} finds an app by them too,
     * so a face that searches the list it holds needs them.
     */
    java.util.Map<String, String> keywords();

    int storePeers(String storeKey);

    /**
     * The licence this home holds for {@code appId}, or that the app is licensed and locked here; empty for an app
     * not known to be licensed (a plain one, or one its catalog does not mark and whose package was not fetched yet).
     */
    Optional<AppLicence> licence(String appId);

    /**
     * {@link #licence} of every app this home holds a licence or device token for, and of every app its catalog marks
     * as licensed (locked when no licence is held).
     */
    List<AppLicence> licences();

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

    // ---- what the window's screens need (issue 13) ----------------------------------------------------

    /** The app page of {@code appId}: details, every release with its trust decision, the rollback version. */
    Optional<AppPage> appPage(String appId);

    /** The app's icon (PNG bytes) from its store's catalog; empty when its package gives none. */
    byte[] icon(String appId);

    /**
     * Installs {@code version} of {@code appId} (null: the newest), older releases too (a downgrade the user asked
     * for); {@code cancel} stops it before anything installed changes. Reports bytes, speed and peers through
     * {@link InstallProgress#transfer}.
     */
    InstallOutcome install(String appId, String version, InstallProgress progress, CancelToken cancel);

    /** Every installed plugin with its state: enabled, disabled by the user, or refused and why. */
    List<PluginInfo> plugins();

    /** Switches a plugin on or off; throws, naming it, when no such plugin is installed. */
    void setPluginEnabled(String pluginId, boolean enabled);

    /** The root keys of every synced store. */
    List<StoreRoot> roots();

    /** The user's own trust decisions. */
    List<org.caravan.keyring.trust.LocalOverride> overrides();

    /** Trusts {@code key} to sign {@code appId} on this machine only. */
    void trustKeyForApp(org.caravan.keyring.key.Fingerprint key, String appId);

    /** Never trusts {@code key} on this machine, whatever any store says. */
    void distrustKey(org.caravan.keyring.key.Fingerprint key);

    /** Forgets this machine's overrides of {@code key}; returns how many there were. */
    int forgetOverrides(org.caravan.keyring.key.Fingerprint key);

    /**
     * Every app as it would be if the user's overrides were exactly {@code overrides}: what a change of them
     * would do, shown before it is made. Changes nothing.
     */
    List<AppEntry> previewOverrides(List<org.caravan.keyring.trust.LocalOverride> overrides);

    /** Tells {@code listener} every {@link ClientEvent} from now on (keep it short); returns what removes it. */
    Runnable addEventListener(java.util.function.Consumer<ClientEvent> listener);

    /** The network the client uses. */
    org.caravan.core.net.NetworkConfig network();

    /**
     * Chooses the network (the first-run screen): saved at once, used by the next sync; nothing is sent before.
     *
     * @throws IllegalArgumentException when it cannot be used (a local network without nodes is allowed: not chosen yet)
     */
    void setNetwork(org.caravan.core.net.NetworkConfig config);

    /**
     * Whether and how installed {@code appId} may be started now, as {@code caravan client run} decides it (trust
     * decided again, a spurious app refused; no override). The caller starts a {@link LaunchPlan.Ready} itself.
     */
    LaunchPlan launchPlan(String appId);

    /** Whether installed packages are shared with other peers. */
    boolean seeding();

    void setSeeding(boolean on);

    /** The upload limit in KiB/s (0: none). */
    long uploadLimitKib();

    void setUploadLimit(long kibPerSecond);

    /** Whether each automatic sync also installs trusted updates. */
    boolean autoUpdate();

    void setAutoUpdate(boolean on);

    /** Saves how often to sync; at least a minute. */
    void setSyncInterval(java.time.Duration interval);

    @Override
    void close();
}
