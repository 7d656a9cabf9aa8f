package org.caravan.gui.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import javafx.scene.control.ProgressBar;
import org.junit.jupiter.api.Test;

/**
 * Progress values straight from a client reach the progress bar through {@link InstallStep}: whatever a
 * client reports, the bar shows a fraction it can draw or "working, amount unknown".
 */
class InstallStepTest {

    @Test
    void fractionInRangeIsShownAsIs() {
        assertEquals(0.4, new InstallStep("download", 0.4).fraction());
        assertEquals(0.0, new InstallStep("download", 0).fraction());
        assertEquals(1.0, new InstallStep("done", 1).fraction());
    }

    @Test
    void unknownOrNegativeFractionIsShownAsIndeterminate() {
        assertEquals(ProgressBar.INDETERMINATE_PROGRESS, new InstallStep("download", Double.NaN).fraction());
        assertEquals(ProgressBar.INDETERMINATE_PROGRESS, new InstallStep("download", -0.5).fraction());
    }

    @Test
    void fractionAboveOneIsShownAsComplete() {
        assertEquals(1.0, new InstallStep("download", 1.7).fraction());
        assertEquals(1.0, new InstallStep("download", Double.POSITIVE_INFINITY).fraction());
    }

    @Test
    void missingStageIsShownAsEmpty() {
        assertEquals("", new InstallStep(null, 0.5).stage());
    }
}
