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
        Path home = BenchHome.create(Files.createDirectories(work), n);
        System.out.printf(Locale.ROOT, "home with %d apps synced in %.1f s (not part of the figures)%n", n,
                (System.nanoTime() - h0) / 1e9);

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
