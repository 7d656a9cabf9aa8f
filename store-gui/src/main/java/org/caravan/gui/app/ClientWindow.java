package org.caravan.gui.app;

import java.net.URL;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.caravan.core.client.CaravanClient;
import org.caravan.gui.catalog.CatalogController;
import org.caravan.gui.fx.FxBridge;

/**
 * The application shell: the "Caravan" window around the app list screen. It owns the client from
 * the moment it opens: closing the window closes the client.
 */
public final class ClientWindow {

    public static final String TITLE = "Caravan";
    public static final double WIDTH = 1000;
    public static final double HEIGHT = 650;
    /** The one stylesheet of the client. */
    public static final String STYLESHEET = "/org/caravan/gui/caravan.css";

    private final Stage stage;
    private final CaravanClient client;
    private final ExecutorService background;
    private final FxBridge bridge;
    private final CatalogController catalog;
    private boolean closed;

    private ClientWindow(Stage stage, CaravanClient client) {
        this.stage = stage;
        this.client = client;
        this.background = Executors.newFixedThreadPool(2, new ClientThreads());
        this.bridge = FxBridge.javafx();
        this.catalog = new CatalogController(client, background, bridge);
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
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(client, "client");
        if (!Platform.isFxApplicationThread()) {
            throw new IllegalStateException("ClientWindow.open must run on the JavaFX thread, not "
                    + Thread.currentThread().getName());
        }
        ClientWindow window = new ClientWindow(stage, client);
        window.show();
        if (autoSync != null) {
            client.startAutoSync(autoSync, reports -> window.bridge.run(() -> window.catalog.onSynced(reports)));
        }
        return window;
    }

    public Stage stage() {
        return stage;
    }

    private void show() {
        Scene scene = new Scene(catalog.view(), WIDTH, HEIGHT);
        scene.getStylesheets().add(stylesheet());
        stage.setTitle(TITLE);
        stage.setMinWidth(720);
        stage.setMinHeight(420);
        stage.setScene(scene);
        stage.addEventHandler(WindowEvent.WINDOW_HIDDEN, e -> close());
        catalog.onActivate();
        stage.show();
    }

    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        client.stopAutoSync();
        catalog.onDeactivate();
        bridge.close();
        // Closing may stop torrent sessions and the database: not on the FX thread. The pool's
        // threads are not daemons, so the JVM waits for the client to close cleanly.
        background.execute(() -> {
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
