package org.caravan.gui.catalog;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.scene.Parent;
import org.caravan.core.client.AppChange;
import org.caravan.core.client.AppEntry;
import org.caravan.core.client.PanelText;
import org.caravan.core.client.StoreRecord;
import org.caravan.core.client.SyncReport;
import org.caravan.core.client.CaravanClient;
import org.caravan.core.client.InstallOutcome;
import org.caravan.core.client.TrustState;
import org.caravan.gui.fx.FxBridge;

/**
 * The app list screen: every app of the subscribed stores, its trust state and why, and installing
 * the selected one. Client calls run on {@code background}; results come back through the
 * {@link FxBridge}. All methods except the constructor run on the FX thread.
 */
public final class CatalogController {

    /** A person cannot read faster than this; more frequent progress updates only cost CPU. */
    static final Duration PROGRESS_SAMPLE = Duration.ofMillis(200);
    /** More than a screen of results is never read. */
    static final int SEARCH_LIMIT = 500;
    /** Cards shown before every app is read: a few screens' worth. */
    static final int FIRST_PAGE = 100;

    private final CaravanClient client;
    private final Executor background;
    private final FxBridge bridge;
    private final CatalogModel model = new CatalogModel();
    private final CatalogView view;
    private final AppLauncher launcher;
    private final org.caravan.gui.downloads.Downloads downloads;
    private final IconCache icons;
    /** The list as the client gave it, before the chosen sort. */
    private List<AppEntry> unsorted = List.of();

    /** Identifies the install whose progress the bar shows; late samples of older installs are ignored. */
    private Object currentInstall;

    /** Reads the plugin panels of each newly selected app. */
    private final javafx.beans.value.ChangeListener<AppEntry> panelLoader = (obs, old, now) -> {
        loadPanels(now);
        loadPage(now);
    };

