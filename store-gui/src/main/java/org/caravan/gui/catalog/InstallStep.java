package org.caravan.gui.catalog;

/**
 * One progress report of an install. A fraction outside [0, 1] or NaN from a misbehaving client is
 * shown as "working, amount unknown" rather than breaking the window.
 */
record InstallStep(String stage, double fraction) {
    InstallStep {
        stage = stage == null ? "" : stage;
        if (Double.isNaN(fraction) || fraction < 0) {
            fraction = -1; // ProgressBar.INDETERMINATE_PROGRESS
        } else if (fraction > 1) {
            fraction = 1;
        }
    }
}
