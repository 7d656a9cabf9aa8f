package org.caravan.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libtorrent4j.SettingsPack;
import org.libtorrent4j.swig.settings_pack.bool_types;
import org.libtorrent4j.swig.settings_pack.int_types;
import org.libtorrent4j.swig.settings_pack.string_types;

/** The network rule, checked on real sessions: loopback only, no public routers, no port mapping. */
class LoopbackSessionIT {
    @TempDir
    static Path dir;
    static TestNetwork net;

    @BeforeAll
    static void startTwoNodes() {
        net = TestNetwork.start(2, dir);
    }

    @AfterAll
    static void stop() {
        if (net != null) {
            net.close();
        }
    }

    @Test
    void settingsPackIsLoopbackOnly() {
        SettingsPack sp = SessionSettingsFactory.settingsFor(net.config());
        assertLoopbackSettings(sp);
        assertTrue(sp.hasValue(string_types.dht_bootstrap_nodes.swigValue()),
                "bootstrap set explicitly, else libtorrent4j injects the public routers");
        assertEquals(100_000, sp.getInteger(int_types.dht_block_ratelimit.swigValue()));
        assertEquals(1_000_000, sp.getInteger(int_types.dht_upload_rate_limit.swigValue()));
        assertEquals(100, sp.getInteger(int_types.tick_interval.swigValue()));
        assertFalse(sp.getBoolean(bool_types.dht_restrict_routing_ips.swigValue()));
        assertFalse(sp.getBoolean(bool_types.dht_restrict_search_ips.swigValue()));
        assertTrue(sp.getBoolean(bool_types.allow_multiple_connections_per_ip.swigValue()));
        assertFalse(sp.getBoolean(bool_types.enable_outgoing_utp.swigValue()));
        assertFalse(sp.getBoolean(bool_types.enable_incoming_utp.swigValue()));
    }

    @Test
    void runningSessionsUseTheLoopbackSettings() {
        for (PeerNode node : net.nodes()) {
            assertLoopbackSettings(((LibtorrentPeerNode) node).runningSettings());
        }
    }

    @Test
    void mainlineKeepsLibraryDefaultsForRealUsers() {
        SettingsPack sp = SessionSettingsFactory.settingsFor(NetworkConfig.mainline());
        assertFalse(sp.hasValue(string_types.listen_interfaces.swigValue()));
        assertFalse(sp.hasValue(string_types.dht_bootstrap_nodes.swigValue()),
                "absent, so libtorrent4j adds the public routers");
        assertTrue(sp.getBoolean(bool_types.enable_dht.swigValue()));
    }

    @Test
    void sessionsAreBoundTo127001AndNothingElse() throws IOException {
        for (PeerNode node : net.nodes()) {
            assertEquals("127.0.0.1", node.address().host());
            assertNotEquals(0, node.listenPort());
            List<String> endpoints = ((LibtorrentPeerNode) node).listenEndpoints();
            assertFalse(endpoints.isEmpty());
            for (String e : endpoints) {
                assertTrue(e.endsWith(" 127.0.0.1:" + node.listenPort()), e);
            }
            // What the kernel says: every socket on this port, TCP and UDP, is bound to 127.0.0.1.
            List<String> binds = kernelBinds(node.listenPort());
            assertTrue(binds.contains("tcp 127.0.0.1"), binds.toString());
            assertTrue(binds.contains("udp 127.0.0.1"), "the DHT's UDP socket: " + binds);
            for (String b : binds) {
                assertTrue(b.endsWith(" 127.0.0.1"), "bound beyond loopback: " + b);
            }
        }
    }

    @Test
    void aNodeJoinedOnAnotherLoopbackAddressIsBoundThereAndFetchesFromTheOthers() throws IOException {
        // A network of its own: the shared one's node list is what the other tests check.
        try (TestNetwork own = TestNetwork.start(1, dir.resolve("own"))) {
            PeerNode other = own.join(dir.resolve("on-127.0.0.2"), "127.0.0.2");
            assertEquals("127.0.0.2", other.address().host());
            SettingsPack sp = ((LibtorrentPeerNode) other).runningSettings();
            assertEquals("127.0.0.2:0", sp.getString(string_types.listen_interfaces.swigValue()));
            assertEquals("127.0.0.2", sp.getString(string_types.outgoing_interfaces.swigValue()));
            List<String> binds = kernelBinds(other.listenPort());
            assertTrue(binds.contains("tcp 127.0.0.2") && binds.contains("udp 127.0.0.2"), binds.toString());
            for (String b : binds) {
                assertTrue(b.endsWith(" 127.0.0.2"), "bound beyond its address: " + b);
            }
            // It takes part in the network: a file seeded on 127.0.0.1 reaches it through the DHT.
            Path file = Files.write(Files.createDirectories(dir.resolve("seeded")).resolve("two.bin"), new byte[70_000]);
            InfoHash ih = own.node(0).seed(file);
            Path got = other.fetch(ih, dir.resolve("fetched-on-2"), 70_000, java.time.Duration.ofSeconds(30), null);
            assertEquals(70_000, Files.size(got));
        }
    }

