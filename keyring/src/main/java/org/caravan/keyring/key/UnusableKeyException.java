package org.caravan.keyring.key;

/**
 * A key asked to sign or certify cannot (see {@link KeyUsability}); the message names the key, the reason
 * and the fix. Bad input to the command that asked, as a wrong passphrase is.
 */
public final class UnusableKeyException extends KeyFormatException {
    private final Fingerprint key;

    public UnusableKeyException(Fingerprint key, String message) {
        super(message);
        this.key = key;
    }

    public Fingerprint key() {
        return key;
    }
}
