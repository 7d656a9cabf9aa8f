package org.caravan.core.client;

/**
 * Lets the one who started an install stop it: {@link #cancel()} from any thread stops the download at its next
 * poll (within about 100 ms) and the install ends as {@link InstallOutcome.Cancelled}, leaving the installed
 * state as it was. Once the verified package is being moved into place, cancelling has no effect: the install
 * then finishes, so that a cancel never leaves half an app.
 */
public final class CancelToken {
    /** A token nobody cancels. */
    public static final CancelToken NONE = new CancelToken();

    private volatile boolean cancelled;

    public void cancel() {
        if (this != NONE) {
            cancelled = true;
        }
    }

    public boolean isCancelled() {
        return cancelled;
    }
}
