package org.caravan.gui.downloads;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.caravan.core.client.CancelToken;
import org.caravan.gui.text.Texts;

/**
 * One install or update in the Downloads panel, as JavaFX properties (FX thread only): what, how far, how fast,
 * from how many peers, how long still; Cancel while it runs, and when it failed the whole reason and Retry.
 */
public final class Download {
    public enum State { RUNNING, DONE, FAILED, CANCELLED }

    private final String appId;
    private final String title;
    private final Runnable retry;
    private final CancelToken cancel = new CancelToken();
    private final ObjectProperty<State> state = new SimpleObjectProperty<>(this, "state", State.RUNNING);
    private final DoubleProperty fraction = new SimpleDoubleProperty(this, "fraction", -1);
    private final StringProperty stage = new SimpleStringProperty(this, "stage", "");
    private final StringProperty transfer = new SimpleStringProperty(this, "transfer", "");
    private final StringProperty message = new SimpleStringProperty(this, "message", "");

    Download(String appId, String title, Runnable retry) {
        this.appId = appId;
        this.title = title;
        this.retry = retry;
        stage.set(Texts.get("download.waiting"));
    }

    public String appId() {
        return appId;
    }

    /** "Notes 1.3.0". */
    public String title() {
        return title;
    }

    /** What the client's install checks between steps; {@link #onCancel()} sets it. */
    public CancelToken token() {
        return cancel;
    }

    public ObjectProperty<State> state() {
        return state;
    }

    /** In [0, 1], or -1 while not known. */
    public DoubleProperty fraction() {
        return fraction;
    }

    public StringProperty stage() {
        return stage;
    }

    /** "1.2 MB of 3.4 MB · 800 KB/s · 3 peers · 3 s left". */
    public StringProperty transfer() {
        return transfer;
    }

    /** The outcome, in full: a failure's whole reason. */
    public StringProperty message() {
        return message;
    }

    /** A stage of the install began. */
    public void step(String stageName, double fractionDone) {
        if (state.get() != State.RUNNING) {
            return;
        }
        fraction.set(fractionDone);
        if (stageName.equals("download") && transfer.get().isEmpty()) {
            transfer.set(Texts.get("download.looking"));
        }
        String key = "download.stage." + stageName;
        String text = Texts.get(key);
        stage.set(text.startsWith("!") ? stageName : text);
    }

    /** A transfer sample: bytes so far of total (0: unknown), speed and peers. */
    public void sample(long bytes, long total, long bytesPerSecond, int peers) {
        if (state.get() != State.RUNNING) {
            return;
        }
        String eta = bytesPerSecond > 0 && total > bytes
                ? Texts.get("download.eta", Sizes.duration((total - bytes) / bytesPerSecond)) : Texts.get("download.eta.unknown");
        transfer.set(Texts.get("download.transfer", Sizes.bytes(bytes), total > 0 ? Sizes.bytes(total) : "?",
                Sizes.bytes(bytesPerSecond), peers, eta));
    }

    void finish(State end, String said) {
        state.set(end);
        // The last sample would read as if the transfer were still going.
        transfer.set("");
        message.set(said);
        if (end == State.DONE) {
            fraction.set(1);
        }
        stage.set(Texts.get("download.state." + end.name().toLowerCase(java.util.Locale.ROOT)));
    }

    /** Cancel: the install stops at its next step; the panel says so when it has. */
    public void onCancel() {
        if (state.get() == State.RUNNING) {
            cancel.cancel();
            stage.set(Texts.get("download.cancelling"));
        }
    }

    /** Retry a failed or cancelled one: a new download of the same release. */
    public void onRetry() {
        if (state.get() == State.FAILED || state.get() == State.CANCELLED) {
            retry.run();
        }
    }
}
