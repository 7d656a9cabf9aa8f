package org.caravan.core.catalog;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A root set a store magnet vouches for: {@code &x.roots=VERSION-SHA256} names a version of the store's root
 * history and the SHA-256 of that set's canonical bytes ({@code RootSet.canonicalBytes}). A client that
 * subscribes with it accepts only catalogs whose root history holds exactly that set at that version, so a
 * thief holding the channel key alone cannot pass a rewritten root history off to a new subscriber either.
 * The store key already pins version 1; magnets name a pin from version 2 on.
 */
public record RootPin(long version, String sha256) {
    /** The magnet parameter (BEP 9 leaves {@code x.} parameters to extensions). */
    public static final String PARAM = "x.roots";
    private static final Pattern FORM = Pattern.compile("([1-9][0-9]{0,17})-([0-9a-f]{64})");

    public RootPin {
        if (version < 1) {
            throw new IllegalArgumentException("a root pin names root set version 1 or later, not " + version);
        }
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a root pin's hash is 64 lower-case hex digits, not '" + sha256 + "'");
        }
    }

    /** The pin of one version of a root history. */
    public static RootPin of(SignedRootSet set) {
        return new RootPin(set.version(), Sha256.hex(set.canonicalBytes()));
    }

    /** {@code VERSION-SHA256}, as in the magnet and the client database. */
    public static RootPin parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("bad root pin '" + text + "': expected VERSION-SHA256, e.g. 2-"
                    + "0123456789abcdef".repeat(4));
        }
        return new RootPin(Long.parseLong(m.group(1)), m.group(2));
    }

    /** The pin a magnet carries, if any; a malformed one is refused with the magnet named. */
    public static Optional<RootPin> inMagnet(String magnet) {
        int q = magnet == null ? -1 : magnet.indexOf('?');
        if (q < 0) {
            return Optional.empty();
        }
        RootPin found = null;
        for (String param : magnet.substring(q + 1).split("&")) {
            int eq = param.indexOf('=');
            if (eq < 0 || !param.substring(0, eq).equalsIgnoreCase(PARAM)) {
                continue;
            }
            if (found != null) {
                throw new IllegalArgumentException("store magnet names two root pins (" + PARAM + "): '" + magnet + "'");
            }
            try {
                found = parse(URLDecoder.decode(param.substring(eq + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("store magnet: " + e.getMessage() + " in '" + magnet + "'", e);
            }
        }
        return Optional.ofNullable(found);
    }

    /** {@code &x.roots=VERSION-SHA256}, to append to a store magnet. */
    public String magnetParam() {
        return "&" + PARAM + "=" + this;
    }

    /**
     * Checks that {@code catalog}'s root history holds this set at this version.
     *
     * @throws IllegalStateException naming the difference
     */
    public void check(Catalog catalog) {
        if (catalog.rootVersion() < version) {
            throw new IllegalStateException("the catalog is signed under root set version " + catalog.rootVersion()
                    + ", older than version " + version + " the store's magnet names (rolled-back or forged root set)");
        }
        // Version 1 of a store that never rotated is implied: its current roots and k.
        SignedRootSet held = catalog.rootHistory().isEmpty()
                ? new SignedRootSet(1, catalog.policy().rootThreshold(), catalog.roots(), java.util.List.of())
                : catalog.rootHistory().get((int) version - 1);
        RootPin actual = of(held);
        if (!actual.equals(this)) {
            throw new IllegalStateException("the catalog's root set version " + version + " is not the one the store's "
                    + "magnet names (" + this + ", the catalog's is " + actual + "): a forged root history");
        }
    }

    @Override
    public String toString() {
        return version + "-" + sha256;
    }
}
