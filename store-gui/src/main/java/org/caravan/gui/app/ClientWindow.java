package org.caravan.gui.app;

import java.net.URL;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.caravan.core.client.CaravanClient;
import org.caravan.gui.catalog.CatalogController;
import org.caravan.gui.firstrun.FirstRunController;
import org.caravan.gui.firstrun.NetworkSetting;
import org.caravan.gui.fx.FxBridge;
import org.caravan.gui.text.Texts;
import org.caravan.gui.theme.Appearance;
import org.caravan.gui.theme.WindowSettings;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignW;

/**
 * The application shell: the "Caravan" window around the app list screen, with the first-run screen
 * over it while no network is chosen, the light/dark switch and the window's keyboard shortcuts
 * (Ctrl+F search, F5 sync, Ctrl+Q quit). It owns the client from the moment it opens: closing the
 * window closes the client.
 */
public final class ClientWindow {

    public static final String TITLE = "Caravan";
    public static final double WIDTH = 1000;
    public static final double HEIGHT = 650;
    /** The one stylesheet of the client, on top of the AtlantaFX theme. */
    public static final String STYLESHEET = "/org/caravan/gui/caravan.css";
    /** The light/dark switch in the header. */
    public static final String THEME = "theme";

    /** The look of every window of this process (JavaFX styles all of them from one user-agent sheet). */
    private static Appearance appearance = Appearance.LIGHT;

    private final Stage stage;
    private final CaravanClient client;
    private final WindowSettings settings;
    private final ExecutorService background;
    private final FxBridge bridge;
    private final CatalogController catalog;
    private final FirstRunController firstRun;
    private final Button themeSwitch = new Button();
    private final org.caravan.gui.downloads.Downloads downloads = new org.caravan.gui.downloads.Downloads();
    private final org.caravan.gui.stores.StoresScreen storesScreen;
    private final org.caravan.gui.trust.TrustKeysScreen trustScreen;
    private final org.caravan.gui.plugins.PluginsScreen pluginsScreen;
    private final org.caravan.gui.settings.SettingsScreen settingsScreen;
    private final javafx.scene.control.TabPane tabs = new javafx.scene.control.TabPane();
    private Runnable stopEvents = () -> { };
    private boolean closed;

    /** Tab ids, for tests: the tabs of the window, in order. */
    public static final String TABS = "tabs";
    public static final String TAB_EXPLORE = "tab-explore";
    public static final String TAB_DOWNLOADS = "tab-downloads";
    public static final String TAB_STORES = "tab-stores";
    public static final String TAB_TRUST = "tab-trust";
    public static final String TAB_PLUGINS = "tab-plugins";
    public static final String TAB_SETTINGS = "tab-settings";

    private ClientWindow(Stage stage, CaravanClient client, WindowSettings settings, NetworkSetting network) {
        this.stage = stage;
        this.client = client;
        this.settings = settings;
        this.background = Executors.newFixedThreadPool(2, new ClientThreads());
        this.bridge = FxBridge.javafx();
        this.catalog = new CatalogController(client, background, bridge, downloads);
        this.storesScreen = new org.caravan.gui.stores.StoresScreen(client, background, bridge, catalog::onRefreshAll);
        this.trustScreen = new org.caravan.gui.trust.TrustKeysScreen(client, background, bridge, catalog::onRefreshAll);
        this.pluginsScreen = new org.caravan.gui.plugins.PluginsScreen(client, background, bridge,
                catalog::onPluginsChanged);
        this.settingsScreen = new org.caravan.gui.settings.SettingsScreen(client, background, bridge);
        this.firstRun = new FirstRunController(client, network, background, bridge, catalog::onFirstRunDone);
    }

    /**
     * Shows the Caravan window for {@code client} on {@code stage}. Must run on the JavaFX thread.
     * From now on the window owns the client and closes it when the window closes.
     */
    public static ClientWindow open(Stage stage, CaravanClient client) {
        return open(stage, client, null);
    }

    /**
     * As {@link #open(Stage, CaravanClient)}, and syncs the subscribed stores every {@code autoSync} while
     * the window is open (null: only when asked), showing new generations as they arrive.
     */
    public static ClientWindow open(Stage stage, CaravanClient client, java.time.Duration autoSync) {
        return open(stage, client, autoSync, WindowSettings.inMemory(), null);
    }

