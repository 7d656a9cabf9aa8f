package org.caravan.gui.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.caravan.core.bench.catalog.BenchHome;
import org.caravan.core.client.ClientService;
import org.caravan.core.testing.StoreFixture;
import org.caravan.gui.app.ClientWindow;
import org.caravan.gui.catalog.CatalogView;

/**
 * Issue 13's window benchmarks, over a client home holding a store of N synthetic apps (synced for real on a
 * loopback network first, not timed): launch to an interactive catalog (client opened, window shown, the first
 * cards drawn), cold (first window of the JVM) and warm (later windows), and search as you type: each keystroke
 * of a few words, from the key to the new list on screen. A main class, not a test: figures are printed, never
 * asserted. Usage: {@code WindowBench WORK_DIR [N=100000] [LAUNCHES=4]}; run by {@code bench/window-bench.sh}.
 */
public final class WindowBench {
    /** Typed letter by letter: a common word (thousands of hits), a rare one, a prefix, two words. */
    static final String[] TYPED = {"editor", "kalo", "mus", "fast player"};
    /** The GUI's one door to the FX thread (ModuleBoundariesTest), used here too. */
    private static final org.caravan.gui.fx.FxBridge BRIDGE = org.caravan.gui.fx.FxBridge.javafx();

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int launches = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        long h0 = System.nanoTime();
        // A home left by an earlier run of the same size (BENCH_WORK) is opened again: building and syncing 100 000
        // apps takes minutes, and a before/after comparison wants the same home.
        Path made = work.resolve("home-made-" + n);
        Path home;
        if (Files.exists(made)) {
            home = work.resolve("home");
            System.out.printf(Locale.ROOT, "home with %d apps from an earlier run: %s%n", n, home);
        } else {
            home = BenchHome.create(Files.createDirectories(work), n);
            Files.createFile(made);
            System.out.printf(Locale.ROOT, "home with %d apps synced in %.1f s (not part of the figures)%n", n,
                    (System.nanoTime() - h0) / 1e9);
        }

        try (ClientService c = ClientService.open(home, StoreFixture.CLOCK)) {
            for (int i = 0; i < 3; i++) {
                long a0 = System.nanoTime();
                int all = c.apps().size();
                long a1 = System.nanoTime();
                int hits = c.search("editor", null, 500).size();
                long a2 = System.nanoTime();
                int stores = c.stores().size();
                long a3 = System.nanoTime();
                int first = c.apps(100).size();
                long a4 = System.nanoTime();
                System.out.printf(Locale.ROOT, "client alone: apps() %d in %.0f ms, search('editor') %d in %.0f ms, "
                        + "stores() in %.0f ms, apps(100) %d in %.0f ms%n", all, (a1 - a0) / 1e6, hits, (a2 - a1) / 1e6,
                        (a3 - a2) / 1e6, first, (a4 - a3) / 1e6);
            }
        }
        int processes = Integer.parseInt(System.getenv().getOrDefault("BENCH_PROCESS_LAUNCHES", "3"));
        if (processes > 0 && System.getProperty("bench.process.classpath") != null) {
            launchProcesses(work, home, n, processes);
        }
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        Platform.setImplicitExit(false);

