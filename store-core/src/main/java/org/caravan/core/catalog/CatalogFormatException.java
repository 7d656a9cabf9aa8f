package org.caravan.core.catalog;

/** A catalog generation that is malformed, forged, replayed or otherwise refused; the message says why. */
public class CatalogFormatException extends RuntimeException {
    public CatalogFormatException(String message) {
        super(message);
    }

    public CatalogFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
