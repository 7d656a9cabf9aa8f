package org.caravan.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.nio.file.LinkOption;
import java.util.Locale;
import java.util.stream.Stream;

/** What every refusal of fuzzed input owes the user, and the temp folders the file-based targets use. */
final class Refusals {
    private Refusals() {}

    /** A refusal says what is wrong. */
    static void check(Exception refused) {
        assertNotNull(refused.getMessage(), () -> refused.getClass().getSimpleName() + " without a message");
        assertFalse(refused.getMessage().isBlank(), () -> refused.getClass().getSimpleName() + " with a blank message");
    }

    /** A refusal says what is wrong and names its subject (e.g. "magnet"). */
    static void check(Exception refused, String subject) {
        check(refused);
        assertTrue(refused.getMessage().toLowerCase(Locale.ROOT).contains(subject),
                () -> "refusal does not name the " + subject + ": " + refused.getMessage());
    }

    /** What an extraction that was not refused wrote: one regular file per manifest entry, all inside staging. */
    static void checkExtracted(Path staging, List<Path> extracted, int manifestEntries) {
        assertEquals(manifestEntries, extracted.size(), "one file per manifest entry");
        for (Path p : extracted) {
            assertTrue(p.normalize().startsWith(staging), "extracted outside staging: " + p);
            assertTrue(Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS), "not a regular file: " + p);
        }
    }

    /** A refused package says why and leaves nothing in staging. */
    static void checkRefusedCleanly(Exception refused, Path staging) throws IOException {
        check(refused);
        if (Files.exists(staging)) {
            try (Stream<Path> left = Files.walk(staging)) {
                assertEquals(List.of(staging), left.toList(), "a refusal leaves nothing in staging");
            }
        }
    }

    static Path tempDir(String prefix) {
        try {
            Path dir = Files.createTempDirectory("caravan-fuzz-" + prefix);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
