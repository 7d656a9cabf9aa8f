package org.caravan.core.net;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A store's channel as a BEP 46 magnet link: {@code magnet:?xs=urn:btpk:<64 hex public key>&s=<salt hex>}.
 * The store is its ed25519 public key; the salt lets one key run several channels.
 */
public record StoreMagnet(byte[] publicKey, byte[] salt) {
    public static final int PUBLIC_KEY_BYTES = 32;
    public static final int MAX_SALT_BYTES = 64;
    /** Far above any real store magnet (~400 characters with salt and root pin); longer text is not parsed at all. */
    public static final int MAX_MAGNET_CHARS = 2048;
    private static final String SCHEME = "magnet:?";
    private static final String XS_PREFIX = "urn:btpk:";

    public StoreMagnet {
        if (publicKey == null || publicKey.length != PUBLIC_KEY_BYTES) {
            throw new IllegalArgumentException("an ed25519 public key has " + PUBLIC_KEY_BYTES + " bytes, not "
                    + (publicKey == null ? "none" : publicKey.length));
        }
        if (salt == null) {
            salt = new byte[0];
        }
        if (salt.length > MAX_SALT_BYTES) {
            throw new IllegalArgumentException("a BEP 44 salt has at most " + MAX_SALT_BYTES + " bytes, not " + salt.length);
        }
        publicKey = publicKey.clone();
        salt = salt.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    /**
     * The BEP 44 salt a store's pointer is put under while its root set is at {@code rootSetVersion}: the magnet's own
     * salt for version 1, then that salt with {@code .r<version>} appended (the salt's head cut, when needed, to stay
     * within 64 bytes). Each rotation starts a fresh item: DHT nodes keep the highest {@code seq} an item ever had,
     * so a thief holding the channel key who put one with a huge {@code seq} would otherwise keep the store's own
     * pointer out of that item for as long as anyone re-puts it (docs/protocol.md, section 2).
     */
    public byte[] saltFor(long rootSetVersion) {
        if (rootSetVersion < 1) {
            throw new IllegalArgumentException("root set versions start at 1, not " + rootSetVersion);
        }
        if (rootSetVersion == 1) {
            return salt();
        }
        byte[] suffix = (".r" + rootSetVersion).getBytes(StandardCharsets.US_ASCII);
        int head = Math.min(salt.length, MAX_SALT_BYTES - suffix.length);
        byte[] out = Arrays.copyOf(salt, head + suffix.length);
        System.arraycopy(suffix, 0, out, head, suffix.length);
        return out;
    }

    public String publicKeyHex() {
        return HexFormat.of().formatHex(publicKey);
    }

    /** Parses a store magnet; the error names the magnet and what is wrong with it. */
    public static StoreMagnet parse(String magnet) {
        if (magnet == null || magnet.isBlank()) {
            throw new IllegalArgumentException("store magnet is empty");
        }
        if (magnet.length() > MAX_MAGNET_CHARS) {
            throw new IllegalArgumentException("store magnet is " + magnet.length() + " characters long, more than "
                    + MAX_MAGNET_CHARS + ": '" + magnet.substring(0, 80) + "...'");
        }
        String text = magnet.strip();
        if (!text.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new IllegalArgumentException("store magnet must start with 'magnet:?': '" + magnet + "'");
        }
        String xs = null;
        String s = null;
        for (String param : text.substring(SCHEME.length()).split("&")) {
            int eq = param.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = param.substring(0, eq).toLowerCase(Locale.ROOT);
            String value;
            try {
                value = URLDecoder.decode(param.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException badEscape) {
                throw new IllegalArgumentException("store magnet has a bad percent escape in '" + param + "' ("
                        + badEscape.getMessage() + "): '" + magnet + "'", badEscape);
            }
            if (key.equals("xs") && value.regionMatches(true, 0, XS_PREFIX, 0, XS_PREFIX.length())) {
                if (xs != null) {
                    throw new IllegalArgumentException("store magnet has two urn:btpk keys: '" + magnet + "'");
                }
                xs = value.substring(XS_PREFIX.length());
            } else if (key.equals("s")) {
                // Two salts are two channels: which one a reader picks must not be left to chance.
                if (s != null) {
                    throw new IllegalArgumentException("store magnet has two salts (s=): '" + magnet + "'");
                }
                s = value;
            }
        }
        if (xs == null) {
            throw new IllegalArgumentException("store magnet has no xs=urn:btpk:<public key>: '" + magnet + "'");
        }
        byte[] key = hex(xs, "public key", magnet);
        if (key.length != PUBLIC_KEY_BYTES) {
            throw new IllegalArgumentException("store magnet public key has " + key.length + " bytes, an ed25519 key has "
                    + PUBLIC_KEY_BYTES + " (64 hex digits): '" + magnet + "'");
        }
        byte[] salt = s == null ? new byte[0] : hex(s, "salt", magnet);
        if (salt.length > MAX_SALT_BYTES) {
            throw new IllegalArgumentException("store magnet salt has " + salt.length + " bytes, at most "
                    + MAX_SALT_BYTES + " are allowed: '" + magnet + "'");
        }
        return new StoreMagnet(key, salt);
    }

    private static byte[] hex(String text, String what, String magnet) {
        if (text.length() % 2 != 0 || !text.matches("[0-9a-fA-F]*")) {
            throw new IllegalArgumentException("store magnet " + what + " is not hex: '" + text + "' in '" + magnet + "'");
        }
        return HexFormat.of().parseHex(text);
    }

    /** The canonical text form, lower-case hex; {@code &s=} is left out for an empty salt. */
    public String format() {
        String base = SCHEME + "xs=" + XS_PREFIX + publicKeyHex();
        return salt.length == 0 ? base : base + "&s=" + HexFormat.of().formatHex(salt);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoreMagnet m && Arrays.equals(publicKey, m.publicKey) && Arrays.equals(salt, m.salt);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(publicKey) + Arrays.hashCode(salt);
    }

    @Override
    public String toString() {
        return format();
    }
}
