package org.caravan.core.net;

import java.util.List;

/**
 * Which DHT a session joins. {@link Mode#LOOPBACK} (the default everywhere, and the only one tests,
 * the demo and CI use) listens on 127.0.0.1 and bootstraps from the given 127.0.0.1 nodes only;
 * {@link Mode#MAINLINE} is the public DHT and is used only when a user chooses it explicitly.
 */
public record NetworkConfig(Mode mode, List<PeerAddress> bootstrap) {
    public enum Mode { LOOPBACK, MAINLINE }

    public NetworkConfig {
        bootstrap = List.copyOf(bootstrap);
        if (mode == Mode.LOOPBACK) {
            for (PeerAddress a : bootstrap) {
                if (!a.host().startsWith("127.")) {
                    throw new IllegalArgumentException("a loopback network only takes 127.0.0.0/8 nodes, not " + a);
                }
            }
        }
    }

    public static NetworkConfig loopback(List<PeerAddress> bootstrap) {
        return new NetworkConfig(Mode.LOOPBACK, bootstrap);
    }

    public static NetworkConfig mainline() {
        return new NetworkConfig(Mode.MAINLINE, List.of());
    }
}
