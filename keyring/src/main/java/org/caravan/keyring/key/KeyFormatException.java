package org.caravan.keyring.key;

/** Thrown when bytes that should hold an OpenPGP key, certificate or signature do not. */
public class KeyFormatException extends RuntimeException {
    public KeyFormatException(String message) {
        super(message);
    }

    public KeyFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
