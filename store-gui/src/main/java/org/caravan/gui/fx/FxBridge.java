package org.caravan.gui.fx;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * The one door from background threads to the JavaFX thread. Every other class hands its results
 * here, so the rule "only the FX thread touches the scene graph" is kept in a single place, and a
 * test can swap the FX thread for a plain executor.
 *
 * <p>Chatty sources such as install progress go through {@link #sampled}, which forwards at most one
 * value per interval (the newest one), so a client that reports every downloaded block cannot flood
 * the FX event queue.
 */
public final class FxBridge implements AutoCloseable {

    private final Executor fxThread;
    private final ScheduledExecutorService timer;

    /** A bridge to the real JavaFX application thread. */
    public static FxBridge javafx() {
        return new FxBridge(Platform::runLater);
    }

    /** A bridge that runs "FX" work on {@code fxThread}; for tests without a toolkit. */
    public FxBridge(Executor fxThread) {
        this.fxThread = Objects.requireNonNull(fxThread, "fxThread");
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "caravan-fx-sampler");
            // Sampling never holds user data worth finishing: it must not keep the JVM alive.
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs {@code onFx} on the FX thread, after everything handed over before it. */
    public void run(Runnable onFx) {
        Objects.requireNonNull(onFx, "onFx");
        fxThread.execute(onFx);
    }

    /**
     * A sink, callable from any thread, that delivers the newest value to {@code onFx} on the FX
     * thread at most once per {@code interval}. Values in between are dropped, never queued.
     */
    public <T> Consumer<T> sampled(Duration interval, Consumer<? super T> onFx) {
        Objects.requireNonNull(onFx, "onFx");
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("sampling interval must be positive, was " + interval);
        }
        return new Sampled<>(interval.toNanos(), onFx);
    }

    /** Stops the sampling timer; values offered afterwards are dropped. */
    @Override
    public void close() {
        timer.shutdownNow();
    }

    private final class Sampled<T> implements Consumer<T> {
        private final long intervalNanos;
        private final Consumer<? super T> onFx;
        private final AtomicReference<T> newest = new AtomicReference<>();
        private final AtomicBoolean flushScheduled = new AtomicBoolean();
        private volatile long lastFlushNanos;

        Sampled(long intervalNanos, Consumer<? super T> onFx) {
            this.intervalNanos = intervalNanos;
            this.onFx = onFx;
            this.lastFlushNanos = System.nanoTime() - intervalNanos;
        }

        @Override
        public void accept(T value) {
            Objects.requireNonNull(value, "sampled value");
            newest.set(value);
            if (flushScheduled.compareAndSet(false, true)) {
                long wait = Math.max(0, lastFlushNanos + intervalNanos - System.nanoTime());
                try {
                    timer.schedule(this::flush, wait, TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException closed) {
                    // The window is gone; nobody is left to show this value.
                }
            }
        }

        private void flush() {
            lastFlushNanos = System.nanoTime();
            flushScheduled.set(false);
            T value = newest.getAndSet(null);
            if (value != null) {
                fxThread.execute(() -> onFx.accept(value));
            }
        }
    }
}
