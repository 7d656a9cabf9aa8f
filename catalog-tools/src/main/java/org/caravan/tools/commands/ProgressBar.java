package org.caravan.tools.commands;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.caravan.core.client.InstallProgress;

/**
 * A one-line progress bar on stderr for what takes more than a moment (download, verify, extract): stage, bar,
 * percent, bytes of the total, speed. Drawn only on a terminal and at most five times a second; a script that
 * reads stderr gets nothing from it (no carriage returns in its logs).
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
    private boolean drawn;

    ProgressBar(PrintWriter err, String subject, long totalBytes, LongSupplier nanos) {
        this.err = err;
        this.subject = subject;
        this.totalBytes = totalBytes;
        this.nanos = nanos;
        this.start = nanos.getAsLong();
    }

    /** A bar on {@code err} when this process runs in a terminal, else nothing at all. */
    static InstallProgress onTerminal(PrintWriter err, String subject, long totalBytes) {
        return onTerminal(System.console() != null, err, subject, totalBytes);
    }

    static InstallProgress onTerminal(boolean terminal, PrintWriter err, String subject, long totalBytes) {
        return terminal ? new ProgressBar(err, subject, totalBytes, System::nanoTime) : InstallProgress.NONE;
    }

    @Override
    public void update(String stage, double fraction) {
        long now = nanos.getAsLong();
        boolean done = "done".equals(stage);
        if (!done && drawn && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        drawn = true;
        // \r and the erase-line code: redraw in place; the last one ends the line.
        err.print("\r\033[2K" + render(subject, stage, fraction, totalBytes, Duration.ofNanos(now - start)));
        if (done) {
            err.println();
        }
        err.flush();
    }

    /**
     * The line, e.g. {@code org.example.hello download [#########               ]  40%  1.0 MiB/2.5 MiB  3.1 MiB/s}.
     * The download is the first 80% of an install's progress, so bytes and speed are shown while it lasts.
     */
    static String render(String subject, String stage, double fraction, long totalBytes, Duration elapsed) {
        double f = Math.max(0, Math.min(1, fraction));
        int filled = (int) Math.round(f * WIDTH);
        StringBuilder b = new StringBuilder(subject).append(' ').append(String.format(Locale.ROOT, "%-8s", stage)).append(" [")
                .append("#".repeat(filled)).append(" ".repeat(WIDTH - filled)).append("] ")
                .append(String.format(Locale.ROOT, "%3d%%", Math.round(f * 100)));
        if (totalBytes > 0) {
            double downloaded = "download".equals(stage) ? Math.min(1, f / 0.8) : f >= 0.8 ? 1 : f / 0.8;
            long bytes = Math.round(downloaded * totalBytes);
            b.append("  ").append(bytes(bytes)).append('/').append(bytes(totalBytes));
            double seconds = elapsed.toNanos() / 1e9;
            if (seconds > 0 && bytes > 0) {
                b.append("  ").append(bytes(Math.round(bytes / seconds))).append("/s");
            }
        }
        return b.toString();
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
