package org.caravan.core.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.caravan.core.client.ClientService;
import org.caravan.core.client.InstallOutcome;
import org.caravan.core.client.InstallProgress;
import org.caravan.core.client.SyncReport;
import org.caravan.core.store.StoreServer;
import org.caravan.core.testing.LoopbackNetworkTest;
import org.caravan.core.testing.StoreFixture;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.trust.RevocationReason;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A desktop notification for an installed app that turns spurious, sent over a real private D-Bus session bus
 * (a {@code dbus-daemon} this test starts) to a stand-in notification service that records each call; and
 * quiet skipping where there is no bus.
 */
class DesktopNotifierIT extends LoopbackNetworkTest {
    static final String HELLO = "org.example.hello";

    private Process daemon;
    private DBusConnection receiverBus;

    /** One Notify call as the notification service received it. */
    record Call(String appName, String summary, String body, Map<String, Variant<?>> hints) {}

    /** Stands in for the desktop's notification daemon: records every call. */
    static final class Recorder implements Notifications {
        final List<Call> calls = new CopyOnWriteArrayList<>();

        @Override
        public UInt32 Notify(String appName, UInt32 replacesId, String appIcon, String summary, String body,
                List<String> actions, Map<String, Variant<?>> hints, int expireTimeout) {
            calls.add(new Call(appName, summary, body, hints));
            return new UInt32(calls.size());
        }

        @Override
        public String getObjectPath() {
            return OBJECT_PATH;
        }
    }

    /** Starts a private session bus and returns its address; skips the test where dbus-daemon is not installed. */
    private String sessionBus() throws Exception {
        Path exe = Path.of("/usr/bin/dbus-daemon");
        Assumptions.assumeTrue(Files.isExecutable(exe), "dbus-daemon is not installed (apt-get install dbus): "
                + "no session bus to notify over");
        Path socket = tmp.resolve("bus");
        daemon = new ProcessBuilder(exe.toString(), "--session", "--nofork", "--address=unix:path=" + socket,
                "--print-address=1").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(daemon.getInputStream(), StandardCharsets.UTF_8));
        String address = out.readLine();
        assertTrue(address != null && address.startsWith("unix:path="), "dbus-daemon printed no address: " + address);
        return address;
    }

    @AfterEach
    void stopBus() throws Exception {
        if (receiverBus != null) {
            receiverBus.disconnect();
        }
        if (daemon != null) {
            daemon.destroy();
            daemon.waitFor();
        }
    }

    @Test
    void anInstalledAppThatTurnsSpuriousIsShownOnceAsACriticalNotification() throws Exception {
        String address = sessionBus();
        Recorder recorder = new Recorder();
        receiverBus = DBusConnectionBuilder.forAddress(address).withShared(false).build();
        receiverBus.requestBusName(Notifications.BUS_NAME);
        receiverBus.exportObject(Notifications.OBJECT_PATH, recorder);

        StoreFixture f = StoreFixture.create(tmp.resolve("s"));
        f.addApp(HELLO, "1.0.0", "utilities");
        StoreServer server = new StoreServer(f.store, storeNode, StoreFixture.CLOCK);
        server.step();
        try (ClientService c = client(tmp.resolve("home"), StoreFixture.CLOCK)) {
            c.subscribe(f.store.magnet());
            DesktopNotifier notifier = DesktopNotifier.attach(c, address);
            assertTrue(notifier.active());
            assertEquals(SyncReport.Outcome.UPDATED, syncOnly(c).outcome());
            assertInstanceOf(InstallOutcome.Installed.class, c.install(HELLO, InstallProgress.NONE));

            f.store.revoke(Personas.DEVELOPER, RevocationReason.COMPROMISED, "leaked", StoreFixture.NOW);
            server.step();
            assertEquals(SyncReport.Outcome.UPDATED, syncOnly(c).outcome());
            assertEquals(SyncReport.Outcome.UP_TO_DATE, syncOnly(c).outcome());
            // Closing sends what is queued (each Notify waits for the service's reply), so every call is in.
            notifier.close();
        }
        assertEquals(1, recorder.calls.size(), recorder.calls.toString());
        Call call = recorder.calls.get(0);
        assertEquals("Caravan", call.appName());
        assertEquals("Caravan: org.example.hello is no longer trusted", call.summary());
        assertTrue(call.body().startsWith("org.example.hello 1.0.0 is no longer trusted: refused (revoked)"), call.body());
        assertTrue(call.body().contains(Personas.DEVELOPER.hex()), call.body());
        assertTrue(call.body().endsWith("(remove it: caravan client remove org.example.hello)"), call.body());
        assertEquals((byte) 2, call.hints().get("urgency").getValue());
    }

    @Test
    void withoutASessionBusNothingIsSentAndNothingFails() throws Exception {
        try (ClientService c = ClientService.open(tmp.resolve("home"))) {
            DesktopNotifier none = DesktopNotifier.attach(c, null);
            assertFalse(none.active());
            none.close();
            DesktopNotifier unreachable = DesktopNotifier.attach(c, "unix:path=" + tmp.resolve("no-such-bus"));
            assertFalse(unreachable.active());
            unreachable.close();
            // A socket file that nobody listens on (a bus that died): refused by the system, still quiet.
            Path dead = tmp.resolve("dead-bus");
            try (var ch = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
                ch.bind(java.net.UnixDomainSocketAddress.of(dead));
            }
            DesktopNotifier refused = DesktopNotifier.attach(c, "unix:path=" + dead + ",guid=0123");
            assertFalse(refused.active());
            refused.close();
        }
    }

    @Test
    void aBusWithoutANotificationServiceLeavesTheClientWorking() throws Exception {
        String address = sessionBus();
        StoreFixture f = StoreFixture.create(tmp.resolve("s"));
        f.addApp(HELLO, "1.0.0", "utilities");
        StoreServer server = new StoreServer(f.store, storeNode, StoreFixture.CLOCK);
        server.step();
        try (ClientService c = client(tmp.resolve("home"), StoreFixture.CLOCK)) {
            c.subscribe(f.store.magnet());
            try (DesktopNotifier notifier = DesktopNotifier.attach(c, address)) {
                assertTrue(notifier.active());
                assertEquals(SyncReport.Outcome.UPDATED, syncOnly(c).outcome());
                assertInstanceOf(InstallOutcome.Installed.class, c.install(HELLO, InstallProgress.NONE));
                f.store.revoke(Personas.DEVELOPER, RevocationReason.COMPROMISED, "leaked", StoreFixture.NOW);
                server.step();
                // Nobody owns org.freedesktop.Notifications: the bus answers with an error, the sync is unaffected.
                assertEquals(SyncReport.Outcome.UPDATED, syncOnly(c).outcome());
            }
            assertEquals("spurious", c.apps().get(0).state().label());
        }
    }
}
