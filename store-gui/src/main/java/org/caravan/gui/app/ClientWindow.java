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
    private boolean closed;

    private ClientWindow(Stage stage, CaravanClient client, WindowSettings settings, NetworkSetting network) {
        this.stage = stage;
        this.client = client;
        this.settings = settings;
        this.background = Executors.newFixedThreadPool(2, new ClientThreads());
        this.bridge = FxBridge.javafx();
        this.catalog = new CatalogController(client, background, bridge);
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
            client.startAutoSync(autoSync, reports -> window.bridge.run(() -> window.catalog.onSynced(reports)));
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

    private void show() {
        applyAppearance(settings.appearance().orElse(appearance));
        themeSwitch.setId(THEME);
        themeSwitch.setTooltip(new Tooltip(Texts.get("theme.tooltip")));
        themeSwitch.setAccessibleText(Texts.get("theme.tooltip"));
        themeSwitch.getStyleClass().add("header-button");
        themeSwitch.setOnAction(e -> toggleAppearance());
        showThemeSwitch();
        catalog.addHeaderTool(themeSwitch);

        javafx.scene.Parent firstRunView = firstRun.view();
        javafx.scene.Parent catalogView = catalog.view();
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
        stage.show();
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
