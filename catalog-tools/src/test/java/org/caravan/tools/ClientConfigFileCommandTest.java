package org.caravan.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HOME/config.properties: every documented key applied, command-line flags winning for their command, typos named. */
class ClientConfigFileCommandTest {
    @TempDir
    Path tmp;

    static Cli code(int expected, String... args) {
        Cli c = Cli.run(args);
        assertEquals(expected, c.exit, c.toString());
        return c;
    }

    @Test
    void theFileSetsTheSettingsAndAFlagWinsForItsCommand() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(home.resolve("config.properties"), """
                # written by hand
                network = loopback
                bootstrap = 127.0.0.1:40001,127.0.0.1:40002
                sync-interval = 120
                seeding = off
                upload-limit = 256
                auto-update = on
                """);
        assertEquals(List.of("seeding off", "upload-limit 256 KiB/s", "auto-update on"),
                code(0, "client", "settings", "--home", home.toString()).out.lines().toList());
        Cli status = code(0, "client", "status", "--home", home.toString());
        assertTrue(status.out.contains("127.0.0.1:40001"), status.toString());
        try (org.caravan.core.client.ClientService client = org.caravan.core.client.ClientService.open(home)) {
            assertEquals(java.time.Duration.ofSeconds(120), client.syncInterval());
        }

        // A flag wins for its command; the file applies again at the next one.
        assertTrue(code(0, "client", "settings", "--home", home.toString(), "--seeding", "on").out.contains("seeding on"));
        assertTrue(code(0, "client", "settings", "--home", home.toString()).out.contains("seeding off"));
    }

    @Test
    void anUnknownKeyOrABadValueIsNamed() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path file = home.resolve("config.properties");
        Files.writeString(file, "seeeding = off\n");
        Cli typo = code(1, "client", "settings", "--home", home.toString());
        assertTrue(typo.err.contains(file + ": unknown key 'seeeding' (known: network, bootstrap, sync-interval, seeding, "
                + "upload-limit, auto-update)"), typo.toString());
        Files.writeString(file, "auto-update = sometimes\n");
        Cli bad = code(1, "client", "settings", "--home", home.toString());
        assertTrue(bad.err.contains("auto-update = sometimes (expected on or off)"), bad.toString());
    }
}