    /**
     * As {@link #open(Stage, CaravanClient, java.time.Duration)}, remembering size, position and look in
     * {@code settings}, with {@code network} (null: the client's own, if it has one) for the first-run screen.
     */
    public static ClientWindow open(Stage stage, CaravanClient client, java.time.Duration autoSync,
            WindowSettings settings, NetworkSetting network) {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(settings, "settings");
        if (!Platform.isFxApplicationThread()) {
            throw new IllegalStateException("ClientWindow.open must run on the JavaFX thread, not "
                    + Thread.currentThread().getName());
        }
        ClientWindow window = new ClientWindow(stage, client, settings,
                network != null ? network : NetworkSetting.of(client));
        window.show();
        if (autoSync != null) {
            // A round starts with a sync at once; at launch its work (the torrent session, seeding what is held)
            // would take a core from the first cards, so the schedule starts once the list is read.
            window.catalog.whenFirstListed(() -> {
                if (!window.closed) {
                    client.startAutoSync(autoSync, reports -> window.bridge.run(() -> window.catalog.onSynced(reports)));
                }
            });
        }
        return window;
    }

    public Stage stage() {
        return stage;
    }

    /** The look all windows use now. */
    public static Appearance appearance() {
        return appearance;
    }

    /** Sets the look of every window; FX thread. */
    public static void applyAppearance(Appearance a) {
        appearance = Objects.requireNonNull(a, "appearance");
        Application.setUserAgentStylesheet(a.userAgentStylesheet());
    }