    /** A refresh was asked for while one was running; its answer may predate the request. */
    private boolean refreshAgain;
    private boolean refreshEverything;
    /** Every app as last read in full; null before the first read. */
    private List<AppEntry> lastAll;
    /**
     * The newest full read indexed for search as you type; null until the first is. Written and read on the
     * {@link #searcher} thread only, so a search handed to it after a full read always finds that read's index.
     */
    private Indexed indexed;
    /** Runs once the first full read is shown (or failed): the window's first automatic sync waits for it. */
    private Runnable afterFirstRead;
    /** The list is being read from the client (the mutex of {@link #refresh}). */
    private boolean reading;
    /** A search as you type is on its way. */
    private boolean searching;
    /** Identifies the newest search; an answer with an older ticket is dropped. */
    private long searchTicket;
    /** The newest search not yet started; older ones waiting are replaced, never run. */
    private final java.util.concurrent.atomic.AtomicReference<Runnable> pendingSearch =
            new java.util.concurrent.atomic.AtomicReference<>();
    /**
     * Searches and indexing run on a thread of their own: the shared pool may be busy with an install or a sync,
     * and a keystroke must not wait behind them.
     */
    private final java.util.concurrent.ExecutorService searcher = java.util.concurrent.Executors
            .newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "caravan-search");
                t.setDaemon(true);
                return t;
            });

    public CatalogController(CaravanClient client, Executor background, FxBridge bridge) {
        this(client, background, bridge, new org.caravan.gui.downloads.Downloads());
    }

    /** With the window's Downloads panel, where every install started here is listed. */
    public CatalogController(CaravanClient client, Executor background, FxBridge bridge,
            org.caravan.gui.downloads.Downloads downloads) {
        this.client = Objects.requireNonNull(client, "client");
        this.background = Objects.requireNonNull(background, "background");
        this.bridge = Objects.requireNonNull(bridge, "bridge");
        this.downloads = Objects.requireNonNull(downloads, "downloads");
        this.launcher = AppLauncher.of(client);
        this.icons = new IconCache(client, background, bridge);
        this.view = new CatalogView(model, this, icons);
    }

    public Parent view() {
        return view.root();
    }

    /** Binds the screen and starts the first read of the app list. */
    public void onActivate() {
        model.installDisabled().bind(Bindings.createBooleanBinding(
                () -> model.installing().get() || !installable(model.selected().get()) || model.locked(),
                model.installing(), model.selected(), model.licence()));
        model.installHint().bind(Bindings.createStringBinding(
                () -> model.locked() ? org.caravan.gui.text.Texts.get("licence.hint.locked") : hint(model.selected().get()),
                model.selected(), model.licence()));
        model.installText().bind(Bindings.createStringBinding(
                () -> installText(model.selected().get()), model.selected()));
        model.changeDisabled().bind(Bindings.createBooleanBinding(
                () -> model.installing().get() || !AppText.isInstalled(model.selected().get()),
                model.installing(), model.selected()));
        model.runDisabled().bind(Bindings.createBooleanBinding(
                () -> model.installing().get() || !AppText.isInstalled(model.selected().get()),
                model.installing(), model.selected()));
        model.confirmingRemove().bind(Bindings.createBooleanBinding(
                () -> model.removeAsked().get() != null && Objects.equals(model.removeAsked().get(), model.selected().get())
                        && !model.changeDisabled().get(),
                model.removeAsked(), model.selected(), model.changeDisabled()));
        model.removeText().bind(Bindings.createStringBinding(
                () -> removeText(model.selected().get()), model.selected()));
        model.selected().addListener(panelLoader);
        view.onActivate();
        onRefresh();
    }

    /**
     * The first screen of cards at once, on the window's first read: at 100 000 apps reading every app with its
     * trust decision takes seconds, and the window should not stay empty meanwhile. Runs on the background thread
     * that then reads everything; Refresh stays disabled until that read is in.
     */
    private void showFirstPage(List<StoreRecord> stores) {
        List<AppEntry> page = List.copyOf(client.apps(FIRST_PAGE));
        if (page.isEmpty()) {
            return;
        }
        java.util.concurrent.CountDownLatch drawn = new java.util.concurrent.CountDownLatch(1);
        bridge.run(() -> {
            try {
                // A search typed meanwhile has its own answer on screen.
                if (lastAll != null || !reading || filtering(currentText(), currentCategory())) {
                    return;
                }
                model.stores().setAll(stores);
                unsorted = page;
                showSorted(page);
                model.summary().set(org.caravan.gui.text.Texts.get("summary.reading", page.size()));
                view.layoutCards();
            } finally {
                drawn.countDown();
            }
        });
        try {
            // The full read (seconds of CPU at 100 000 apps) waits until these cards are laid out: on a 2-core
            // machine it would otherwise take a core from the first frame, which is what the user waits for.
            drawn.await(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A full read and its index. */
    private record Indexed(List<AppEntry> all, AppFinder finder) {}

    /**
     * Indexes a new full read for search as you type, on the search thread (called by the read's own thread as soon
     * as the apps are in): a search handed to it later finds the index ready; one handed to it before asks the client.
     */
    private void indexLater(List<AppEntry> all) {
        try {
            searcher.execute(() -> {
                java.util.Map<String, String> keywords;
                try {
                    keywords = client.keywords();
                } catch (RuntimeException e) {
                    return; // the client is closing: the search keeps asking it, as before the first read
                }
                indexed = new Indexed(all, AppFinder.of(all, keywords));
            });
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // The window closed while the list was read: nothing to search any more.
        }
    }

    /**
     * Runs {@code then} on the FX thread once the first full read of the list is shown (or has failed); at once if it
     * already is. The window's first automatic sync waits for it: at launch a sync's work would take a core from the
     * first cards.
     */
    public void whenFirstListed(Runnable then) {
        Objects.requireNonNull(then, "then");
        if (lastAll != null || (!reading && afterFirstRead == null)) {
            then.run();
        } else {
            Runnable before = afterFirstRead;
            afterFirstRead = before == null ? then : () -> {
                before.run();
                then.run();
            };
        }
    }

    private void firstReadDone() {
        Runnable then = afterFirstRead;
        afterFirstRead = null;
        if (then != null) {
            then.run();
        }
    }

    public void onDeactivate() {
        searcher.shutdownNow();
        view.onDeactivate();
        model.installDisabled().unbind();
        model.installHint().unbind();
        model.installText().unbind();
        model.selected().removeListener(panelLoader);
        model.changeDisabled().unbind();
        model.runDisabled().unbind();
        model.confirmingRemove().unbind();
        model.removeText().unbind();
        currentInstall = null;
    }

    void onRefresh() {
        refresh(true);
    }

    /**
     * Reads the list again; {@code everything} also reads every app (for the categories, updates and the spurious
     * banner). A keystroke in the search box does not: at 100 000 apps that read costs more than the search.
     */
    private void refresh(boolean everything) {
        if (reading) {
            refreshAgain = true;
            refreshEverything |= everything;
            return;
        }
        reading = true;
        // A search answer still on its way is for the list being replaced.
        searchTicket++;
        searching = false;
        showLoading();
        String text = currentText();
        String category = currentCategory();
        List<AppEntry> known = everything ? null : lastAll;
        boolean firstRead = lastAll == null && !filtering(text, category);
        background.execute(() -> {
            try {
                List<StoreRecord> stores = List.copyOf(client.stores());
                if (firstRead) {
                    showFirstPage(stores);
                }
                List<AppEntry> all = known != null ? known : List.copyOf(client.apps());
                if (known == null) {
                    // Indexed while the rest of the read and the list's display go on: a key typed the moment the
                    // list is complete finds the index (nearly) ready.
                    indexLater(all);
                }
                List<org.caravan.core.client.AppLicence> held = known != null ? null : client.licences();
                List<AppEntry> apps = filtering(text, category)
                        ? List.copyOf(client.search(text, category, SEARCH_LIMIT)) : all;
                List<String> categories = all.stream().map(AppEntry::category).filter(c -> !c.isBlank())
                        .distinct().sorted().toList();
                bridge.run(() -> {
                    reading = false;
                    showLoading();
                    lastAll = all;
                    if (held != null) {
                        showLicences(held);
                    }
                    model.stores().setAll(stores);
                    showCategories(categories);
                    InstalledNews news = InstalledNews.of(all);
                    model.updates().setAll(news.updates());
                    model.spuriousBanner().set(news.banner());
                    unsorted = apps;
                    showSorted(apps);
                    if (filtering(text, category)) {
                        // "0 apps from 0 stores" under a search would read as if the stores were gone.
                        model.summary().set(org.caravan.gui.text.Texts.get("explore.summary.filtered", apps.size(), all.size()));
                    }
                    model.emptyText().set(emptyText(stores.isEmpty(), text, category));
                    refreshIfAsked();
                    if (!reading && (!text.equals(currentText()) || !Objects.equals(category, currentCategory()))) {
                        // Typed while the list was read: show the answer for what the box says now.
                        onFilter();
                    }
                    firstReadDone();
                });
            } catch (RuntimeException e) {
                bridge.run(() -> {
                    reading = false;
                    showLoading();
                    report(StatusKind.FAILURE, org.caravan.gui.text.Texts.get("explore.read.failed", describe(e)));
                    refreshIfAsked();
                    firstReadDone();
                });
            }
        });
    }

    /**
     * Subscribes to the store whose magnet is in the field and fetches its catalog, off the FX thread; the
     * status bar says what came of it (the magnet's problem, the sync's refusal, or the apps now listed).
     */
    void onAddStore() {
        String magnet = model.storeMagnet().get() == null ? "" : model.storeMagnet().get().trim();
        if (model.addingStore().get()) {
            return;
        }
        if (magnet.isEmpty()) {
            report(StatusKind.FAILURE, org.caravan.gui.text.Texts.get("explore.store.magnet.missing"));
            return;
        }
        model.addingStore().set(true);
        report(StatusKind.INFO, org.caravan.gui.text.Texts.get("explore.store.adding"));
        storeChange("explore.store.notadded", () -> {
            boolean added = client.subscribe(magnet);
            List<SyncReport> reports = client.sync();
            return new Said(reports.stream().allMatch(SyncReport::ok) ? StatusKind.SUCCESS : StatusKind.FAILURE,
                    org.caravan.gui.text.Texts.get(added ? "explore.store.added" : "explore.store.already",
                            String.join("; ", reports.stream().map(SyncReport::message).toList())));
        }, said -> {
            model.addingStore().set(false);
            if (said.kind() == StatusKind.SUCCESS) {
                model.storeMagnet().set("");
            }
        });
    }

    /**
     * Leaves a store (the Stores menu), off the FX thread; refused, and said so, while one of its apps is
     * installed.
     */
    void onLeave(StoreRecord store) {
        report(StatusKind.INFO, org.caravan.gui.text.Texts.get("explore.store.leaving", store.displayName()));
        storeChange("explore.store.notleft", () -> {
            client.unsubscribe(store.storeKey());
            return new Said(StatusKind.SUCCESS, org.caravan.gui.text.Texts.get("explore.store.left", store.displayName()));
        }, said -> { });
    }

    /** What the status line says after a change to the subscriptions. */
    private record Said(StatusKind kind, String message) {}

    /**
     * Runs a change to the subscriptions off the FX thread; back on it, {@code then} sees the outcome (a failure
     * is {@code failed} and the reason), the status line says it and the list is read again.
     */
    private void storeChange(String failedKey, java.util.function.Supplier<Said> change, Consumer<Said> then) {
        background.execute(() -> {
            Said said;
            try {
                said = change.get();
            } catch (RuntimeException e) {
                said = new Said(StatusKind.FAILURE, org.caravan.gui.text.Texts.get(failedKey, describe(e)));
            }
            Said done = said;
            bridge.run(() -> {
                then.accept(done);
                report(done.kind(), done.message());
                onRefresh();
            });
        });
    }

    /** What the empty list says: why there is nothing, and what to do about it. */
    static String emptyText(boolean noStores, String text, String category) {
        if (noStores) {
            return org.caravan.gui.text.Texts.get("empty.noapps");
        }
        if (!text.isEmpty()) {
            return category == null ? org.caravan.gui.text.Texts.get("empty.noresults", text)
                    : org.caravan.gui.text.Texts.get("empty.noresults.category", text, readableCategory(category));
        }
        return category == null ? org.caravan.gui.text.Texts.get("empty.noapps")
                : org.caravan.gui.text.Texts.get("empty.category", readableCategory(category));
    }

    /** "dev-tools" reads "Dev tools": the catalog's category ids are made for machines. */
    public static String readableCategory(String id) {
        if (id == null || id.isBlank()) {
            return "";
        }
        String words = id.replace('-', ' ').replace('_', ' ').trim();
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** The first-run screen closed: the network is chosen, perhaps a store added; show what came of it. */
    public void onFirstRunDone(boolean ok, String message) {
        report(ok ? StatusKind.SUCCESS : StatusKind.FAILURE, message);
        onRefresh();
    }

    /** Puts a button of the window (such as the light/dark switch) into this screen's header. */
    public void addHeaderTool(javafx.scene.Node tool) {
        view.addHeaderTool(tool);
    }

    /** Ctrl+F. */
    public void onFocusSearch() {
        view.focusSearch();
    }

    /**
     * Check now (F5): a real sync of every store, off the FX thread, then the list read again; the status
     * line says what each store answered.
     */
    public void onSyncNow() {
        if (model.syncing().get()) {
            return;
        }
        model.syncing().set(true);
        report(StatusKind.INFO, org.caravan.gui.text.Texts.get("explore.sync.checking"));
        background.execute(() -> {
            Said said;
            try {
                List<SyncReport> reports = client.sync();
                said = reports.isEmpty() ? new Said(StatusKind.INFO, org.caravan.gui.text.Texts.get("explore.sync.nostore"))
                        : new Said(reports.stream().allMatch(SyncReport::ok) ? StatusKind.SUCCESS : StatusKind.FAILURE,
                                String.join("; ", reports.stream().map(SyncReport::message).toList()));
            } catch (RuntimeException e) {
                said = new Said(StatusKind.FAILURE, org.caravan.gui.text.Texts.get("explore.sync.failed", describe(e)));
            }
            Said done = said;
            bridge.run(() -> {
                model.syncing().set(false);
                report(done.kind(), done.message());
                onRefresh();
            });
        });
    }

    /** A plugin was switched on or off: the selected app's page shows its panels again. */
    public void onPluginsChanged() {
        loadPanels(model.selected().get());
    }

    /** Another screen changed what the list shows (a store left, a trust override): read it again. */
    public void onRefreshAll() {
        icons.clear();
        onRefresh();
    }

    /**
     * The search box or the category filter changed: searched in memory over the last full read, off the FX
     * thread, the newest text winning (a keystroke typed while an older one is searched makes that one's answer
     * moot: it is never shown). A search typed while the first full read is still on its way asks the client
     * instead, so the window answers from its first cards on; one typed while that read is being indexed waits
     * for the index (a fraction of a second), which then answers every later keystroke in milliseconds.
     */
    void onFilter() {
        if (searcher.isShutdown()) {
            return;
        }
        List<AppEntry> all = lastAll;
        if (all == null && !reading) {
            refresh(false);
            return;
        }
        String text = currentText();
        String category = currentCategory();
        long ticket = ++searchTicket;
        searching = true;
        showLoading();
        pendingSearch.set(() -> {
            Indexed index = indexed;
            List<AppEntry> apps;
            if (index != null && index.all() == all) {
                apps = filtering(text, category) ? index.finder().find(text, category, SEARCH_LIMIT) : all;
            } else if (!filtering(text, category) && all != null) {
                apps = all;
            } else {
                try {
                    apps = List.copyOf(client.search(text, category, SEARCH_LIMIT));
                } catch (RuntimeException e) {
                    bridge.run(() -> {
                        if (ticket == searchTicket) {
                            searching = false;
                            showLoading();
                            report(StatusKind.FAILURE, org.caravan.gui.text.Texts.get("explore.read.failed", describe(e)));
                        }
                    });
                    return;
                }
            }
            List<AppEntry> found = apps;
            bridge.run(() -> {
                if (ticket != searchTicket) {
                    return;
                }
                searching = false;
                showLoading();
                unsorted = found;
                showSorted(found);
                if (filtering(text, category) && all != null) {
                    model.summary().set(org.caravan.gui.text.Texts.get("explore.summary.filtered", found.size(), all.size()));
                }
                model.emptyText().set(emptyText(model.stores().isEmpty(), text, category));
            });
        });
        searcher.execute(() -> {
            Runnable newest = pendingSearch.getAndSet(null);
            if (newest != null) {
                newest.run();
            }
        });
    }

    private String currentText() {
        return model.searchText().get() == null ? "" : model.searchText().get().trim();
    }

    private String currentCategory() {
        return CatalogModel.ALL_CATEGORIES.equals(model.category().get()) ? null : model.category().get();
    }

    /** Refresh is disabled while the list is being read or searched. */
    private void showLoading() {
        model.loading().set(reading || searching);
    }

    /** A background sync finished: show what changed. Runs on the FX thread (through the bridge). */
    public void onSynced(List<SyncReport> reports) {
        if (reports.stream().anyMatch(r -> r.outcome() == SyncReport.Outcome.UPDATED)) {
            onRefresh();
        }
        reports.stream().filter(r -> !r.ok()).findFirst()
                .ifPresent(r -> report(StatusKind.FAILURE, r.message()));
    }

    private static boolean filtering(String text, String category) {
        return !text.isEmpty() || category != null;
    }

    private void showCategories(List<String> found) {
        List<String> items = new java.util.ArrayList<>();
        items.add(CatalogModel.ALL_CATEGORIES);
        items.addAll(found);
        if (!model.categories().equals(items)) {
            String chosen = model.category().get();
            model.categories().setAll(items);
            model.category().set(items.contains(chosen) ? chosen : CatalogModel.ALL_CATEGORIES);
        }
    }

    private void refreshIfAsked() {
        if (refreshAgain) {
            refreshAgain = false;
            boolean everything = refreshEverything;
            refreshEverything = false;
            refresh(everything);
        }
    }

    void onSelect(AppEntry app) {
        if (!Objects.equals(model.selected().get(), app)) {
            model.selected().set(app);
        }
    }

    void onInstall() {
        AppEntry app = model.selected().get();
        if (app == null || model.installDisabled().get()) {
            return;
        }
        install(app, null);
    }

    /** A release from the version history, older ones too (the user asked for that one). */
    void onInstallVersion(String version) {
        AppEntry app = model.selected().get();
        if (app == null || model.installing().get()) {
            return;
        }
        install(app, version);
    }

    /** The homepage link: copied, since the window opens no browser by itself. */
    void onHomepage(String url) {
        if (url == null || url.isBlank()) {
            return;
        }
        javafx.scene.input.ClipboardContent content = new javafx.scene.input.ClipboardContent();
        content.putString(url);
        javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
        report(StatusKind.INFO, org.caravan.gui.text.Texts.get("page.homepage.copied", url));
    }

    /** The sort order changed: the same apps, ordered again (installed spurious ones stay on top). */
    void onSort() {
        showSorted(unsorted);
    }

    private void showSorted(List<AppEntry> apps) {
        java.util.Comparator<AppEntry> order = model.sort().get() == null ? null : model.sort().get().order();
        List<AppEntry> sorted = apps;
        if (order != null) {
            sorted = new java.util.ArrayList<>(apps);
            sorted.sort(order);
        }
        show(InstalledNews.spuriousFirst(sorted));
    }

    /** Something happened in the client home (this window's doing or another face's): show it now. */
    public void onClientEvent(org.caravan.core.client.ClientEvent event) {
        if (event instanceof org.caravan.core.client.ClientEvent.AppTurnedSpurious s) {
            model.spuriousBanner().set(org.caravan.gui.text.Texts.get("banner.spurious.now", s.appId(), s.version(),
                    s.reason()));
            report(StatusKind.FAILURE, org.caravan.gui.text.Texts.get("banner.spurious.now", s.appId(), s.version(),
                    s.reason()));
            onRefresh();
        } else if (event instanceof org.caravan.core.client.ClientEvent.SyncDone d
                && d.report().outcome() == SyncReport.Outcome.UPDATED) {
            icons.clear();
            onRefresh();
        } else if (event instanceof org.caravan.core.client.ClientEvent.AppChanged) {
            onRefresh();
        } else if (event instanceof org.caravan.core.client.ClientEvent.LicenceAdded added) {
            // Added by the command line (or another window) while this one is open: unlocked now, not at a Refresh.
            // Said short, by the app's name (the full terms are on its page): a status line cut off says nothing.
            String name = lastAll == null ? added.appId() : lastAll.stream().filter(a -> a.appId().equals(added.appId()))
                    .map(AppEntry::name).filter(n -> n != null && !n.isBlank()).findFirst().orElse(added.appId());
            readLicence(added.appId(), known -> report(StatusKind.SUCCESS,
                    org.caravan.gui.text.Texts.get("licence.added", name)));
        }
    }

    /** Reads the app page of the selected app off the FX thread; a late answer for another app is dropped. */
    private void loadPage(AppEntry app) {
        if (app == null) {
            model.page().set(null);
            return;
        }
        if (model.page().get() != null && !model.page().get().app().appId().equals(app.appId())) {
            model.page().set(null);
        }
        if (model.licence().get() != null && !model.licence().get().appId().equals(app.appId())) {
            model.licence().set(null);
        }
        background.execute(() -> {
            org.caravan.core.client.AppPage page;
            org.caravan.core.client.AppLicence licence;
            try {
                page = client.appPage(app.appId()).orElse(null);
            } catch (RuntimeException e) {
                page = null;
            }
            try {
                licence = client.licence(app.appId()).orElse(null);
            } catch (RuntimeException e) {
                licence = null;
            }
            org.caravan.core.client.AppPage done = page;
            org.caravan.core.client.AppLicence known = licence;
            bridge.run(() -> {
                learnt(app.appId(), known);
                if (Objects.equals(model.selected().get(), app)) {
                    model.page().set(done);
                    model.licence().set(known);
                }
            });
        });
    }

    /**
     * The licences held, read again with every full read (a licence added with {@code caravan client license add}
     * shows at once, by the event the client publishes); apps found locked stay so until a licence for them appears. The selected app's
     * page is read again too, for its licence section.
     */
    private void showLicences(List<org.caravan.core.client.AppLicence> held) {
        java.util.Map<String, org.caravan.core.client.AppLicence> now = new java.util.HashMap<>();
        model.licences().forEach((id, l) -> {
            if (l.state() == org.caravan.core.client.AppLicence.State.LOCKED) {
                now.put(id, l);
            }
        });
        held.forEach(l -> now.put(l.appId(), l));
        if (!now.equals(model.licences())) {
            model.licences().clear();
            model.licences().putAll(now);
            AppEntry selected = model.selected().get();
            if (selected != null) {
                loadPage(selected);
            }
        }
    }

    /** What is now known of {@code appId}'s licence (null: not licensed, as far as this home knows). */
    private void learnt(String appId, org.caravan.core.client.AppLicence licence) {
        if (licence == null) {
            model.licences().remove(appId);
        } else if (!licence.equals(model.licences().get(appId))) {
            model.licences().put(appId, licence);
        }
    }

    /**
     * An install failed: if it failed because the app turned out to be licensed and no licence is held here, say so
     * as what to do (whose licence, which command) and show the app as locked, rather than the bare refusal.
     */
    private void explainLocked(AppEntry app) {
        readLicence(app.appId(), known -> {
            if (known != null && known.state() == org.caravan.core.client.AppLicence.State.LOCKED) {
                report(StatusKind.FAILURE, org.caravan.gui.text.Texts.get("licence.needed", app.name(), known.licensor(),
                        org.caravan.core.client.AppLicence.ADD_COMMAND));
            }
        });
    }

    /**
     * Reads {@code appId}'s licence again off the FX thread and shows it (its card's badge, and its page when it is
     * the selected app), then hands it to {@code then} on the FX thread; a failed read changes nothing.
     */
    private void readLicence(String appId, java.util.function.Consumer<org.caravan.core.client.AppLicence> then) {
        background.execute(() -> {
            org.caravan.core.client.AppLicence licence;
            try {
                licence = client.licence(appId).orElse(null);
            } catch (RuntimeException e) {
                return;
            }
            bridge.run(() -> {
                learnt(appId, licence);
                if (model.selected().get() != null && model.selected().get().appId().equals(appId)) {
                    model.licence().set(licence);
                }
                then.accept(licence);
            });
        });
    }

    private void install(AppEntry app, String version) {
        String shown = version == null ? app.version() : version;
        org.caravan.gui.downloads.Download download = downloads.start(app.appId(), app.name() + " " + shown,
                () -> {
                    if (!model.installing().get()) {
                        install(app, version);
                    }
                });
        Object install = new Object();
        currentInstall = install;
        model.installing().set(true);
        model.progress().set(-1);
        model.progressStage().set("starting");
        report(StatusKind.INFO, org.caravan.gui.text.Texts.get("explore.installing", app.name(), shown));
        Consumer<InstallStep> progress = bridge.sampled(PROGRESS_SAMPLE, step -> {
            download.step(step.stage(), step.fraction());
            if (currentInstall == install) {
                model.progress().set(step.fraction());
                model.progressStage().set(step.stage());
            }
        });
        Consumer<long[]> transfer = bridge.sampled(PROGRESS_SAMPLE, t -> download.sample(t[0], t[1], t[2], (int) t[3]));
        background.execute(() -> {
            InstallOutcome outcome;
            try {
                outcome = client.install(app.appId(), version, new org.caravan.core.client.InstallProgress() {
                    @Override
                    public void update(String stage, double fraction) {
                        progress.accept(new InstallStep(stage, fraction));
                    }

                    @Override
                    public void transfer(long bytes, long total, long rate, int peers) {
                        transfer.accept(new long[] {bytes, total, rate, peers});
                    }
                }, download.token());
                if (outcome == null) {
                    outcome = new InstallOutcome.Failed(app.appId(), "the client returned no outcome");
                }
            } catch (RuntimeException e) {
                outcome = new InstallOutcome.Failed(app.appId(), describe(e));
            }
            InstallOutcome done = outcome;
            bridge.run(() -> {
                downloads.finish(download, done);
                finish(install, done);
                if (done instanceof InstallOutcome.Failed) {
                    explainLocked(app);
                }
            });
        });
    }

    /** Update all: every installed app with a trusted newer release, one after another, off the FX thread. */
    void onUpdateAll() {
        List<AppEntry> updates = List.copyOf(model.updates());
        if (updates.isEmpty() || model.installing().get()) {
            return;
        }
        Object run = new Object();
        currentInstall = run;
        model.installing().set(true);
        model.progress().set(-1);
        model.progressStage().set("");
        report(StatusKind.INFO, org.caravan.gui.text.Texts.get("explore.updating", updates.size()));
        Consumer<InstallStep> progress = bridge.sampled(PROGRESS_SAMPLE, step -> {
            if (currentInstall == run) {
                model.progress().set(step.fraction());
                model.progressStage().set(step.stage());
            }
        });
        background.execute(() -> {
            List<String> said = new java.util.ArrayList<>();
            boolean allOk = true;
            for (AppEntry app : updates) {
                InstallOutcome outcome;
                java.util.concurrent.CompletableFuture<org.caravan.gui.downloads.Download> entry =
                        new java.util.concurrent.CompletableFuture<>();
                bridge.run(() -> entry.complete(downloads.start(app.appId(), app.name() + " " + app.version(),
                        () -> { })));
                try {
                    org.caravan.gui.downloads.Download d = entry.get(10, java.util.concurrent.TimeUnit.SECONDS);
                    outcome = client.install(app.appId(), app.version(), new org.caravan.core.client.InstallProgress() {
                        @Override
                        public void update(String stage, double fraction) {
                            progress.accept(new InstallStep(stage, fraction));
                            bridge.run(() -> d.step(stage, fraction));
                        }
                    }, d.token());
                    InstallOutcome o = outcome;
                    bridge.run(() -> downloads.finish(d, o));
                } catch (RuntimeException e) {
                    outcome = new InstallOutcome.Failed(app.appId(), describe(e));
                } catch (InterruptedException | java.util.concurrent.ExecutionException
                        | java.util.concurrent.TimeoutException e) {
                    outcome = new InstallOutcome.Failed(app.appId(), "the window closed");
                }
                allOk &= !(outcome instanceof InstallOutcome.Failed);
                said.add(outcome.message());
            }
            boolean ok = allOk;
            bridge.run(() -> {
                if (currentInstall != run) {
                    return;
                }
                currentInstall = null;
                model.installing().set(false);
                model.progress().set(0);
                report(ok ? StatusKind.SUCCESS : StatusKind.FAILURE, String.join("; ", said));
                onRefresh();
            });
        });
    }

    void onRollback() {
        change("explore.rollingback", app -> client.rollback(app.appId()));
    }

    /** Remove asks first: the confirmation names the app and what goes (every installed version). */
    void onRemove() {
        AppEntry app = model.selected().get();
        if (app != null && !model.changeDisabled().get()) {
            model.removeAsked().set(app);
        }
    }

    void onConfirmRemove() {
        if (!model.confirmingRemove().get()) {
            return;
        }
        model.removeAsked().set(null);
        change("explore.removing", app -> client.remove(app.appId()));
    }

    void onKeep() {
        model.removeAsked().set(null);
    }

    /**
     * Run: the launch plan (trust decided again now) off the FX thread, then the app started as the user's
     * own process; the status line says it started, or why not, and later how it ended.
     */
    void onRun() {
        AppEntry app = model.selected().get();
        if (app == null || model.runDisabled().get()) {
            return;
        }
        background.execute(() -> {
            StatusKind kind;
            String said;
            Process process = null;
            try {
                org.caravan.core.client.LaunchPlan plan = launcher.plan(app.appId());
                if (plan instanceof org.caravan.core.client.LaunchPlan.Ready ready) {
                    process = new ProcessBuilder(ready.command()).directory(ready.directory().toFile())
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                    kind = StatusKind.SUCCESS;
                    said = org.caravan.gui.text.Texts.get("explore.run.started", app.name(), ready.version());
                } else {
                    kind = StatusKind.FAILURE;
                    said = org.caravan.gui.text.Texts.get("explore.run.refused", ((org.caravan.core.client.LaunchPlan.Refused) plan).reason());
                }
            } catch (java.io.IOException | RuntimeException e) {
                kind = StatusKind.FAILURE;
                said = org.caravan.gui.text.Texts.get("explore.run.failed", app.appId(),
                        e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
            StatusKind k = kind;
            String m = said;
            bridge.run(() -> report(k, m));
            if (process != null) {
                // No thread waits for the app: the process tells when it ends.
                process.onExit().thenAccept(p -> bridge.run(() -> report(
                        p.exitValue() == 0 ? StatusKind.INFO : StatusKind.FAILURE,
                        p.exitValue() == 0 ? org.caravan.gui.text.Texts.get("explore.run.ended", app.name())
                                : org.caravan.gui.text.Texts.get("explore.run.ended.code", app.name(),
                                        Integer.toString(p.exitValue())))));
            }
        });
    }

    /** Runs a rollback or removal of the selected app in the background; blocks installs meanwhile. */
    private void change(String doingKey, java.util.function.Function<AppEntry, AppChange> action) {
        AppEntry app = model.selected().get();
        if (app == null || model.changeDisabled().get()) {
            return;
        }
        Object change = new Object();
        currentInstall = change;
        model.installing().set(true);
        model.progress().set(-1);
        model.progressStage().set("");
        report(StatusKind.INFO, org.caravan.gui.text.Texts.get(doingKey, app.name()));
        background.execute(() -> {
            AppChange outcome;
            try {
                outcome = action.apply(app);
            } catch (RuntimeException e) {
                outcome = new AppChange.Refused(app.appId(), describe(e));
            }
            AppChange done = outcome;
            bridge.run(() -> {
                if (currentInstall != change) {
                    return;
                }
                currentInstall = null;
                model.installing().set(false);
                model.progress().set(0);
                report(done instanceof AppChange.Done ? StatusKind.SUCCESS : StatusKind.FAILURE, done.message());
                onRefresh();
            });
        });
    }

    /** Plugins run off the FX thread with a time limit inside the client; a late answer for another app is dropped. */
    private void loadPanels(AppEntry app) {
        model.panels().clear();
        if (app == null) {
            return;
        }
        background.execute(() -> {
            List<PanelText> panels;
            try {
                panels = List.copyOf(client.appPagePanels(app));
            } catch (RuntimeException e) {
                panels = List.of(new PanelText.Failed("plugins", describe(e)));
            }
            List<PanelText> done = panels;
            bridge.run(() -> {
                if (Objects.equals(model.selected().get(), app)) {
                    model.panels().setAll(done);
                }
            });
        });
    }

    private static String removeText(AppEntry app) {
        return app != null && app.state() == TrustState.SPURIOUS && AppText.isInstalled(app)
                ? org.caravan.gui.text.Texts.get("explore.remove.spurious") : org.caravan.gui.text.Texts.get("explore.remove");
    }

    private void finish(Object install, InstallOutcome outcome) {
        if (currentInstall != install) {
            return; // the screen was deactivated meanwhile
        }
        currentInstall = null;
        model.installing().set(false);
        model.progressStage().set("");
        // Java 17: no pattern switch yet; the interface is sealed to these three shapes.
        if (outcome instanceof InstallOutcome.UpToDate upToDate) {
            model.progress().set(1);
            report(StatusKind.SUCCESS, upToDate.message());
        } else if (outcome instanceof InstallOutcome.Installed installed) {
            model.progress().set(1);
            report(StatusKind.SUCCESS, installed.message());
            // The installed version lives in the client's database: read it back rather than guess.
            onRefresh();
        } else {
            model.progress().set(0);
            report(StatusKind.FAILURE, outcome.message());
        }
    }

    private void show(List<AppEntry> apps) {
        AppEntry before = model.selected().get();
        model.apps().setAll(apps);
        // Keep the same app selected across a refresh, now with its fresh state.
        AppEntry again = before == null ? null : apps.stream()
                .filter(app -> Objects.equals(app.storeName(), before.storeName())
                        && Objects.equals(app.appId(), before.appId()))
                .findFirst().orElse(null);
        model.selected().set(again);
        long stores = apps.stream().map(AppEntry::storeName).distinct().count();
        model.summary().set(org.caravan.gui.text.Texts.get("explore.summary", apps.size(), stores));
    }

    private void report(StatusKind kind, String message) {
        model.statusKind().set(kind);
        model.status().set(message);
    }

    static boolean installable(AppEntry app) {
        return app != null && app.state() == TrustState.TRUSTED && !AppText.sameVersionInstalled(app);
    }

    static String hint(AppEntry app) {
        if (app == null) {
            return org.caravan.gui.text.Texts.get("explore.hint.none");
        }
        if (app.state() == null) {
            return org.caravan.gui.text.Texts.get("explore.hint.unknown");
        }
        return switch (app.state()) {
            case SPURIOUS -> org.caravan.gui.text.Texts.get(AppText.isInstalled(app) ? "explore.hint.spurious.installed" : "explore.hint.spurious");
            case REFUSED -> org.caravan.gui.text.Texts.get("explore.hint.refused");
            case STALE -> org.caravan.gui.text.Texts.get("explore.hint.stale");
            case TRUSTED -> AppText.sameVersionInstalled(app)
                    ? org.caravan.gui.text.Texts.get("explore.hint.installed", app.version())
                    : AppText.isInstalled(app)
                            ? org.caravan.gui.text.Texts.get("explore.hint.update", app.installedVersion(), app.version())
                            : "";
        };
    }

    private static String installText(AppEntry app) {
        return app != null && app.state() == TrustState.TRUSTED
                && AppText.isInstalled(app) && !AppText.sameVersionInstalled(app)
                ? org.caravan.gui.text.Texts.get("explore.update.to", app.version()) : org.caravan.gui.text.Texts.get("explore.install");
    }


    private static String describe(RuntimeException e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }
}
