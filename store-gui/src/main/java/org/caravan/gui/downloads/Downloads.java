package org.caravan.gui.downloads;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.Parent;
import org.caravan.core.client.InstallOutcome;

/**
 * The Downloads panel's list: every install and update started in this window, newest first, with its progress,
 * Cancel and, after a failure, the whole reason and Retry. The screens that install (the app page, Update all)
 * {@link #start} an entry and report to it; FX thread only.
 */
public final class Downloads {
    private final ObservableList<Download> items = FXCollections.observableArrayList();
    private DownloadsView view;

    public ObservableList<Download> items() {
        return items;
    }

    /** A new entry for an install that starts now; {@code retry} starts it again. */
    public Download start(String appId, String title, Runnable retry) {
        Download d = new Download(appId, title, retry);
        items.add(0, d);
        return d;
    }

    /** The install behind {@code d} ended: done, cancelled or failed with its whole reason. */
    public void finish(Download d, InstallOutcome outcome) {
        Download.State end = outcome instanceof InstallOutcome.Installed || outcome instanceof InstallOutcome.UpToDate
                ? Download.State.DONE
                : outcome instanceof InstallOutcome.Cancelled ? Download.State.CANCELLED : Download.State.FAILED;
        d.finish(end, outcome.message());
    }

    /** Removes the entries that ended. */
    public void onClearFinished() {
        items.removeIf(d -> d.state().get() != Download.State.RUNNING);
    }

    /** How many are running (the tab's badge). */
    public long running() {
        return items.stream().filter(d -> d.state().get() == Download.State.RUNNING).count();
    }

    public Parent view() {
        if (view == null) {
            view = new DownloadsView(this);
        }
        return view.root();
    }
}
