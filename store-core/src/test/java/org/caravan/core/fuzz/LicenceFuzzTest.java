package org.caravan.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.caravan.core.licence.HeldGrant;
import org.caravan.core.licence.Licences;
import org.caravan.keyring.key.KeyFormatException;

/**
 * Licences and device tokens, files a user is handed by a developer or by another of their homes
 * ({@code client licence add FILE}): kept when they name this home's key, else refused with an
 * {@link IllegalArgumentException} that names the file and says what is wrong, caused by nothing but a named
 * refusal of a field (never a parser's accident), and nothing stored. The home's key is a fixed fuzz identity, so
 * the seeds (a licence for it, and a device token for it from another licensee) are accepted.
 */
class LicenceFuzzTest {
    private static final String SHOWN = "fuzzed.lic";
    private static final Path HOME = home();
    private static final Licences LICENCES = new Licences(HOME,
            Clock.fixed(Instant.parse("2026-02-03T00:00:00Z"), ZoneOffset.UTC));

    @FuzzTest
    void grant(byte[] file) throws IOException {
        List<Path> before = held();
        HeldGrant held;
        try {
            held = LICENCES.add(file, SHOWN);
        } catch (IllegalArgumentException refused) {
            Refusals.check(refused, SHOWN);
            Throwable cause = refused.getCause();
            assertTrue(cause == null || cause instanceof IllegalArgumentException || cause instanceof KeyFormatException,
                    () -> "refused for an unnamed reason: " + cause);
            assertEquals(before, held(), "a refused file is not kept");
            return;
        }
        assertArrayEquals(file, Files.readAllBytes(held.file()), "kept as given");
        assertEquals(1, LICENCES.list().stream().filter(h -> h.file().equals(held.file())).count(),
                "read back from the home");
        Files.delete(held.file());
    }

    private List<Path> held() throws IOException {
        Path dir = HOME.resolve("licences");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    /** A home whose identity is the fuzz identity the seeds were made for. */
    private static Path home() {
        Path home = Refusals.tempDir("licence");
        try (InputStream key = LicenceFuzzTest.class.getResourceAsStream("fuzz-identity.key.asc")) {
            Path dir = Files.createDirectories(home.resolve("identity"));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            Path file = dir.resolve("key.asc");
            Files.write(file, key.readAllBytes());
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
