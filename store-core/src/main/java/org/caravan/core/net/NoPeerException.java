package org.caravan.core.net;

import java.io.IOException;
import java.time.Duration;

/**
 * A fetch gave up because no peer (nor web seed) had the torrent for {@link #waited()}: nobody who holds it
 * is online. Distinct from a refusal (nothing was wrong with the data) and from a slow transfer (which goes
 * on while data arrives), so callers can say what is missing and that a later try may succeed.
 */
public final class NoPeerException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient InfoHash infoHash;
    private final transient Duration waited;
    private final long bytesDone;

    public NoPeerException(InfoHash infoHash, Duration waited, long bytesDone, int knownPeers) {
        this(infoHash, waited, bytesDone, "none connected for " + waited.toSeconds() + " s"
                + (knownPeers > 0 ? ", " + knownPeers + " known but unreachable" : ""));
    }

    /** Peers were connected, {@code connected} at the end, but none sent a byte of it for {@code waited}. */
    public static NoPeerException silent(InfoHash infoHash, Duration waited, long bytesDone, int connected) {
        return new NoPeerException(infoHash, waited, bytesDone, connected + " connected but none sent any of it for "
                + waited.toSeconds() + " s");
    }

    private NoPeerException(InfoHash infoHash, Duration waited, long bytesDone, String why) {
        this(infoHash, waited, bytesDone, "no peer has torrent " + infoHash + " (" + why
                + (bytesDone > 0 ? ", " + bytesDone + " bytes fetched before" : "") + ")", true);
    }

    private NoPeerException(InfoHash infoHash, Duration waited, long bytesDone, String message, boolean whole) {
        super(message);
        this.infoHash = infoHash;
        this.waited = waited;
        this.bytesDone = bytesDone;
    }

    /** The same, saying also what went wrong with the sources that were there (a mirror's error, bad pieces). */
    NoPeerException with(String trouble) {
        return new NoPeerException(infoHash, waited, bytesDone, getMessage() + "; " + trouble, true);
    }

    public InfoHash infoHash() {
        return infoHash;
    }

    /** How long nothing arrived before giving up. */
    public Duration waited() {
        return waited;
    }

    public long bytesDone() {
        return bytesDone;
    }
}
