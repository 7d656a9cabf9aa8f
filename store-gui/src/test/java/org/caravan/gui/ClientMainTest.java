package org.caravan.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ClientMainTest {

    @Test
    void homeComesFromTheOption() {
        assertEquals(Path.of("/tmp/alice/caravan"), ClientMain.parseHome("--home", "/tmp/alice/caravan"));
        assertEquals(Path.of("/tmp/bob"), ClientMain.parseHome("--home=/tmp/bob/"));
    }

    @Test
    void relativeHomeIsMadeAbsolute() {
        assertEquals(Path.of("data").toAbsolutePath(), ClientMain.parseHome("--home", "data"));
    }

    @Test
    void defaultHomeIsDotCaravanInTheUsersHome() {
        assertEquals(Path.of(System.getProperty("user.home"), ".caravan").toAbsolutePath(), ClientMain.parseHome());
    }

    @Test
    void missingFolderIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> ClientMain.parseHome("--home"));
        assertTrue(e.getMessage().contains("--home"), e.getMessage());
    }

    @Test
    void unknownArgumentIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> ClientMain.parseHome("--hme", "/tmp"));
        assertTrue(e.getMessage().contains("--hme"), e.getMessage());
    }
}
