package org.caravan.gui.catalog;

import java.util.Objects;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import org.caravan.core.client.TrustState;

/**
 * How a trust state looks: one CSS pseudo-class per state (":trusted", ":spurious", ":refused",
 * ":stale") so the stylesheet, not the code, decides colours, and the words a user reads.
 */
public final class TrustStyle {

    private TrustStyle() {
    }

    /** The pseudo-class a row, badge or cell carries while it shows an app in {@code state}. */
    public static PseudoClass pseudoClass(TrustState state) {
        return PseudoClass.getPseudoClass(Objects.requireNonNull(state, "state").label());
    }

    /** Short text for the trust column and badge; spurious carries a warning sign. */
    public static String badge(TrustState state) {
        if (state == null) {
            return org.caravan.gui.text.Texts.get("trust.badge.unknown");
        }
        return switch (state) {
            case TRUSTED -> org.caravan.gui.text.Texts.get("trust.badge.trusted");
            case SPURIOUS -> org.caravan.gui.text.Texts.get("trust.badge.spurious");
            case REFUSED -> org.caravan.gui.text.Texts.get("trust.badge.refused");
            case STALE -> org.caravan.gui.text.Texts.get("trust.badge.stale");
        };
    }

    /** Sets exactly the pseudo-class of {@code state} on {@code node} (none for null). */
    static void apply(Node node, TrustState state) {
        for (TrustState each : TrustState.values()) {
            node.pseudoClassStateChanged(pseudoClass(each), each == state);
        }
    }
}
