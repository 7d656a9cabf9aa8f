package org.caravan.tools.commands;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The lines a long-running command ({@code store serve}, {@code package publish}, {@code client sync --watch})
 * prints while it runs carry the time they happened, as a log does: {@code 2026-12-03T10:15:02Z published
 * generation 7}. The first line such a command prints (a magnet scripts read) stays bare.
 */
final class LogLines {
    private LogLines() {}

    static String stamped(String line) {
        return stamped(Clock.systemUTC().instant(), line);
    }

    static String stamped(Instant at, String line) {
        return at.truncatedTo(ChronoUnit.SECONDS) + " " + line;
    }
}
