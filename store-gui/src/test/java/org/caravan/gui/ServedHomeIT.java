package org.caravan.gui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.caravan.core.client.CaravanClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A window that serves its home itself (no service running) tells the desktop, as the service does, when an
 * installed app turns spurious: it attaches the desktop notifier on the session bus (a private dbus-daemon this
 * test starts). What the notification says is DesktopNotifierIT's subject.
 */
class ServedHomeIT {
    @TempDir
    Path tmp;
    private Process daemon;

    @AfterEach
    void stopBus() throws Exception {
        if (daemon != null) {
            daemon.destroy();
            daemon.waitFor();
        }
    }

    private String sessionBus() throws Exception {
        Path exe = Path.of("/usr/bin/dbus-daemon");
        Assumptions.assumeTrue(Files.isExecutable(exe), "dbus-daemon is not installed: no session bus");
        daemon = new ProcessBuilder(exe.toString(), "--session", "--nofork", "--address=unix:path=" + tmp.resolve("bus"),
                "--print-address=1").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String address = new BufferedReader(new InputStreamReader(daemon.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        assertNotNull(address, "dbus-daemon printed no address");
        return address;
    }

    @Test
    void aWindowServingItsHomeNotifiesTheDesktopAndOneThatJoinsAServedHomeLeavesThatToTheServer() throws Exception {
        String bus = sessionBus();
        ServedHome owner = new ServedHome(bus);
        CaravanClient served = owner.open(tmp.resolve("home"));
        try {
            assertTrue(owner.notifying(10_000), "the window serving the home is not on the session bus");
            // A second window on the same home is a client of the first: one notification, from the server.
            ServedHome joiner = new ServedHome(bus);
            CaravanClient remote = joiner.open(tmp.resolve("home"));
            try {
                assertFalse(joiner.notifying(1_000));
            } finally {
                remote.close();
                joiner.close();
            }
        } finally {
            served.close();
            owner.close();
        }
        assertFalse(owner.notifying(0), "closed, it no longer notifies");
    }

    @Test
    void withoutASessionBusTheWindowServesItsHomeAndStaysQuiet() throws Exception {
        ServedHome owner = new ServedHome(null);
        CaravanClient served = owner.open(tmp.resolve("home"));
        try {
            assertFalse(owner.notifying(5_000));
        } finally {
            served.close();
            owner.close();
        }
    }
}
