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
                () -> model.installing().get() || !installable(model.selected().get()),
                model.installing(), model.selected()));
        model.installHint().bind(Bindings.createStringBinding(
                () -> hint(model.selected().get()), model.selected()));
        model.installText().bind(Bindings.createStringBinding(
                () -> installText(model.selected().get()), model.selected()));
        model.changeDisabled().bind(Bindings.createBooleanBinding(
                () -> model.installing().get() || !AppText.isInstalled(model.selected().get()),
                model.installing(), model.selected()));
        model.runDisabled().bind(Bindings.createBooleanBinding(
                () -> launcher == null || model.installing().get() || !AppText.isInstalled(model.selected().get()),
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

    public void onDeactivate() {
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
        if (model.loading().get()) {
            refreshAgain = true;
            refreshEverything |= everything;
            return;
        }
        model.loading().set(true);
        String text = model.searchText().get() == null ? "" : model.searchText().get().trim();
        String category = CatalogModel.ALL_CATEGORIES.equals(model.category().get()) ? null : model.category().get();
        List<AppEntry> known = everything ? null : lastAll;
        background.execute(() -> {
            try {
                List<StoreRecord> stores = List.copyOf(client.stores());
                List<AppEntry> all = known != null ? known : List.copyOf(client.apps());
                List<AppEntry> apps = filtering(text, category)
                        ? List.copyOf(client.search(text, category, SEARCH_LIMIT)) : all;
                List<String> categories = all.stream().map(AppEntry::category).filter(c -> !c.isBlank())
                        .distinct().sorted().toList();
                bridge.run(() -> {
                    model.loading().set(false);
                    lastAll = all;
                    model.stores().setAll(stores);
                    showCategories(categories);
                    InstalledNews news = InstalledNews.of(all);
                    model.updates().setAll(news.updates());
                    model.spuriousBanner().set(news.banner());
                    unsorted = apps;
                    showSorted(apps);
                    if (filtering(text, category)) {
                        // "0 apps from 0 stores" under a search would read as if the stores were gone.
                        model.summary().set(apps.size() + " of " + count(all.size(), "app") + " shown");
                    }
                    model.emptyText().set(emptyText(stores.isEmpty(), text, category));
                    refreshIfAsked();
                });
            } catch (RuntimeException e) {
                bridge.run(() -> {
                    model.loading().set(false);
                    report(StatusKind.FAILURE, "Could not read the apps: " + describe(e));
                    refreshIfAsked();
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
            report(StatusKind.FAILURE, "Paste a store's magnet link (magnet:?xs=urn:btpk:…) first.");
            return;
        }
        model.addingStore().set(true);
        report(StatusKind.INFO, "Adding the store and fetching its catalog …");
        storeChange("Store not added: ", () -> {
            boolean added = client.subscribe(magnet);
            List<SyncReport> reports = client.sync();
            return new Said(reports.stream().allMatch(SyncReport::ok) ? StatusKind.SUCCESS : StatusKind.FAILURE,
                    (added ? "Store added. " : "Store already added. ")
                            + String.join("; ", reports.stream().map(SyncReport::message).toList()));
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
        report(StatusKind.INFO, "Leaving " + store.displayName() + " …");
        storeChange("Not left: ", () -> {
            client.unsubscribe(store.storeKey());
            return new Said(StatusKind.SUCCESS, "Left " + store.displayName() + ": its apps are no longer listed.");
        }, said -> { });
    }

    /** What the status line says after a change to the subscriptions. */
    private record Said(StatusKind kind, String message) {}

    /**
     * Runs a change to the subscriptions off the FX thread; back on it, {@code then} sees the outcome (a failure
     * is {@code failed} and the reason), the status line says it and the list is read again.
     */
    private void storeChange(String failed, java.util.function.Supplier<Said> change, Consumer<Said> then) {
        background.execute(() -> {
            Said said;
            try {
                said = change.get();
            } catch (RuntimeException e) {
                said = new Said(StatusKind.FAILURE, failed + describe(e));
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
        report(StatusKind.INFO, "Checking the stores for new apps and updates …");
        background.execute(() -> {
            Said said;
            try {
                List<SyncReport> reports = client.sync();
                said = reports.isEmpty() ? new Said(StatusKind.INFO, "No store to check: add one with its magnet link.")
                        : new Said(reports.stream().allMatch(SyncReport::ok) ? StatusKind.SUCCESS : StatusKind.FAILURE,
                                String.join("; ", reports.stream().map(SyncReport::message).toList()));
            } catch (RuntimeException e) {
                said = new Said(StatusKind.FAILURE, "Check failed: " + describe(e));
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

    /** The search box or the category filter changed. */
    void onFilter() {
        refresh(false);
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
        background.execute(() -> {
            org.caravan.core.client.AppPage page;
            try {
                page = client.appPage(app.appId()).orElse(null);
            } catch (RuntimeException e) {
                page = null;
            }
            org.caravan.core.client.AppPage done = page;
            bridge.run(() -> {
                if (Objects.equals(model.selected().get(), app)) {
                    model.page().set(done);
                }
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
        report(StatusKind.INFO, "Installing " + app.name() + " " + shown + " …");
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
        report(StatusKind.INFO, "Updating " + updates.size() + (updates.size() == 1 ? " app" : " apps") + " …");
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
        change("Rolling back", app -> client.rollback(app.appId()));
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
        change("Removing", app -> client.remove(app.appId()));
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
                    said = "Started " + app.name() + " " + ready.version() + ".";
                } else {
                    kind = StatusKind.FAILURE;
                    said = "Not started: " + ((org.caravan.core.client.LaunchPlan.Refused) plan).reason();
                }
            } catch (java.io.IOException | RuntimeException e) {
                kind = StatusKind.FAILURE;
                said = "Not started: " + app.appId() + " could not be launched: "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
            StatusKind k = kind;
            String m = said;
            bridge.run(() -> report(k, m));
            if (process != null) {
                // No thread waits for the app: the process tells when it ends.
                process.onExit().thenAccept(p -> bridge.run(() -> report(
                        p.exitValue() == 0 ? StatusKind.INFO : StatusKind.FAILURE,
                        app.name() + " ended" + (p.exitValue() == 0 ? "." : " with exit code " + p.exitValue() + "."))));
            }
        });
    }

    /** Runs a rollback or removal of the selected app in the background; blocks installs meanwhile. */
    private void change(String doing, java.util.function.Function<AppEntry, AppChange> action) {
        AppEntry app = model.selected().get();
        if (app == null || model.changeDisabled().get()) {
            return;
        }
        Object change = new Object();
        currentInstall = change;
        model.installing().set(true);
        model.progress().set(-1);
        model.progressStage().set("");
        report(StatusKind.INFO, doing + " " + app.name() + " …");
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
                ? "Remove (its signer was revoked)" : "Remove";
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
        model.summary().set(count(apps.size(), "app") + " from " + count(stores, "store"));
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
            return "Select an app to see who signed it and why it is trusted.";
        }
        if (app.state() == null) {
            return "Its trust state is unknown: it cannot be installed.";
        }
        return switch (app.state()) {
            case SPURIOUS -> "Warning: the key that signed this release was revoked. "
                    + "It cannot be installed" + (AppText.isInstalled(app) ? "; consider removing it." : ".");
            case REFUSED -> "The trust check refused this release: it cannot be installed.";
            case STALE -> "The store's catalog has expired: installs wait for the next sync.";
            case TRUSTED -> AppText.sameVersionInstalled(app)
                    ? "Version " + app.version() + " is installed."
                    : AppText.isInstalled(app)
                            ? "Version " + app.installedVersion() + " is installed; " + app.version() + " is available."
                            : "";
        };
    }

    private static String installText(AppEntry app) {
        return app != null && app.state() == TrustState.TRUSTED
                && AppText.isInstalled(app) && !AppText.sameVersionInstalled(app)
                ? "Update to " + app.version() : "Install";
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String describe(RuntimeException e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }
}
