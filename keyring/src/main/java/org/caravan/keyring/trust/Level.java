package org.caravan.keyring.trust;

import java.util.Locale;

/**
 * A privilege level granted by a certification. Levels are data: the store policy may rename or add
 * levels; the four below are the defaults.
 */
public record Level(int rank, String name) implements Comparable<Level> {
    public static final Level NEWCOMER = new Level(0, "newcomer");
    public static final Level DEVELOPER = new Level(1, "developer");
    public static final Level MENTOR = new Level(2, "mentor");
    public static final Level MAINTAINER = new Level(3, "maintainer");

    public Level {
        if (rank < 0 || rank > 254) {
            throw new IllegalArgumentException("privilege level out of range 0..254: " + rank);
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("privilege level " + rank + " has no name");
        }
    }

    /** Parses a default level name ({@code developer}) or a rank ({@code 1}). */
    public static Level parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (Level l : new Level[] {NEWCOMER, DEVELOPER, MENTOR, MAINTAINER}) {
            if (l.name.equals(t) || Integer.toString(l.rank).equals(t)) {
                return l;
            }
        }
        throw new IllegalArgumentException(
                "unknown privilege level '" + text + "' (expected newcomer, developer, mentor or maintainer)");
    }

    public static Level ofRank(int rank) {
        return switch (rank) {
            case 0 -> NEWCOMER;
            case 1 -> DEVELOPER;
            case 2 -> MENTOR;
            case 3 -> MAINTAINER;
            default -> new Level(rank, "level-" + rank);
        };
    }

    @Override
    public int compareTo(Level o) {
        return Integer.compare(rank, o.rank);
    }

    @Override
    public String toString() {
        return name;
    }
}