    /**
     * Readies this process for its first window while something else takes time (the client's home opening, the
     * demo's story): sets {@code look}'s theme (parsing its stylesheet), loads the icon font, and styles and lays out
     * a throwaway scene of the controls the window is made of, so that their classes are loaded and initialised and
     * the CSS engine's code is warm. The real window then builds in a fraction of a cold build's time (issue 13's
     * launch figures, docs/benchmarks.md). Must run on the JavaFX thread; nothing of it stays on screen.
     */
    public static void warmUp(Appearance look) {
        if (!Platform.isFxApplicationThread()) {
            throw new IllegalStateException("ClientWindow.warmUp must run on the JavaFX thread");
        }
        applyAppearance(look);
        javafx.scene.control.ListView<String> list = new javafx.scene.control.ListView<>(
                javafx.collections.FXCollections.observableArrayList("a", "b", "c"));
        list.setFixedCellSize(72);
        list.setCellFactory(l -> new javafx.scene.control.ListCell<>() {
            private final Label name = new Label();
            private final javafx.scene.layout.HBox box = new javafx.scene.layout.HBox(12,
                    new javafx.scene.layout.StackPane(new javafx.scene.shape.Rectangle(44, 44), new Label("A")),
                    new javafx.scene.layout.VBox(2, name, new Label("summary")));

            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                name.setText(item);
                pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("trusted"), !empty);
                setGraphic(empty ? null : box);
            }
        });
        javafx.scene.control.ComboBox<String> combo = new javafx.scene.control.ComboBox<>(
                javafx.collections.FXCollections.observableArrayList("a"));
        combo.getSelectionModel().select(0);
        javafx.scene.control.Button button = new Button("b", new FontIcon(org.kordamp.ikonli.materialdesign2.MaterialDesignR.REFRESH));
        button.setTooltip(new Tooltip("t"));
        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(new javafx.scene.layout.VBox(8,
                new Label("x"), new javafx.scene.control.Hyperlink("h"), new javafx.scene.control.ProgressBar(0.5),
                new javafx.scene.control.CheckBox("c"), new javafx.scene.control.RadioButton("r"),
                new javafx.scene.control.TextArea("t")));
        javafx.scene.layout.BorderPane content = new javafx.scene.layout.BorderPane(list,
                new javafx.scene.layout.HBox(10, new javafx.scene.control.TextField("s"), combo, button,
                        new javafx.scene.control.MenuButton("m")), scroll, null, null);
        javafx.scene.control.TabPane tabs = new javafx.scene.control.TabPane(
                new javafx.scene.control.Tab("x", content), new javafx.scene.control.Tab("y"));
        tabs.getTabs().get(0).setGraphic(new FontIcon(MaterialDesignW.WEATHER_NIGHT));
        Scene scene = new Scene(new StackPane(tabs), WIDTH, HEIGHT);
        scene.getStylesheets().add(stylesheet());
        scene.getRoot().applyCss();
        scene.getRoot().resize(WIDTH, HEIGHT);
        scene.getRoot().layout();
    }

    /**
     * As {@link #warmUp}, for a process with time to spare before its home is ready (the demo's window waits for
     * the story's end): builds the Explore screen of {@code scratch} (a client of a throwaway home, never read
     * here) and styles and lays it out in a scene of its own, then lets it go. FX thread.
     */
    public static void rehearse(CaravanClient scratch) {
        if (!Platform.isFxApplicationThread()) {
            throw new IllegalStateException("ClientWindow.rehearse must run on the JavaFX thread");
        }
        try (FxBridge bridge = FxBridge.javafx()) {
            // No client call is made before onActivate, which is never called: nothing is handed to the executor.
            CatalogController catalog = new CatalogController(scratch, task -> {
                throw new java.util.concurrent.RejectedExecutionException("a rehearsal runs nothing");
            }, bridge, new org.caravan.gui.downloads.Downloads());
            javafx.scene.control.TabPane tabs = new javafx.scene.control.TabPane(
                    new javafx.scene.control.Tab("x", catalog.view()));
            Scene scene = new Scene(new StackPane(tabs), WIDTH, HEIGHT);
            scene.getStylesheets().add(stylesheet());
            scene.getRoot().applyCss();
            scene.getRoot().resize(WIDTH, HEIGHT);
            scene.getRoot().layout();
            catalog.onDeactivate();
        }
    }

    private void show() {
        applyAppearance(settings.appearance().orElse(appearance));
        themeSwitch.setId(THEME);
        themeSwitch.setTooltip(new Tooltip(Texts.get("theme.tooltip")));
        themeSwitch.setAccessibleText(Texts.get("theme.tooltip"));
        themeSwitch.getStyleClass().add("header-button");
        themeSwitch.setContentDisplay(javafx.scene.control.ContentDisplay.GRAPHIC_ONLY);
        themeSwitch.setOnAction(e -> toggleAppearance());
        showThemeSwitch();
        catalog.addHeaderTool(themeSwitch);

        javafx.scene.Parent firstRunView = firstRun.view();
        tabs.setId(TABS);
        tabs.setTabClosingPolicy(javafx.scene.control.TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getTabs().setAll(
                tab(TAB_EXPLORE, "tab.explore", org.kordamp.ikonli.materialdesign2.MaterialDesignA.APPS, catalog.view(), null),
                tab(TAB_DOWNLOADS, "tab.downloads", org.kordamp.ikonli.materialdesign2.MaterialDesignD.DOWNLOAD,
                        downloads.view(), null),
                tab(TAB_STORES, "tab.stores", org.kordamp.ikonli.materialdesign2.MaterialDesignS.STOREFRONT_OUTLINE,
                        storesScreen.view(), storesScreen::onActivate),
                tab(TAB_TRUST, "tab.trust", org.kordamp.ikonli.materialdesign2.MaterialDesignK.KEY_CHAIN,
                        trustScreen.view(), trustScreen::onActivate),
                tab(TAB_PLUGINS, "tab.plugins", org.kordamp.ikonli.materialdesign2.MaterialDesignP.PUZZLE_OUTLINE,
                        pluginsScreen.view(), pluginsScreen::onActivate),
                tab(TAB_SETTINGS, "tab.settings", org.kordamp.ikonli.materialdesign2.MaterialDesignC.COG_OUTLINE,
                        settingsScreen.view(), settingsScreen::onActivate));
        // The Downloads tab says how many run, so that an install started on the app page is never lost.
        javafx.scene.control.Tab downloadsTab = tabs.getTabs().get(1);
        downloads.items().addListener((javafx.collections.ListChangeListener<org.caravan.gui.downloads.Download>) c ->
                showRunning(downloadsTab));
        javafx.scene.Parent catalogView = tabs;
        StackPane root = new StackPane(catalogView, firstRunView);
        // Behind the first-run screen the app list can be neither seen nor reached with Tab.
        catalogView.visibleProperty().bind(firstRun.shown().not());
        double[] bounds = settings.bounds().orElse(null);
        // A first start on a small screen (1024x600) must not open taller than the screen: its status line
        // and buttons would be out of reach.
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(root, bounds == null ? Math.min(WIDTH, screen.getWidth()) : bounds[2],
                bounds == null ? Math.min(HEIGHT, screen.getHeight() - 40) : bounds[3]);
        scene.getStylesheets().add(stylesheet());
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN),
                catalog::onFocusSearch);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F5), catalog::onSyncNow);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN), stage::close);
        stage.setTitle(TITLE);
        // Usable on a 1024x600 screen, with room for a panel and the title bar.
        stage.setMinWidth(720);
        stage.setMinHeight(420);
        if (bounds != null) {
            stage.setX(bounds[0]);
            stage.setY(bounds[1]);
        }
        stage.setScene(scene);
        stage.addEventHandler(WindowEvent.WINDOW_HIDDEN, e -> close());
        catalog.onActivate();
        firstRun.onActivate();
        // Live news from the client home (a sync that revoked a signer, an app changed by the CLI): shown at once.
        stopEvents = client.addEventListener(event -> bridge.run(() -> catalog.onClientEvent(event)));
        stage.show();
    }

    private javafx.scene.control.Tab tab(String id, String textKey, org.kordamp.ikonli.Ikon ikon, javafx.scene.Node content,
            Runnable onSelected) {
        // Explore and Downloads (which an install started on Explore fills) are in the scene at first; the other
        // screens join it when first opened, so the first frame styles and lays out two screens, not six (issue
        // 13's launch figure, docs/benchmarks.md).
        boolean first = TAB_EXPLORE.equals(id) || TAB_DOWNLOADS.equals(id);
        javafx.scene.control.Tab tab = new javafx.scene.control.Tab(Texts.get(textKey), first ? content : null);
        tab.setId(id);
        tab.setGraphic(new FontIcon(ikon));
        tab.setOnSelectionChanged(e -> {
            if (!tab.isSelected()) {
                return;
            }
            if (tab.getContent() == null) {
                tab.setContent(content);
            }
            if (onSelected != null) {
                onSelected.run();
            }
        });
        return tab;
    }

    private void showRunning(javafx.scene.control.Tab tab) {
        long running = downloads.running();
        tab.setText(running == 0 ? Texts.get("tab.downloads") : Texts.get("tab.downloads.running", running));
        // A finished download changes its state, not the list: look again when it does.
        for (org.caravan.gui.downloads.Download d : downloads.items()) {
            d.state().removeListener(runningChanged);
            d.state().addListener(runningChanged);
        }
    }

    private final javafx.beans.value.ChangeListener<org.caravan.gui.downloads.Download.State> runningChanged =
            (o, a, b) -> showRunning(tabs.getTabs().get(1));

    /** Selects a tab by id (the window's shortcuts and tests). */
    public void select(String tabId) {
        tabs.getTabs().stream().filter(t -> tabId.equals(t.getId())).findFirst()
                .ifPresent(t -> tabs.getSelectionModel().select(t));
    }

    private void toggleAppearance() {
        applyAppearance(appearance.other());
        settings.appearance(appearance);
        showThemeSwitch();
    }

    /** The switch names the look it switches to. */
    private void showThemeSwitch() {
        boolean dark = appearance == Appearance.DARK;
        themeSwitch.setText(Texts.get(dark ? "theme.light" : "theme.dark"));
        themeSwitch.setGraphic(new FontIcon(dark ? MaterialDesignW.WHITE_BALANCE_SUNNY : MaterialDesignW.WEATHER_NIGHT));
    }

    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        client.stopAutoSync();
        stopEvents.run();
        catalog.onDeactivate();
        firstRun.onDeactivate();
        bridge.close();
        settings.bounds(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight());
        // Closing may stop torrent sessions and the database: not on the FX thread. The pool's
        // threads are not daemons, so the JVM waits for the client to close cleanly.
        background.execute(() -> {
            try {
                settings.save();
            } catch (RuntimeException e) {
                System.err.println("caravan: " + e.getMessage());
            }
            try {
                client.close();
            } catch (RuntimeException e) {
                System.err.println("caravan: closing the client failed: " + e);
            }
        });
        background.shutdown();
    }

    static String stylesheet() {
        URL url = ClientWindow.class.getResource(STYLESHEET);
        if (url == null) {
            throw new IllegalStateException("stylesheet " + STYLESHEET + " is missing from the class path");
        }
        return url.toExternalForm();
    }

    private static final class ClientThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            return new Thread(task, "caravan-client-" + count.incrementAndGet());
        }
    }
}
