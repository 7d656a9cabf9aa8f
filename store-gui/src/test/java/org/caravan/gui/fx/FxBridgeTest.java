package org.caravan.gui.fx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Progress from a chatty client reaches the (here simulated) FX thread a few times a second, newest value last. */
class FxBridgeTest {

    private final ExecutorService fxThread = Executors.newSingleThreadExecutor();
    private final FxBridge bridge = new FxBridge(fxThread);

    @AfterEach
    void stop() {
        bridge.close();
        fxThread.shutdownNow();
    }

    @Test
    void floodOfValuesIsSampledAndEndsWithTheNewest() throws Exception {
        List<Integer> delivered = new CopyOnWriteArrayList<>();
        Consumer<Integer> sink = bridge.sampled(Duration.ofMillis(100), delivered::add);
        long start = System.nanoTime();
        int n = 0;
        while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(500)) {
            sink.accept(++n);
        }
        Thread.sleep(250);
        assertTrue(n > 1000, "the flood was a flood: " + n);
        // 500 ms at one value per 100 ms, plus the first immediate one and the trailing one.
        assertTrue(delivered.size() >= 3 && delivered.size() <= 8, "delivered " + delivered.size() + " of " + n);
        assertEquals(n, delivered.get(delivered.size() - 1), "the last value shown is the last reported");
        for (int i = 1; i < delivered.size(); i++) {
            assertTrue(delivered.get(i) > delivered.get(i - 1), "in order: " + delivered);
        }
    }

    @Test
    void aLoneValueIsDeliveredAtOnce() throws Exception {
        List<String> delivered = new CopyOnWriteArrayList<>();
        bridge.<String>sampled(Duration.ofSeconds(10), delivered::add).accept("verifying");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (delivered.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(List.of("verifying"), delivered);
    }

    @Test
    void valuesAfterCloseAreDropped() throws Exception {
        List<String> delivered = new CopyOnWriteArrayList<>();
        Consumer<String> sink = bridge.sampled(Duration.ofMillis(10), delivered::add);
        bridge.close();
        sink.accept("late");
        Thread.sleep(50);
        assertEquals(List.of(), delivered);
    }

    @Test
    void nonPositiveIntervalIsRefusedByName() {
        var e = assertThrows(IllegalArgumentException.class, () -> bridge.sampled(Duration.ZERO, v -> { }));
        assertTrue(e.getMessage().contains("sampling interval"), e.getMessage());
    }
}
