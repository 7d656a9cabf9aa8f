package org.caravan.keyring.seal;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A 256-bit AES key that encrypts content (a licensed payload, a private generation). Fresh for each thing it
 * encrypts; it travels only wrapped ({@link KeyWrap}). {@link #toString()} never shows it.
 */
public final class ContentKey {
    public static final int BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private final byte[] key;

    private ContentKey(byte[] key) {
        if (key == null || key.length != BYTES) {
            throw new IllegalArgumentException("a content key is " + BYTES + " bytes, not "
                    + (key == null ? "none" : key.length));
        }
        this.key = key.clone();
    }

    /** A new random key. */
    public static ContentKey random() {
        byte[] k = new byte[BYTES];
        RANDOM.nextBytes(k);
        return new ContentKey(k);
    }

    public static ContentKey of(byte[] key) {
        return new ContentKey(key);
    }

    public byte[] bytes() {
        return key.clone();
    }

    /** Lower-case hex, for {@code gpg --override-session-key 9:HEX}-style use by people; never log it. */
    public String hex() {
        return HexFormat.of().formatHex(key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContentKey c && MessageDigest.isEqual(key, c.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "ContentKey[hidden]";
    }
}
