package org.caravan.core.storage;

import java.io.IOException;

/** A storage operation refused or failed; the message names the file, the storage and what to do. */
public final class StorageException extends IOException {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
