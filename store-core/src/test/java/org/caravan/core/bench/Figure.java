package org.caravan.core.bench;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * One line of the benchmark table: how long Caravan took to move {@code bytes}, next to a baseline tool
 * measured on the same file in the same run. The ratio is a throughput ratio (baseline time / Caravan
 * time), so 1.0 means "as fast as the baseline" and the goal is a lower bound. Timings are reported,
 * never asserted: a loaded machine would fail a timing assertion that has nothing to do with Caravan.
 */
public record Figure(String name, long bytes, Duration took, String baselineName, Duration baselineTook, Double goal) {
    public Figure {
        Objects.requireNonNull(name, "figure name");
        Objects.requireNonNull(baselineName, "baseline name of figure " + name);
        if (bytes < 1) {
            throw new IllegalArgumentException("figure " + name + " moved no bytes: " + bytes);
        }
        if (took == null || took.isNegative() || took.isZero()) {
            throw new IllegalArgumentException("figure " + name + " has no positive duration: " + took);
        }
        if (baselineTook != null && (baselineTook.isNegative() || baselineTook.isZero())) {
            throw new IllegalArgumentException("baseline " + baselineName + " of figure " + name
                    + " has no positive duration: " + baselineTook);
        }
    }

    /** A figure whose baseline could not run (tool missing): printed as n/a. */
    public static Figure withoutBaseline(String name, long bytes, Duration took, String baselineName) {
        return new Figure(name, bytes, took, baselineName, null, null);
    }

    public double mibPerSecond() {
        return rate(bytes, took);
    }

    public double baselineMibPerSecond() {
        return baselineTook == null ? Double.NaN : rate(bytes, baselineTook);
    }

    /** Caravan's throughput over the baseline's; NaN when the baseline did not run. */
    public double ratio() {
        return baselineTook == null ? Double.NaN : (double) baselineTook.toNanos() / took.toNanos();
    }

    public String goalText() {
        if (goal == null) {
            return "-";
        }
        String mark = Double.isNaN(ratio()) ? "?" : ratio() >= goal ? "met" : "MISSED";
        return String.format(Locale.ROOT, ">= %.2f %s", goal, mark);
    }

    static double rate(long bytes, Duration d) {
        return bytes / (1024.0 * 1024.0) / (d.toNanos() / 1e9);
    }

    static String seconds(Duration d) {
        return d == null ? "n/a" : String.format(Locale.ROOT, "%.3f s", d.toNanos() / 1e9);
    }

    /** A Markdown table row (the table is pasted into docs/benchmarks.md as it is printed). */
    String row() {
        return String.format(Locale.ROOT, "| %s | %s | %.0f MiB/s | %s | %s | %s | %s | %s |",
                name, seconds(took), mibPerSecond(), baselineName, seconds(baselineTook),
                Double.isNaN(baselineMibPerSecond()) ? "n/a" : String.format(Locale.ROOT, "%.0f MiB/s", baselineMibPerSecond()),
                Double.isNaN(ratio()) ? "n/a" : String.format(Locale.ROOT, "%.2f", ratio()), goalText());
    }

    static String header() {
        return "| figure | Caravan | Caravan rate | baseline | baseline time | baseline rate | ratio | goal |\n"
                + "|---|---:|---:|---|---:|---:|---:|---|";
    }
}
