package org.caravan.core.net;

import java.util.List;
import java.util.Objects;

/**
 * Which DHT a session joins. {@link Mode#LOOPBACK} (the default everywhere, and the only one tests,
 * the demo and CI use) listens on a 127.0.0.0/8 address ({@value #LOOPBACK_HOST} unless told otherwise) and
 * bootstraps from the given 127.0.0.0/8 nodes only; {@link Mode#MAINLINE} is the public DHT and is used only
 * when a user chooses it explicitly.
 *
 * @param listenHost the IPv4 address a loopback session listens on and connects from; never null for
 *                   LOOPBACK (defaults to {@value #LOOPBACK_HOST}), always null for MAINLINE (libtorrent's defaults)
 */
public record NetworkConfig(Mode mode, List<PeerAddress> bootstrap, String listenHost) {
    public enum Mode { LOOPBACK, MAINLINE }

    /** Where loopback sessions listen unless a config says otherwise. */
    public static final String LOOPBACK_HOST = "127.0.0.1";

    public NetworkConfig {
        Objects.requireNonNull(mode, "network mode");
        bootstrap = List.copyOf(bootstrap);
        if (mode == Mode.LOOPBACK) {
            for (PeerAddress a : bootstrap) {
                if (!a.host().startsWith("127.")) {
                    throw new IllegalArgumentException("a loopback network only takes 127.0.0.0/8 nodes, not " + a);
                }
            }
            listenHost = listenHost == null ? LOOPBACK_HOST : listenHost;
            if (!isLoopbackV4(listenHost)) {
                throw new IllegalArgumentException("a loopback network listens only on an IPv4 address in 127.0.0.0/8"
                        + " (such as 127.0.0.2), not '" + listenHost + "'");
            }
        } else if (listenHost != null) {
            throw new IllegalArgumentException("a mainline session listens where libtorrent's defaults say; the listen"
                    + " address '" + listenHost + "' is for loopback networks only");
        }
    }

    public NetworkConfig(Mode mode, List<PeerAddress> bootstrap) {
        this(mode, bootstrap, null);
    }

    public static NetworkConfig loopback(List<PeerAddress> bootstrap) {
        return new NetworkConfig(Mode.LOOPBACK, bootstrap);
    }

    public static NetworkConfig mainline() {
        return new NetworkConfig(Mode.MAINLINE, List.of());
    }

    /**
     * The same network, with sessions listening on (and connecting from) {@code host}, an IPv4 address in
     * 127.0.0.0/8: several peers on one machine with addresses of their own, as libtorrent bans and limits
     * peers by address. Loopback networks only.
     */
    public NetworkConfig listeningOn(String host) {
        if (host == null) {
            throw new IllegalArgumentException("listen address is missing (null)");
        }
        return new NetworkConfig(mode, bootstrap, host);
    }

    /** A dotted-quad IPv4 literal 127.a.b.c (no host names: nothing is looked up). */
    static boolean isLoopbackV4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals("127")) {
            return false;
        }
        for (String p : parts) {
            if (!p.matches("[0-9]{1,3}") || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }
}
