package org.caravan.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code caravan gui}: the window on a home, and what a user without a desktop session is told. */
class GuiCommandTest {
    @TempDir
    Path tmp;

    @Test
    void helpSaysWhatItOpensAndWhatItNeeds() {
        Cli help = Cli.run("gui", "--help");
        assertEquals(0, help.exit, help.toString());
        assertTrue(help.out.contains("Open the desktop client window on a client home"), help.out);
        assertTrue(help.out.contains("--home=HOME"), help.out);
        assertTrue(help.out.contains("DISPLAY or WAYLAND_DISPLAY"), help.out);
    }

    /** As the caravan script starts it, in a terminal with no desktop session: exit 1, the reason, no home made. */
    @Test
    void withoutADisplayItSaysSoAndTouchesNothing() throws Exception {
        Path home = tmp.resolve("home");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dcaravan.gui.classpath=" + tmp.resolve("store-gui.jar"), "-cp", System.getProperty("java.class.path"),
                "org.caravan.tools.Launch", "gui", "--home", home.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains("no display: DISPLAY and WAYLAND_DISPLAY are not set"), out);
        assertTrue(out.contains("caravan client --help"), out);
        assertFalse(Files.exists(home), "no home was made");
    }
}
