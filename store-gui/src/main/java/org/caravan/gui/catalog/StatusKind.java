package org.caravan.gui.catalog;

import javafx.css.PseudoClass;

/** What kind of news the status line carries; the stylesheet colours each. */
enum StatusKind {
    INFO, SUCCESS, FAILURE;

    PseudoClass pseudoClass() {
        return PseudoClass.getPseudoClass(name().toLowerCase(java.util.Locale.ROOT));
    }
}
