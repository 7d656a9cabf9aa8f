package org.caravan.core.pkg;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A semantic version (<a href="https://semver.org/spec/v2.0.0.html">SemVer 2.0.0</a>):
 * {@code MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]}.
 *
 * <p>{@link #compareTo} orders by SemVer precedence, which ignores build metadata; two versions
 * that differ only in build metadata therefore compare as 0 while {@link #equals} tells them apart
 * (as with {@code BigDecimal}). Use {@link #isNewerThan} where "is this an update?" is meant.
 */
public record Version(long major, long minor, long patch, List<String> preRelease, List<String> build)
        implements Comparable<Version> {

    /** Longest version text accepted; a version is an identifier, not a document. */
    public static final int MAX_LENGTH = 128;

    private static final Pattern NUMERIC = Pattern.compile("0|[1-9][0-9]*");
    private static final Pattern IDENTIFIER = Pattern.compile("[0-9A-Za-z-]+");

    public Version {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException(
                    "version numbers must not be negative: " + major + "." + minor + "." + patch);
        }
        preRelease = List.copyOf(Objects.requireNonNull(preRelease, "preRelease"));
        build = List.copyOf(Objects.requireNonNull(build, "build"));
        for (String id : preRelease) {
            checkIdentifier(id, "pre-release", true, major + "." + minor + "." + patch);
        }
        for (String id : build) {
            checkIdentifier(id, "build", false, major + "." + minor + "." + patch);
        }
    }

    /** A release version without pre-release or build parts. */
    public static Version of(long major, long minor, long patch) {
        return new Version(major, minor, patch, List.of(), List.of());
    }

    /**
     * Parses SemVer text such as {@code 1.4.0}, {@code 2.0.0-rc.1} or {@code 1.0.0+build.7}.
     *
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    public static Version parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("version is missing (null)");
        }
        if (text.isEmpty() || text.length() > MAX_LENGTH) {
            throw bad(text, "must be 1 to " + MAX_LENGTH + " characters long");
        }
        String rest = text;
        List<String> build = List.of();
        int plus = rest.indexOf('+');
        if (plus >= 0) {
            build = splitIdentifiers(text, rest.substring(plus + 1), "build metadata");
            rest = rest.substring(0, plus);
        }
        List<String> pre = List.of();
        int dash = rest.indexOf('-');
        if (dash >= 0) {
            pre = splitIdentifiers(text, rest.substring(dash + 1), "pre-release");
            rest = rest.substring(0, dash);
        }
        String[] core = rest.split("\\.", -1);
        if (core.length != 3) {
            throw bad(text, "expected MAJOR.MINOR.PATCH, e.g. 1.4.0");
        }
        long[] numbers = new long[3];
        String[] names = {"major", "minor", "patch"};
        for (int i = 0; i < 3; i++) {
            if (!NUMERIC.matcher(core[i]).matches()) {
                throw bad(text, names[i] + " part '" + core[i]
                        + "' must be a number without leading zeros");
            }
            try {
                numbers[i] = Long.parseLong(core[i]);
            } catch (NumberFormatException e) {
                throw bad(text, names[i] + " part '" + core[i] + "' is too large");
            }
        }
        for (String id : pre) {
            if (isNumeric(id) && !NUMERIC.matcher(id).matches()) {
                throw bad(text, "numeric pre-release identifier '" + id + "' has a leading zero");
            }
        }
        return new Version(numbers[0], numbers[1], numbers[2], pre, build);
    }

    /** True when this version has higher precedence than {@code other}. */
    public boolean isNewerThan(Version other) {
        return compareTo(other) > 0;
    }

    public boolean isPreRelease() {
        return !preRelease.isEmpty();
    }

    @Override
    public int compareTo(Version other) {
        int c = Long.compare(major, other.major);
        if (c == 0) c = Long.compare(minor, other.minor);
        if (c == 0) c = Long.compare(patch, other.patch);
        if (c != 0) return c;
        // A release outranks any of its pre-releases (1.0.0-rc.1 < 1.0.0).
        if (preRelease.isEmpty() || other.preRelease.isEmpty()) {
            return Boolean.compare(preRelease.isEmpty(), other.preRelease.isEmpty());
        }
        int n = Math.min(preRelease.size(), other.preRelease.size());
        for (int i = 0; i < n; i++) {
            c = compareIdentifier(preRelease.get(i), other.preRelease.get(i));
            if (c != 0) return c;
        }
        return Integer.compare(preRelease.size(), other.preRelease.size());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(major).append('.').append(minor).append('.').append(patch);
        if (!preRelease.isEmpty()) sb.append('-').append(String.join(".", preRelease));
        if (!build.isEmpty()) sb.append('+').append(String.join(".", build));
        return sb.toString();
    }

    private static int compareIdentifier(String a, String b) {
        boolean an = isNumeric(a);
        boolean bn = isNumeric(b);
        if (an && bn) {
            // No leading zeros, so the longer digit string is the larger number; no overflow.
            int c = Integer.compare(a.length(), b.length());
            return c != 0 ? c : a.compareTo(b);
        }
        if (an != bn) {
            return an ? -1 : 1; // numeric identifiers have lower precedence than alphanumeric ones
        }
        return a.compareTo(b); // ASCII order, as SemVer asks
    }

    private static boolean isNumeric(String id) {
        for (int i = 0; i < id.length(); i++) {
            char ch = id.charAt(i);
            if (ch < '0' || ch > '9') return false;
        }
        return !id.isEmpty();
    }

    private static List<String> splitIdentifiers(String text, String part, String what) {
        List<String> out = new ArrayList<>();
        for (String id : part.split("\\.", -1)) {
            if (id.isEmpty() || !IDENTIFIER.matcher(id).matches()) {
                throw bad(text, what + " identifier '" + id
                        + "' must be non-empty and use only [0-9A-Za-z-]");
            }
            out.add(id);
        }
        return out;
    }

    private static void checkIdentifier(String id, String what, boolean noLeadingZero, String subject) {
        if (id == null || !IDENTIFIER.matcher(id).matches()) {
            throw new IllegalArgumentException("version " + subject + ": " + what + " identifier '" + id
                    + "' must be non-empty and use only [0-9A-Za-z-]");
        }
        if (noLeadingZero && isNumeric(id) && !NUMERIC.matcher(id).matches()) {
            throw new IllegalArgumentException("version " + subject + ": numeric " + what
                    + " identifier '" + id + "' has a leading zero");
        }
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("invalid version '" + text + "': " + why);
    }
}
