package org.caravan.keyring.key;

import java.util.Locale;
import java.util.regex.Pattern;

/** An OpenPGP v4 key fingerprint: 40 upper-case hex digits. */
public record Fingerprint(String hex) implements Comparable<Fingerprint> {
    private static final Pattern HEX40 = Pattern.compile("[0-9A-F]{40}");

    public Fingerprint {
        if (hex == null) {
            throw new IllegalArgumentException("fingerprint is missing");
        }
        hex = hex.replace(" ", "").toUpperCase(Locale.ROOT);
        if (!HEX40.matcher(hex).matches()) {
            throw new IllegalArgumentException("not an OpenPGP v4 fingerprint (40 hex digits): " + hex);
        }
    }

    public static Fingerprint of(String hex) {
        return new Fingerprint(hex);
    }

    /** The last 16 hex digits, as GnuPG shows a long key id. */
    public String keyId() {
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