        List<Double> launch = new ArrayList<>();
        List<Double> full = new ArrayList<>();
        List<Double> keystrokes = new ArrayList<>();
        for (int i = 0; i < launches; i++) {
            long t0 = System.nanoTime();
            // As CaravanApp does: the client opens off the FX thread, the window on it.
            ClientService client = ClientService.open(home, StoreFixture.CLOCK);
            long opened = System.nanoTime();
            Stage stage = fx(() -> {
                Stage s = new Stage();
                ClientWindow.open(s, client);
                return s;
            });
            long built = System.nanoTime();
            waitFor(() -> fx(() -> firstCardShown(stage)));
            double ms = (System.nanoTime() - t0) / 1e6;
            launch.add(ms);
            int first = fx(() -> apps(stage).getItems().size());
            // Every app listed: the full read is in (Refresh enabled again) and the list holds all of them.
            waitFor(() -> fx(() -> !stage.getScene().lookup("#" + CatalogView.REFRESH).isDisabled()
                    && apps(stage).getItems().size() >= n));
            double allMs = (System.nanoTime() - t0) / 1e6;
            full.add(allMs);
            System.out.printf(Locale.ROOT, "launch %d: %.0f ms to the first %d cards, %.0f ms to all %d listed "
                    + "(client opened in %.0f ms, window built and shown in %.0f ms)%n", i + 1, ms, first, allMs, n,
                    (opened - t0) / 1e6, (built - opened) / 1e6);
            if (i == launches - 1) {
                for (String word : TYPED) {
                    for (int k = 1; k <= word.length(); k++) {
                        String text = word.substring(0, k);
                        if (text.endsWith(" ")) {
                            continue;
                        }
                        keystrokes.add(type(stage, text));
                    }
                    fx(() -> {
                        search(stage).setText("");
                        return null;
                    });
                    waitFor(() -> fx(() -> apps(stage).getItems().size() >= Math.min(n, 1)));
                }
            }
            fx(() -> {
                stage.close();
                return null;
            });
            // The window closes its client in the background; the next launch opens the same home.
            waitFor(() -> {
                try {
                    client.apps();
                    return false;
                } catch (IllegalStateException e) {
                    return true;
                }
            });
        }
        List<Double> warm = launch.subList(1, launch.size());
        System.out.printf(Locale.ROOT, "%nRESULT apps=%d launch_cold_ms=%.0f launch_warm_median_ms=%.0f "
                + "all_listed_cold_ms=%.0f all_listed_warm_median_ms=%.0f%n", n,
                launch.get(0), median(warm), full.get(0), median(full.subList(1, full.size())));
        System.out.printf(Locale.ROOT, "RESULT keystrokes=%d keystroke_median_ms=%.0f keystroke_p95_ms=%.0f "
                + "keystroke_max_ms=%.0f (from the key to the new list in place; no typing pause)%n",
                keystrokes.size(), median(keystrokes), p95(keystrokes), Collections.max(keystrokes));
        Platform.exit();
        System.exit(0);
    }

    /**
     * A user's launch: the window as a process of its own ({@code ClientMain}, which serves the home), timed from
     * the process's start to its own line saying the first cards are listed ({@link CaravanApp#TRACE_STARTUP},
     * set to {@code exit}: it then closes). The first run records an AppCDS archive as {@code ./caravan}'s window
     * launcher does (not timed as warm); later runs map it, as every later window after a build does.
     */
    private static void launchProcesses(Path work, Path home, int n, int runs) throws Exception {
        Path archive = work.resolve("window-bench.jsa");
        Files.deleteIfExists(archive);
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Double> warm = new ArrayList<>();
        for (int i = 0; i <= runs; i++) {
            List<String> cmd = new ArrayList<>(List.of(javaBin, "-Xmx" + Runtime.getRuntime().maxMemory() / (1 << 20) + "m"));
            if (System.getenv("CARAVAN_NO_CDS") == null) {
                cmd.add((i == 0 ? "-XX:ArchiveClassesAtExit=" : "-XX:SharedArchiveFile=") + archive);
                cmd.add("-Xlog:cds=off");
                cmd.add("-Xlog:cds+dynamic=off");
            }
            if (Runtime.version().feature() < 21) {
                // As ./caravan starts the window on JDK 17-20 (the launcher script's locale_opts, passed on by GuiLauncher).
                cmd.add("-Djava.locale.providers=COMPAT,CLDR");
            }
            for (String p : new String[] {"glass.platform", "monocle.platform", "prism.order", "java.awt.headless"}) {
                cmd.add("-D" + p + "=" + System.getProperty(p));
            }
            cmd.addAll(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp",
                    System.getProperty("bench.process.classpath"), "org.caravan.gui.ClientMain", "--home", home.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put(org.caravan.gui.CaravanApp.TRACE_STARTUP, "exit");
            long t0 = System.nanoTime();
            Process p = pb.start();
            double shown = Double.NaN;
            List<String> trace = new ArrayList<>();
            try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("caravan-client:")) {
                        trace.add(line.substring("caravan-client:".length()).trim());
                        if (line.contains("window shown with") && Double.isNaN(shown)) {
                            shown = (System.nanoTime() - t0) / 1e6;
                        }
                    }
                }
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("the window process did not end within 120 s");
            }
            String kind = i == 0 ? (System.getenv("CARAVAN_NO_CDS") == null ? "recording the CDS archive" : "first")
                    : (System.getenv("CARAVAN_NO_CDS") == null ? "with the CDS archive" : "no CDS");
            System.out.printf(Locale.ROOT, "process launch %d (%s): first cards %.0f ms after the process start (%s)%n",
                    i, kind, shown, String.join("; ", trace));
            if (i > 0) {
                warm.add(shown);
            }
        }
        System.out.printf(Locale.ROOT, "RESULT apps=%d process_launch_warm_median_ms=%.0f min=%.0f max=%.0f%n", n,
                median(warm), Collections.min(warm), Collections.max(warm));
    }

    /** Types {@code text} into the search box and waits until the list shows its results: ms. */
    private static double type(Stage stage, String text) throws Exception {
        java.util.concurrent.atomic.AtomicLong shown = new java.util.concurrent.atomic.AtomicLong();
        // Refresh is disabled while the list is being read: enabled again means the new list is in place.
        javafx.scene.Node refresh = stage.getScene().lookup("#" + CatalogView.REFRESH);
        javafx.beans.value.ChangeListener<Boolean> listener = (o, was, now) -> {
            if (!now) {
                shown.set(System.nanoTime());
            }
        };
        fx(() -> {
            refresh.disabledProperty().addListener(listener);
            return null;
        });
        long t0 = System.nanoTime();
        fx(() -> {
            search(stage).setText(text);
            return null;
        });
        waitFor(() -> shown.get() > t0);
        fx(() -> {
            refresh.disabledProperty().removeListener(listener);
            return null;
        });
        // One more pulse: the cards are laid out and drawn.
        fx(() -> {
            apps(stage).layout();
            return null;
        });
        double ms = (System.nanoTime() - t0) / 1e6;
        System.out.printf(Locale.ROOT, "  '%s': %.0f ms, %d hits%n", text, ms, fx(() -> apps(stage).getItems().size()));
        return ms;
    }

    @SuppressWarnings("unchecked")
    private static ListView<Object> apps(Stage stage) {
        return (ListView<Object>) stage.getScene().lookup("#" + CatalogView.APPS);
    }

    private static TextField search(Stage stage) {
        return (TextField) stage.getScene().lookup("#" + CatalogView.SEARCH);
    }

    private static boolean firstCardShown(Stage stage) {
        ListView<Object> list = apps(stage);
        return list != null && !list.getItems().isEmpty()
                && list.lookupAll(".list-cell").stream().anyMatch(c -> ((ListCell<?>) c).getItem() != null);
    }

    private static <T> T fx(Supplier<T> work) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        BRIDGE.run(() -> {
            try {
                f.complete(work.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(60, TimeUnit.SECONDS);
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void waitFor(Check check) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!check.ok()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("the window did not get there within 120 s");
            }
            Thread.sleep(2);
        }
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.isEmpty() ? Double.NaN : s.get(s.size() / 2);
    }

    private static double p95(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.isEmpty() ? Double.NaN : s.get(Math.min(s.size() - 1, (int) Math.ceil(s.size() * 0.95) - 1));
    }
}
