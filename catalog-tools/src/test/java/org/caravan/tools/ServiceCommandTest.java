package org.caravan.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** client service install-unit, status, stop and client watch when no service runs. */
class ServiceCommandTest {
    @TempDir
    Path tmp;

    @Test
    void installUnitWritesAUnitThatRunsTheServiceOfTheHome() throws Exception {
        Path home = tmp.resolve("my home");
        Path unit = tmp.resolve("units/caravan.service");
        Cli c = Cli.run("client", "--home", home.toString(), "service", "install-unit", "--out", unit.toString());
        assertEquals(0, c.exit, c.toString());
        String text = Files.readString(unit);
        assertTrue(text.contains("[Service]") && text.contains("[Install]\nWantedBy=default.target"), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("ExecStart=") && l.endsWith(
                " client --home \"" + home.toAbsolutePath() + "\" service run")), text);
        assertTrue(c.out.contains("systemctl --user enable --now caravan.service"), c.toString());

        Cli again = Cli.run("client", "--home", home.toString(), "service", "install-unit", "--out", unit.toString());
        assertEquals(ExitCodes.REFUSED, again.exit, again.toString());
        assertTrue(again.err.contains(unit + " exists; replace it with --force"), again.toString());
        assertEquals(0, Cli.run("client", "--home", home.toString(), "service", "install-unit", "--out", unit.toString(),
                "--force").exit);
    }

    @Test
    void withNoServiceStatusSaysSoStopDoesNothingAndWatchIsRefused() {
        String home = tmp.resolve("home").toString();
        Cli status = Cli.run("client", "--home", home, "service", "status");
        assertEquals(ExitCodes.REFUSED, status.exit, status.toString());
        assertTrue(status.out.contains("no Caravan service runs on " + tmp.resolve("home")), status.toString());
        Cli stop = Cli.run("client", "--home", home, "service", "stop");
        assertEquals(0, stop.exit, stop.toString());
        Cli watch = Cli.run("client", "--home", home, "watch");
        assertEquals(ExitCodes.REFUSED, watch.exit, watch.toString());
        assertTrue(watch.err.contains("nothing to watch: no Caravan service runs on " + tmp.resolve("home")
                + " (start one: caravan client service start)"), watch.toString());
    }
}
