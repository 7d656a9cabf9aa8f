package org.caravan.gui.fx;

import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.css.PseudoClass;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import org.caravan.core.client.CaravanClient;

/**
 * What the smaller screens (stores, trust and keys, plugins, settings) share: the client, a thread for its calls,
 * the bridge back to the FX thread and a status line that says what came of the last action.
 */
public abstract class Screen {
    protected final CaravanClient client;
    protected final Executor background;
    protected final FxBridge bridge;
    protected final StringProperty status = new SimpleStringProperty(this, "status", "");
    protected final Label statusLabel = new Label();
    private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failure");

    protected Screen(CaravanClient client, Executor background, FxBridge bridge) {
        this.client = client;
        this.background = background;
        this.bridge = bridge;
        statusLabel.textProperty().bind(status);
        statusLabel.setWrapText(true);
        statusLabel.getStyleClass().add("status");
    }

    public abstract Parent view();

    /** Reads what the screen shows (each time it is opened). */
    public abstract void onActivate();

    /** Runs {@code call} off the FX thread, then {@code then} with its result on it; a failure goes to the status line. */
    protected <T> void call(Supplier<T> call, Consumer<T> then) {
        background.execute(() -> {
            try {
                T result = call.get();
                bridge.run(() -> then.accept(result));
            } catch (RuntimeException e) {
                String why = e.getMessage() == null || e.getMessage().isBlank() ? e.toString() : e.getMessage();
                bridge.run(() -> say(true, why));
            }
        });
    }

    protected void say(boolean failed, String message) {
        statusLabel.pseudoClassStateChanged(FAILED, failed);
        status.set(message);
    }

    /** The status line's text (tests read it). */
    public String statusText() {
        return status.get();
    }
}
