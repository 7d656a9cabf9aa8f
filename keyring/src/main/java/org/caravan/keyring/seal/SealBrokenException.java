package org.caravan.keyring.seal;

import java.io.IOException;

/** Sealed content that does not open: tampered, truncated, cut, or under another key. Names what was read. */
public final class SealBrokenException extends IOException {
    public SealBrokenException(String message) {
        super(message);
    }

    public SealBrokenException(String message, Throwable cause) {
        super(message, cause);
    }
}
