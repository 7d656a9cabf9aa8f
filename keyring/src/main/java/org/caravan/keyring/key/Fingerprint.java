package org.caravan.keyring.key;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An OpenPGP key fingerprint in upper-case hex: 40 digits for a v4 key. A v3 key (PGP 2.x, RSA) has a
 * 32-digit MD5 fingerprint; it is accepted here only so such a key can be named when the trust engine's
 * crypto policy refuses it (Caravan never makes or signs with one).
 */
public record Fingerprint(String hex) implements Comparable<Fingerprint> {
    private static final Pattern HEX40 = Pattern.compile("[0-9A-F]{40}");
    private static final Pattern HEX32 = Pattern.compile("[0-9A-F]{32}");

    public Fingerprint {
        if (hex == null) {
            throw new IllegalArgumentException("fingerprint is missing");
        }
        hex = hex.replace(" ", "").toUpperCase(Locale.ROOT);
        if (!HEX40.matcher(hex).matches() && !HEX32.matcher(hex).matches()) {
            throw new IllegalArgumentException("not an OpenPGP v4 fingerprint (40 hex digits; a v3 key has 32): " + hex);
        }
    }

    public static Fingerprint of(String hex) {
        return new Fingerprint(hex);
    }

    /** Whether this is a v3 key's (MD5) fingerprint. */
    public boolean isV3() {
        return hex.length() == 32;
    }

    /** The last 16 hex digits, as GnuPG shows a long key id. A v3 fingerprint does not contain its key id. */
    public String keyId() {
        if (isV3()) {
            throw new IllegalStateException("the key id of OpenPGP v3 key " + hex + " cannot be read from its fingerprint");
        }
        return hex.substring(24);
    }

    @Override
    public int compareTo(Fingerprint o) {
        return hex.compareTo(o.hex);
    }

    @Override
    public String toString() {
        return hex;
    }
}
