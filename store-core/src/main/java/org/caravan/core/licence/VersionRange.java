package org.caravan.core.licence;

import java.util.ArrayList;
import java.util.List;
import org.caravan.core.pkg.Version;

/**
 * The versions a licence covers: {@code *} (all), or comparators joined by commas, all of which must hold, each
 * {@code >=V}, {@code >V}, {@code <=V}, {@code <V} or {@code =V} / {@code V} (semantic versions, SemVer order).
 * Example: {@code >=1.0.0,<2.0.0}.
 */
public record VersionRange(String text) {
    public static final VersionRange ALL = new VersionRange("*");

    private record Bound(String op, Version version) {}

    public VersionRange {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a version range is '*' or comparators such as '>=1.0.0,<2.0.0'");
        }
        text = text.replace(" ", "");
        bounds(text);
    }

    private static List<Bound> bounds(String text) {
        List<Bound> out = new ArrayList<>();
        if (text.equals("*")) {
            return out;
        }
        for (String part : text.split(",", -1)) {
            String op = part.startsWith(">=") || part.startsWith("<=") ? part.substring(0, 2)
                    : part.startsWith(">") || part.startsWith("<") || part.startsWith("=") ? part.substring(0, 1) : "=";
            String v = part.startsWith(op) ? part.substring(op.length()) : part;
            try {
                out.add(new Bound(op, Version.parse(v)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("version range '" + text + "': '" + part + "' is not a comparator "
                        + "such as >=1.0.0 (" + e.getMessage() + ")", e);
            }
        }
        return out;
    }

    public boolean contains(Version v) {
        for (Bound b : bounds(text)) {
            int c = v.compareTo(b.version());
            boolean ok = switch (b.op()) {
                case ">=" -> c >= 0;
                case ">" -> c > 0;
                case "<=" -> c <= 0;
                case "<" -> c < 0;
                default -> c == 0;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }
}
