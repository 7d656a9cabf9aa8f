package org.caravan.core.store;

/** A store operation refused for a reason the user can act on; the message names the subject. */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The store's trust rules refused the package's signers (as opposed to bad input or a failed read). */
    public static final class Untrusted extends StoreException {
        public Untrusted(String message) {
            super(message);
        }
    }
}
