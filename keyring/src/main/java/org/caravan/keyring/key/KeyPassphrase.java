package org.caravan.keyring.key;

/**
 * Where the passphrase of a protected secret key comes from (a file, the terminal). Asked only when a
 * protected key is first used to sign, never for keys that are not protected or only read for their
 * public part.
 */
@FunctionalInterface
public interface KeyPassphrase {
    /** For callers that have no passphrase to give: a protected key then refuses to sign, saying so. */
    KeyPassphrase NONE = key -> null;

    /**
     * The passphrase of {@code key}, as a fresh array the caller wipes after use, or null when there is none
     * to give. May throw {@link KeyFormatException} to say why there is none.
     */
    char[] forKey(Certificate key);
}
