package org.caravan.gui.firstrun;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** State of the first-run screen, as JavaFX properties only. Touched on the FX thread only. */
final class FirstRunModel {

    /** Which network the user picks; nothing is chosen until Continue. */
    enum Choice { LOCAL, PUBLIC }

    private final BooleanProperty shown = new SimpleBooleanProperty(this, "shown");
    private final ObjectProperty<Choice> choice = new SimpleObjectProperty<>(this, "choice", Choice.LOCAL);
    private final StringProperty nodes = new SimpleStringProperty(this, "nodes", "");
    private final StringProperty magnet = new SimpleStringProperty(this, "magnet", "");
    private final BooleanProperty working = new SimpleBooleanProperty(this, "working");
    private final StringProperty error = new SimpleStringProperty(this, "error", "");

    BooleanProperty shown() {
        return shown;
    }

    ObjectProperty<Choice> choice() {
        return choice;
    }

    /** Bootstrap nodes of a local network: {@code 127.0.0.1:PORT}, comma separated. */
    StringProperty nodes() {
        return nodes;
    }

    StringProperty magnet() {
        return magnet;
    }

    BooleanProperty working() {
        return working;
    }

    /** Why the last Continue did not go through; empty when it did or was not pressed yet. */
    StringProperty error() {
        return error;
    }
}