    @Test
    void aLoopbackNetworkRefusesToJoinANodeOutside127() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.join(dir.resolve("outside"), "10.0.0.2"));
        assertTrue(e.getMessage().contains("127.0.0.0/8") && e.getMessage().contains("10.0.0.2"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("outside")), "no session was started");
    }

    @Test
    void aLoneNodeCannotStoreAPointer() throws IOException {
        try (PeerNode lone = TorrentSessions.start(NetworkConfig.loopback(List.of()), dir.resolve("lone"))) {
            byte[] seed = new byte[32];
            seed[0] = 7;
            IOException e = assertThrows(IOException.class, () -> lone.putPointer(seed, new byte[] {1},
                    new ChannelPointer(new InfoHash("aa".repeat(20)), 1)));
            assertTrue(e.getMessage().contains("no DHT node stored channel magnet:?xs=urn:btpk:"), e.getMessage());
        }
    }

    @Test
    void nativeLibraryIsUnpackedOnceToACacheFile() {
        Path so = NativeLibrary.ensureLoaded();
        assertEquals(so, NativeLibrary.ensureLoaded());
        assertTrue(Files.isRegularFile(so));
        assertTrue(so.getParent().getFileName().toString().startsWith("caravan-native-"), so.toString());
        assertEquals(so.toAbsolutePath().toString(), System.getProperty(NativeLibrary.PATH_PROPERTY));
    }

    private static void assertLoopbackSettings(SettingsPack sp) {
        assertEquals("127.0.0.1:0", sp.getString(string_types.listen_interfaces.swigValue()));
        assertEquals("127.0.0.1", sp.getString(string_types.outgoing_interfaces.swigValue()));
        String bootstrap = sp.getString(string_types.dht_bootstrap_nodes.swigValue());
        for (String n : bootstrap.split(",")) {
            assertTrue(n.isBlank() || n.startsWith("127."), "bootstrap node " + n);
        }
        assertFalse(sp.getBoolean(bool_types.enable_upnp.swigValue()));
        assertFalse(sp.getBoolean(bool_types.enable_natpmp.swigValue()));
        assertFalse(sp.getBoolean(bool_types.enable_lsd.swigValue()));
        assertFalse(sp.getBoolean(bool_types.enable_ip_notifier.swigValue()));
        assertEquals("", sp.getString(string_types.webtorrent_stun_server.swigValue()));
    }

    /** "tcp 127.0.0.1" for each socket of ours on {@code port}, read from /proc/net/{tcp,udp,tcp6,udp6}. */
    private static List<String> kernelBinds(int port) throws IOException {
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        List<String> out = new ArrayList<>();
        for (String table : List.of("tcp", "udp", "tcp6", "udp6")) {
            Path p = Path.of("/proc/net/" + table);
            if (!Files.exists(p)) {
                continue;
            }
            List<String> lines = Files.readAllLines(p);
            for (String line : lines.subList(1, lines.size())) {
                String local = line.trim().split("\\s+")[1];
                String remote = line.trim().split("\\s+")[2];
                String state = line.trim().split("\\s+")[3];
                boolean listening = table.startsWith("udp") || state.equals("0A");
                if (listening && local.endsWith(hexPort) && remote.startsWith("0000")) {
                    out.add(table.replace("6", "") + " " + ip(local.substring(0, local.indexOf(':'))));
                }
            }
        }
        return out;
    }

    private static String ip(String hex) {
        if (hex.length() != 8) {
            return hex; // IPv6: never expected, and reported verbatim
        }
        long v = Long.parseLong(hex, 16);
        return (v & 0xff) + "." + ((v >> 8) & 0xff) + "." + ((v >> 16) & 0xff) + "." + ((v >> 24) & 0xff);
    }
}
