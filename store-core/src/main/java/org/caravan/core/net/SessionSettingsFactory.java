package org.caravan.core.net;

import java.util.Objects;

import org.libtorrent4j.SettingsPack;
import org.libtorrent4j.swig.settings_pack.bool_types;
import org.libtorrent4j.swig.settings_pack.int_types;
import org.libtorrent4j.swig.settings_pack.string_types;

/**
 * THE one place where libtorrent session settings are decided. Package-private so that no libtorrent
 * type leaves this package, yet tests can inspect exactly what a session is started with.
 */
final class SessionSettingsFactory {
    /** Torrents a loopback DHT node tracks: the packages of a few 100 000-app stores. */
    static final int LOOPBACK_MAX_TORRENTS = 500_000;

    private SessionSettingsFactory() {}

    static SettingsPack settingsFor(NetworkConfig config) {
        Objects.requireNonNull(config, "network config");
        NativeLibrary.ensureLoaded();
        SettingsPack sp = new SettingsPack();
        sp.setBoolean(bool_types.enable_dht.swigValue(), true);
        if (config.mode() == NetworkConfig.Mode.MAINLINE) {
            // A real user's installation: library defaults (0.0.0.0/[::] on 6881, public routers, which
            // SessionManager injects when dht_bootstrap_nodes is absent). Never started by tests.
            return sp;
        }
        // LOOPBACK, on the config's 127.0.0.0/8 address (checked by NetworkConfig). Port 0: a fixed port that is
        // taken silently moves to port+1; the real port is read back.
        sp.setString(string_types.listen_interfaces.swigValue(), config.listenHost() + ":0");
        sp.setString(string_types.outgoing_interfaces.swigValue(), config.listenHost());
        // Absent, libtorrent4j injects the public routers; the nodes are added one by one instead
        // (as routers they would leave the routing tables nearly empty).
        sp.setString(string_types.dht_bootstrap_nodes.swigValue(), "");
        sp.setString(string_types.webtorrent_stun_server.swigValue(), "");
        sp.setBoolean(bool_types.enable_upnp.swigValue(), false);
        sp.setBoolean(bool_types.enable_natpmp.swigValue(), false);
        sp.setBoolean(bool_types.enable_lsd.swigValue(), false);
        sp.setBoolean(bool_types.enable_ip_notifier.swigValue(), false);
        // Every test node shares 127.0.0.1: without these the DHT keeps one node per IP.
        sp.setBoolean(bool_types.dht_restrict_routing_ips.swigValue(), false);
        sp.setBoolean(bool_types.dht_restrict_search_ips.swigValue(), false);
        // The default bans 127.0.0.1 after 50 packets in 10 s, i.e. every peer at once (0 blocks all).
        sp.setInteger(int_types.dht_block_ratelimit.swigValue(), 100_000);
        // 0 would crash libtorrent with SIGFPE.
        sp.setInteger(int_types.dht_upload_rate_limit.swigValue(), 1_000_000);
        // On a network of a few nodes every node is among the closest to every torrent, so each one tracks all the
        // packages and generations of every store served; libtorrent's default (2 000) silently dropped the announces
        // past it, and the generation of a 2 000-app store was never found (issue 11). The public DHT spreads torrents
        // over millions of nodes and keeps its defaults.
        sp.setInteger(int_types.dht_max_torrents.swigValue(), LOOPBACK_MAX_TORRENTS);
        sp.setBoolean(bool_types.allow_multiple_connections_per_ip.swigValue(), true);
        // uTP over loopback is about ten times slower than TCP.
        sp.setBoolean(bool_types.enable_outgoing_utp.swigValue(), false);
        sp.setBoolean(bool_types.enable_incoming_utp.swigValue(), false);
        // Small files: a 100 ms tick cuts a 10 MB magnet download from ~0.7 s to ~0.1 s.
        sp.setInteger(int_types.tick_interval.swigValue(), 100);
        // A fetch takes the metadata in upload mode (no data before its size is checked), which makes the
        // fetcher upload-only for a moment; with the default both ends then drop the connection as redundant
        // and the data phase waits for a reconnect (~0.7 s on loopback). Seeds stay connected to seeds instead.
        sp.setBoolean(bool_types.close_redundant_connections.swigValue(), false);
        return sp;
    }

    /**
     * A runtime change of the session's upload limit (applied with {@code applySettings}): bytes per second
     * over every torrent the session holds, 0 for none. libtorrent takes an int, so larger limits are capped.
     */
    static SettingsPack uploadLimit(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("upload limit must be >= 0 bytes/s (0 = unlimited), not " + bytesPerSecond);
        }
        SettingsPack sp = new SettingsPack();
        sp.setInteger(int_types.upload_rate_limit.swigValue(), (int) Math.min(Integer.MAX_VALUE, bytesPerSecond));
        return sp;
    }

    /**
     * For tests only: a session that serves whatever bytes it holds without checking them against the
     * torrent, so a test can play a peer that sends corrupted pieces. (In seed mode libtorrent otherwise
     * hashes each piece on its first request and leaves seed mode on a mismatch.)
     */
    static SettingsPack servingUncheckedData() {
        SettingsPack sp = new SettingsPack();
        sp.setBoolean(bool_types.disable_hash_checks.swigValue(), true);
        return sp;
    }
}
