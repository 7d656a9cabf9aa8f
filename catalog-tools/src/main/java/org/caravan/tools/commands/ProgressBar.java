package org.caravan.tools.commands;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.caravan.core.client.InstallProgress;

/**
 * A one-line progress bar on stderr for what takes more than a moment (download, hashing, verify, import,
 * extract): stage, bar, percent, bytes of the total, speed, and while downloading the peers and the time left.
 * Drawn only on a terminal and at most five times a second; a script that reads stderr gets nothing from it (no
 * carriage returns in its logs).
 */
final class ProgressBar implements InstallProgress {
    private static final long REDRAW_NANOS = 200_000_000L;
    private static final int WIDTH = 24;

    private final PrintWriter err;
    private final String subject;
    private final long totalBytes;
    private final LongSupplier nanos;
    private final long start;
    private long lastDraw = Long.MIN_VALUE;
    /** Nothing is drawn until this long after the start (0: from the first update). */
    private long quietNanos;
    /** Work over bytes (hash, verify, import): its fraction is of the bytes, not an install's stages. */
    private boolean overBytes;
    private boolean drawn;
    private String stage = "";
    private double fraction;
    /** The transfer's last sample, while downloading; {@code peers} is -1 before the first. */
    private long bytes;
    private long bytesPerSecond;
    private int peers = -1;

    ProgressBar(PrintWriter err, String subject, long totalBytes, LongSupplier nanos) {
        this.err = err;
        this.subject = subject;
        this.totalBytes = totalBytes;
        this.nanos = nanos;
        this.start = nanos.getAsLong();
    }

    /** A bar on {@code err} when this command's user sits at a terminal, else nothing at all. */
    static InstallProgress onTerminal(PrintWriter err, String subject, long totalBytes) {
        return onTerminal(terminal(), err, subject, totalBytes);
    }

    static InstallProgress onTerminal(boolean terminal, PrintWriter err, String subject, long totalBytes) {
        return terminal ? new ProgressBar(err, subject, totalBytes, System::nanoTime) : InstallProgress.NONE;
    }

    /**
     * Work over a known number of bytes (hashing, verifying, importing a package) on a terminal: {@link Work#at}
     * with the bytes done so far; {@link Work#done} ends the line. Nothing at all without a terminal.
     */
    static Work work(PrintWriter err, String subject, String stage, long totalBytes) {
        return work(terminal(), err, subject, stage, totalBytes);
    }

    static Work work(boolean terminal, PrintWriter err, String subject, String stage, long totalBytes) {
        return work(terminal, err, subject, stage, totalBytes, System::nanoTime);
    }

    static Work work(boolean terminal, PrintWriter err, String subject, String stage, long totalBytes,
            LongSupplier nanos) {
        if (!terminal) {
            return Work.NONE;
        }
        ProgressBar bar = new ProgressBar(err, subject, totalBytes, nanos);
        // Work that ends within half a second draws nothing: a bar is for what makes the user wait.
        bar.quietNanos = 500_000_000L;
        bar.overBytes = true;
        return new Work() {
            private boolean ended;

            @Override
            public void at(long done) {
                bar.bytesDone(stage, done);
            }

            @Override
            public void done() {
                ended = true;
                bar.update("done", 1.0);
            }

            @Override
            public void close() {
                if (!ended) {
                    ended = true;
                    bar.abandon();
                }
            }
        };
    }

    /**
     * Progress of work over bytes: {@link #at} the bytes done so far (from any one thread), {@link #done} when it
     * succeeded; {@link #close} (after a failure) ends a line drawn so far, so that the error starts a line of its own.
     */
    interface Work extends AutoCloseable {
        void at(long done);

        void done();

        @Override
        void close();

