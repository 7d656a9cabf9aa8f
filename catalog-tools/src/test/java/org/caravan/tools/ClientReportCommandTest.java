package org.caravan.tools;

import static org.caravan.tools.KeyShowCommandTest.json;
import static org.caravan.tools.KeyShowCommandTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code client status} and {@code client show} on a home without a synced store: what a new user sees first. */
class ClientReportCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aNewHomeSaysWhatToDoNext() throws Exception {
        String home = tmp.resolve("HOME").toString();
        // A home that does not exist is not made by a command that only reports (a typo'd --home).
        CommandLineTest.fails(ExitCodes.FAILURE, "no Caravan home at " + Path.of(home).toAbsolutePath(),
                "client", "--home", home, "status");
        assertFalse(Files.exists(Path.of(home)));
        Files.createDirectories(Path.of(home));
        List<String> lines = ok("client", "--home", home, "status").out.lines().toList();
        assertEquals(List.of("home       " + Path.of(home).toAbsolutePath(),
                "network    loopback test network without nodes",
                "stores     none (caravan client subscribe MAGNET)",
                "installed  0 apps",
                "updates    none"), lines);
        JsonNode doc = json(ok("client", "--home", home, "status", "--json"));
        assertEquals("client-status", doc.get("kind").asText());
        assertEquals(0, doc.get("stores").size());
        assertEquals(0, doc.get("installed").asInt());
        assertEquals("loopback", doc.get("network").get("mode").asText());

        CommandLineTest.fails(ExitCodes.FAILURE, "no subscribed store lists org.example.hello", "client", "--home", home,
                "show", "org.example.hello");
    }

    @Test
    void aHomeThatIsAFileIsNamed() throws Exception {
        Path file = Files.writeString(tmp.resolve("notes.txt"), "not a folder");
        for (String cmd : List.of("status", "show")) {
            String[] args = cmd.equals("show") ? new String[] {"client", "--home", file.toString(), cmd, "x.y"}
                    : new String[] {"client", "--home", file.toString(), cmd};
            Cli c = Cli.run(args);
            assertEquals(ExitCodes.FAILURE, c.exit, c.toString());
            assertTrue(c.err.contains("the client home " + file + " is not a folder"), c.toString());
        }
        assertEquals(ExitCodes.USAGE, Cli.run("client", "--home", tmp.toString(), "status", "--jsn").exit);
    }
}
