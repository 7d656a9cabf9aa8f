package org.caravan.gui;

import java.nio.file.Path;
import java.util.Objects;
import javafx.application.Application;
import javafx.stage.Stage;
import org.caravan.core.client.CaravanClient;
import org.caravan.gui.app.ClientWindow;
import org.caravan.gui.theme.Appearance;
import org.caravan.gui.theme.DesktopPreference;
import org.caravan.gui.theme.WindowSettings;

/**
 * The JavaFX application. Launched by {@link ClientMain}, which is not an {@code Application}
 * itself so that a plain class path or shaded jar can start it.
 */
public final class CaravanApp extends Application {

    /** Named parameter carrying the home folder: {@code --home=DIR}. */
    public static final String HOME_PARAMETER = "home";

    private final ClientFactory factory;
    private final Path fixedHome;
    private CaravanClient client;
    private java.time.Duration syncInterval;
    private WindowSettings settings;
    /** What the desktop asks for; used until the user picks a look in the window (then kept in the settings). */
    private Appearance desktopLook;

    /**
     * The real client, in the folder given by the {@code --home=DIR} parameter: served by this window when no
     * service runs there, else the running service's (see {@link ServedHome}).
     */
    public CaravanApp() {
        this(new ServedHome(), null);
    }

    /** Any client, in {@code home}; for embedding and tests. */
    public CaravanApp(ClientFactory factory, Path home) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.fixedHome = home;
    }

    /**
     * Set to {@code true} (by the demo, which starts the window while its story still runs), the window process
     * readies JavaFX and then waits for a line on standard input before it opens the home: the home is the story's
     * until then.
     */
    public static final String WAIT_FOR_INPUT = "caravan.window.waitForInput";

    /** Runs on the launcher thread, so opening a database or network session does not freeze a window. */
    @Override
    public void init() {
        Path home = fixedHome != null ? fixedHome : homeParameter();
        if (Boolean.getBoolean(WAIT_FOR_INPUT)) {
            // The demo's fresh home has no window settings yet: the desktop's look is the one the window will use.
            warmUp(DesktopPreference.detect().orElse(ClientWindow.appearance()));
            java.util.concurrent.CountDownLatch told = waitForInput(home);
            rehearse(told);
            try {
                told.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting to open " + home);
            }
            if (notTold != null) {
                throw notTold;
            }
        }
        // Reading the settings and asking the desktop for its look may be slow: not on the FX thread.
        settings = WindowSettings.load(home.resolve(WindowSettings.FILE));
        if (settings.appearance().isEmpty()) {
            desktopLook = DesktopPreference.detect().orElse(null);
        }
        // No head start here (a throwaway scene while the home opens, as the demo's window has): the home opens in
        // about 0.6 s and the head start took 1.2 s, after which the real window still took most of its cold time.
        CaravanClient opened = factory.open(home);
        if (opened == null) {
            throw new IllegalStateException("the client factory returned no client for home " + home);
        }
        client = opened;
        // Read here, not by the window on the FX thread: there it waited for the trust engine's head start below,
        // which holds the database (0.65 s of a launch).
        syncInterval = opened.syncInterval();
        if (System.getenv(TRACE_STARTUP) != null) {
            System.err.println("caravan-client: client of " + home + " opened " + sinceStart()
                    + " ms after the process started");
        }
        // The first cards need the trust engine, whose first decision in a new process (its OpenPGP code, the
        // stores' keys parsed) took seconds; begun now, it runs beside the window's build instead of after it.
        Thread trust = new Thread(() -> {
            try {
                opened.apps(1);
            } catch (RuntimeException e) {
                // Only a head start: the window's own first read says what is wrong.
            }
        }, "caravan-client-warm-up");
        trust.setDaemon(true);
        trust.start();
    }

    /** Hands {@link ClientWindow#warmUp} to the FX thread (a failure only loses the head start). */
    private static void warmUp(Appearance look) {
        long t0 = System.nanoTime();
        try (org.caravan.gui.fx.FxBridge bridge = org.caravan.gui.fx.FxBridge.javafx()) {
            bridge.run(() -> {
                try {
                    ClientWindow.warmUp(look);
                } catch (RuntimeException e) {
                    System.err.println("caravan-client: readying the window failed (it is built without a head start): "
                            + e);
                } finally {
                    if (System.getenv(TRACE_STARTUP) != null) {
                        System.err.println("caravan-client: JavaFX readied in " + (System.nanoTime() - t0) / 1_000_000
                                + " ms, " + sinceStart() + " ms after the process started");
                    }
                }
            });
        }
    }

    /**
     * While the demo's story runs: a scratch home opened (the database, search index and codec classes loaded and
     * warm) and the Explore screen built on it once (see {@link ClientWindow#rehearse}), then both thrown away.
     * Opening the real home and building the real window then take a fraction of their cold time.
     */
    private static void rehearse(java.util.concurrent.CountDownLatch told) {
        long t0 = System.nanoTime();
        Path scratch = null;
        try {
            if (told.getCount() == 0) {
                return; // the home is ready: no time left to spare
            }
            scratch = java.nio.file.Files.createTempDirectory("caravan-window-rehearsal-");
            try (org.caravan.core.client.ClientService c = org.caravan.core.client.ClientService.open(
                    scratch.resolve("home"));
                    org.caravan.gui.fx.FxBridge bridge = org.caravan.gui.fx.FxBridge.javafx()) {
                java.util.concurrent.CountDownLatch built = new java.util.concurrent.CountDownLatch(1);
                bridge.run(() -> {
                    try {
                        if (told.getCount() > 0) {
                            ClientWindow.rehearse(c);
                        }
                    } finally {
                        built.countDown();
                    }
                });
                built.await(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (java.io.IOException | RuntimeException e) {
            // Only a head start: the real home opens as it would have.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (scratch != null) {
                deleteQuietly(scratch);
            }
        }
        if (System.getenv(TRACE_STARTUP) != null && scratch != null) {
            System.err.println("caravan-client: rehearsed on a scratch home in " + (System.nanoTime() - t0) / 1_000_000
                    + " ms, " + sinceStart() + " ms after the process started");
        }
    }

    private static void deleteQuietly(Path dir) {
        try (java.util.stream.Stream<Path> all = java.nio.file.Files.walk(dir)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException | RuntimeException e) {
            // A temporary folder left behind; the system's own clean-up takes it.
        }
    }

    /** Why the signal to open the home never came (the demo ended first); null while none is known. */
    private volatile RuntimeException notTold;

    /**
     * The demo's signal that its story is told and the home is the window's: a line on stdin, read on a thread of
     * its own (the window's rehearsal stops short when it comes). Counted down on the signal or on the end of input.
     */
    private java.util.concurrent.CountDownLatch waitForInput(Path home) {
        java.util.concurrent.CountDownLatch told = new java.util.concurrent.CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try {
                if (new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                        java.nio.charset.StandardCharsets.UTF_8)).readLine() == null) {
                    notTold = new IllegalStateException("the program that started this window ended before " + home
                            + " was ready; run caravan-client --home " + home + " to open it");
                }
            } catch (java.io.IOException e) {
                notTold = new java.io.UncheckedIOException("waiting for the signal to open " + home, e);
            } finally {
                told.countDown();
            }
        }, "caravan-window-wait");
        reader.setDaemon(true);
        reader.start();
        return told;
    }

    @Override
    public void start(Stage stage) {
        try {
            if (desktopLook != null) {
                ClientWindow.applyAppearance(desktopLook);
            }
            ClientWindow.open(stage, client, syncInterval, settings, null);
            if (System.getenv(TRACE_STARTUP) != null) {
                System.err.println("caravan-client: window built and shown " + sinceStart()
                        + " ms after the process started");
                traceFirstCards(stage);
            }
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /**
     * With {@value #TRACE_STARTUP} set, one line on stderr when the first cards are listed, with the time since the
     * process started: how {@code bench/demo-window.sh} times the demo's window (set to {@code exit}, the window
     * then closes).
     */
    public static final String TRACE_STARTUP = "CARAVAN_TRACE_STARTUP";

    private static long sinceStart() {
        return System.currentTimeMillis() - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    private static void traceFirstCards(Stage stage) {
        @SuppressWarnings("unchecked")
        javafx.scene.control.ListView<Object> apps = (javafx.scene.control.ListView<Object>) stage.getScene()
                .lookup("#" + org.caravan.gui.catalog.CatalogView.APPS);
        if (apps == null) {
            return;
        }
        javafx.collections.ListChangeListener<Object> first = new javafx.collections.ListChangeListener<>() {
            @Override
            public void onChanged(Change<?> c) {
                if (!apps.getItems().isEmpty()) {
                    apps.getItems().removeListener(this);
                    long up = sinceStart();
                    System.err.println("caravan-client: window shown with " + apps.getItems().size() + " apps listed, "
                            + up + " ms after the process started");
                    if ("exit".equals(System.getenv(TRACE_STARTUP))) {
                        // A timing run: the window has shown what it had to; close it as the user would.
                        stage.close();
                    }
                }
            }
        };
        apps.getItems().addListener(first);
    }

    /** The last window closed: a home this window served is let go (the window's client.close() leaves it). */
    @Override
    public void stop() {
        if (factory instanceof ServedHome served) {
            served.close();
        }
    }

    private Path homeParameter() {
        Parameters parameters = getParameters();
        String home = parameters == null ? null : parameters.getNamed().get(HOME_PARAMETER);
        if (home == null || home.isBlank()) {
            throw new IllegalArgumentException("missing parameter --" + HOME_PARAMETER + "=DIR");
        }
        return Path.of(home);
    }
}