        Work NONE = new Work() {
            @Override
            public void at(long done) {
            }

            @Override
            public void done() {
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * Whether the user sees this command's stderr in a terminal: the terminal the command was typed in when a
     * running service answers it, else this process's own.
     */
    static boolean terminal() {
        return HomeContext.served().map(HomeContext.Served::tty).orElse(System.console() != null);
    }

    @Override
    public synchronized void update(String newStage, double newFraction) {
        stage = newStage;
        fraction = newFraction;
        draw("done".equals(newStage));
    }

    @Override
    public synchronized void transfer(long done, long total, long speed, int connected) {
        bytes = done;
        bytesPerSecond = speed;
        peers = connected;
        draw(false);
    }

    private synchronized void bytesDone(String workStage, long done) {
        stage = workStage;
        fraction = totalBytes <= 0 ? 0 : (double) done / totalBytes;
        bytes = done;
        draw(false);
    }

    /** Ends the line drawn so far, if any, as it is. */
    private synchronized void abandon() {
        if (drawn) {
            err.println();
            err.flush();
        }
    }

    private void draw(boolean last) {
        long now = nanos.getAsLong();
        if (!drawn && now - start < quietNanos) {
            return;
        }
        if (!last && drawn && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        drawn = true;
        Duration elapsed = Duration.ofNanos(now - start);
        String line = "download".equals(stage) && peers >= 0
                ? renderTransfer(subject, fraction, bytes, totalBytes, bytesPerSecond, peers)
                : overBytes ? renderBytes(subject, stage, fraction, totalBytes, elapsed)
                : render(subject, stage, fraction, totalBytes, elapsed);
        // \r and the erase-line code: redraw in place; the last one ends the line.
        err.print("\r\033[2K" + line);
        if (last) {
            err.println();
        }
        err.flush();
    }

    /**
     * The line, e.g. {@code org.example.hello download [#########               ]  40%  1.0 MiB/2.5 MiB  3.1 MiB/s}.
     * The download is the first 80% of an install's progress, so bytes and speed are shown while it lasts.
     */
    static String render(String subject, String stage, double fraction, long totalBytes, Duration elapsed) {
        double f = clamp(fraction);
        StringBuilder b = bar(subject, stage, f);
        if (totalBytes > 0) {
            double share = INSTALL_STAGES.contains(stage) ? ("download".equals(stage) ? Math.min(1, f / 0.8)
                    : f >= 0.8 ? 1 : f / 0.8) : f;
            long done = Math.round(share * totalBytes);
            b.append("  ").append(bytes(done)).append('/').append(bytes(totalBytes));
            double seconds = elapsed.toNanos() / 1e9;
            if (seconds > 0 && done > 0) {
                b.append("  ").append(bytes(Math.round(done / seconds))).append("/s");
            }
        }
        return b.toString();
    }

    /**
     * The line of work over bytes (hash, verify, import), e.g.
     * {@code big.car verify   [######                  ]  25%  25.0 MiB/100.0 MiB  12.5 MiB/s}: the fraction is of
     * the bytes, whatever the stage is called.
     */
    static String renderBytes(String subject, String stage, double fraction, long totalBytes, Duration elapsed) {
        double f = clamp(fraction);
        StringBuilder b = bar(subject, stage, f);
        if (totalBytes > 0) {
            long done = Math.round(f * totalBytes);
            b.append("  ").append(bytes(done)).append('/').append(bytes(totalBytes));
            double seconds = elapsed.toNanos() / 1e9;
            if (seconds > 0 && done > 0) {
                b.append("  ").append(bytes(Math.round(done / seconds))).append("/s");
            }
        }
        return b.toString();
    }

    /** The stages of an install, whose fraction is not of the bytes (see {@link #render}). */
    private static final java.util.Set<String> INSTALL_STAGES = java.util.Set.of("download", "verify", "extract", "done");

    /**
     * A download's line from the transfer's own figures, e.g.
     * {@code org.example.hello download [#########               ]  40%  1.0 MiB/2.5 MiB  3.1 MiB/s  2 peers  ETA 0:01};
     * the percent is of the bytes (of the download, not of the whole install); the time left is from the current
     * speed, {@code --:--} while nothing arrives.
     */
    static String renderTransfer(String subject, double fraction, long bytes, long totalBytes, long bytesPerSecond,
            int peers) {
        StringBuilder b = bar(subject, "download", clamp(totalBytes > 0 ? (double) bytes / totalBytes : fraction));
        if (totalBytes > 0) {
            b.append("  ").append(bytes(bytes)).append('/').append(bytes(totalBytes));
        }
        b.append("  ").append(bytes(bytesPerSecond)).append("/s  ").append(peers).append(peers == 1 ? " peer" : " peers");
        if (totalBytes > 0) {
            b.append("  ETA ").append(bytesPerSecond > 0 ? clock(Math.max(0, totalBytes - bytes) / bytesPerSecond)
                    : "--:--");
        }
        return b.toString();
    }

    private static StringBuilder bar(String subject, String stage, double f) {
        int filled = (int) Math.round(f * WIDTH);
        return new StringBuilder(subject).append(' ').append(String.format(Locale.ROOT, "%-8s", stage)).append(" [")
                .append("#".repeat(filled)).append(" ".repeat(WIDTH - filled)).append("] ")
                .append(String.format(Locale.ROOT, "%3d%%", Math.round(f * 100)));
    }

    private static double clamp(double fraction) {
        return Double.isNaN(fraction) ? 0 : Math.max(0, Math.min(1, fraction));
    }

    /** Seconds as m:ss, or h:mm:ss from an hour on. */
    static String clock(long seconds) {
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
