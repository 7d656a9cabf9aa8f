package org.caravan.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.caravan.core.net.StoreMagnet;
import org.caravan.core.service.HomeBusyException;
import org.caravan.core.service.HomeService;
import org.caravan.core.service.RemoteClient;
import org.caravan.core.service.ServiceSocket;
import org.caravan.core.service.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A home served as the window serves it (in-process, real H2, real socket) and used over the socket by a second
 * face, as a second window would: calls, refusals and events cross, a second server is refused, a stale socket
 * is replaced.
 */
class HomeServiceIT {
    @TempDir
    Path tmp;

    static String magnet() {
        SecureRandom r = new SecureRandom();
        byte[] key = new byte[32];
        byte[] salt = new byte[8];
        r.nextBytes(key);
        r.nextBytes(salt);
        return new StoreMagnet(key, salt).format();
    }

    @Test
    void aSecondFaceUsesTheServedHome() throws Exception {
        Path home = tmp.resolve("home");
        try (HomeService service = HomeService.start(home, Clock.systemUTC())) {
            assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(home));
            assertEquals(PosixFilePermissions.fromString("rw-------"),
                    Files.getPosixFilePermissions(ServiceSocket.path(home)));
            assertEquals(ProcessHandle.current().pid(), ServiceStatus.of(home).orElseThrow().pid());

            HomeBusyException busy = assertThrows(HomeBusyException.class, () -> HomeService.start(home, Clock.systemUTC()));
            assertTrue(busy.getMessage().contains("already served by process " + ProcessHandle.current().pid()),
                    busy.getMessage());

            try (RemoteClient remote = RemoteClient.connect(home).orElseThrow()) {
                String m = magnet();
                assertTrue(remote.subscribe(m));
                assertEquals(false, remote.subscribe(m));
                List<StoreRecord> stores = remote.stores();
                assertEquals(service.client().stores(), stores);
                assertEquals(StoreMagnet.parse(m).publicKeyHex(), stores.get(0).storeKey());
                assertEquals(service.client().syncInterval(), remote.syncInterval());
                // A refusal crosses as the same exception the embedded client throws.
                IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                        () -> remote.unsubscribe("00".repeat(32)));
                assertTrue(unknown.getMessage().contains("no store " + "00".repeat(32) + " is subscribed"));
                InstallOutcome notListed = remote.install("org.example.absent", InstallProgress.NONE);
                assertTrue(notListed instanceof InstallOutcome.Failed, notListed.toString());
                assertEquals(service.client().install("org.example.absent", InstallProgress.NONE), notListed);
                AppChange notInstalled = remote.remove("org.example.absent");
                assertTrue(notInstalled instanceof AppChange.Refused, notInstalled.toString());

                // What the window's screens read and set crosses as the embedded client's own values.
                remote.setSeeding(false);
                remote.setUploadLimit(256);
                remote.setAutoUpdate(true);
                remote.setSyncInterval(java.time.Duration.ofMinutes(7));
                assertEquals(false, service.client().seeding());
                assertEquals(256, service.client().uploadLimitKib());
                assertEquals(true, remote.autoUpdate());
                assertEquals(java.time.Duration.ofMinutes(7), service.client().syncInterval());
                assertEquals(service.client().network(), remote.network());
                // The first-run screen's choice, and Run's launch plan, cross too.
                org.caravan.core.net.NetworkConfig chosen = org.caravan.core.net.NetworkConfig.loopback(
                        org.caravan.core.net.PeerAddress.parseList("127.0.0.1:45001"));
                remote.setNetwork(chosen);
                assertEquals(chosen, service.client().network());
                LaunchPlan notRunnable = remote.launchPlan("org.example.absent");
                assertTrue(notRunnable instanceof LaunchPlan.Refused, notRunnable.toString());
                assertEquals(service.client().launchPlan("org.example.absent"), notRunnable);
                org.caravan.keyring.key.Fingerprint shady = org.caravan.keyring.key.Fingerprint.of("ab".repeat(20));
                remote.distrustKey(shady);
                assertEquals(List.of(new org.caravan.keyring.trust.LocalOverride.Distrust(shady)),
                        service.client().overrides());
                assertEquals(service.client().overrides(), remote.overrides());
                assertEquals(service.client().apps(), remote.previewOverrides(List.of()));
                assertEquals(1, remote.forgetOverrides(shady));
                assertEquals(List.of(), remote.plugins());
                assertEquals(service.client().roots(), remote.roots());
                assertTrue(remote.appPage("org.example.absent").isEmpty());

                // Events: what happens in the service reaches the other face, as the same value.
                LinkedBlockingQueue<ClientEvent> seen = new LinkedBlockingQueue<>();
                remote.addEventListener(seen::add);
                ClientEvent changed = new ClientEvent.AppChanged(Instant.parse("2026-12-01T10:00:00Z"), "org.example.a",
                        "install", true, "installed org.example.a 1.0");
                ClientEvent sync = new ClientEvent.SyncDone(Instant.parse("2026-12-01T10:00:01Z"), new SyncReport(
                        stores.get(0).storeKey(), "Demo", SyncReport.Outcome.UPDATED, 3, 2, "synced Demo: generation 3"));
                ClientEvent first = null;
                for (int i = 0; i < 100 && first == null; i++) {
                    service.client().publish(changed); // until the face's event stream is connected
                    first = seen.poll(100, TimeUnit.MILLISECONDS);
                }
                assertEquals(changed, first);
                seen.clear();
                service.client().publish(sync);
                ClientEvent next = seen.poll(10, TimeUnit.SECONDS);
                while (next != null && next.equals(changed)) {
                    next = seen.poll(10, TimeUnit.SECONDS);
                }
                assertEquals(sync, next);

                StoreRecord gone = remote.unsubscribe(stores.get(0).storeKey());
                assertEquals(stores.get(0).storeKey(), gone.storeKey());
                assertEquals(List.of(), service.client().stores());
            }
        }
        assertTrue(ServiceStatus.of(home).isEmpty());
        assertTrue(!Files.exists(ServiceSocket.path(home)), "the socket is removed when the service stops");
    }

    @Test
    void aStaleSocketIsReplaced() throws Exception {
        Path home = tmp.resolve("home");
        Files.createDirectories(home);
        // What a crashed service leaves: the socket file, nobody listening, the lock free.
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(ServiceSocket.path(home)));
        }
        assertTrue(Files.exists(ServiceSocket.path(home)));
        assertTrue(ServiceStatus.of(home).isEmpty());
        assertTrue(RemoteClient.connect(home).isEmpty());
        try (HomeService service = HomeService.start(home, Clock.systemUTC());
             RemoteClient remote = RemoteClient.connect(home).orElseThrow()) {
            assertEquals(List.of(), remote.stores());
            assertEquals(PosixFilePermissions.fromString("rw-------"),
                    Files.getPosixFilePermissions(ServiceSocket.path(home)));
        }
    }

    @Test
    void aWideHomeIsNarrowedBeforeItIsServed() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (HomeService service = HomeService.start(home, Clock.systemUTC())) {
            assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(home));
        }
    }
}
