package org.caravan.core.bench.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Durations in milliseconds, with the median and the 95th percentile (nearest rank). */
final class Samples {
    private final List<Double> ms = new ArrayList<>();

    void add(long nanos) {
        ms.add(nanos / 1e6);
    }

    int count() {
        return ms.size();
    }

    double median() {
        return percentile(50);
    }

    double p95() {
        return percentile(95);
    }

    double max() {
        return percentile(100);
    }

    double percentile(double p) {
        if (ms.isEmpty()) {
            throw new IllegalStateException("no samples to take the " + p + "th percentile of");
        }
        List<Double> sorted = new ArrayList<>(ms);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
