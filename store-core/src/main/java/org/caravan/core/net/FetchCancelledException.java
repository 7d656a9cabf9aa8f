package org.caravan.core.net;

import java.io.IOException;

/** A fetch stopped because its caller asked ({@link TransferProgress#cancelled()}); nothing of it is kept. */
public final class FetchCancelledException extends IOException {
    private static final long serialVersionUID = 1L;

    public FetchCancelledException(InfoHash infoHash, long bytesDone) {
        super("the download of torrent " + infoHash + " was cancelled after " + bytesDone + " bytes");
    }
}
