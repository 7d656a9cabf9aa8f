package org.caravan.tools.commands;

import java.util.List;
import org.caravan.core.net.NetworkConfig;
import org.caravan.core.net.PeerAddress;
import picocli.CommandLine.Option;

/** {@code --bootstrap} and {@code --network}: a loopback test network unless the public DHT is chosen explicitly. */
public final class NetworkOptions {
    @Option(names = "--bootstrap", paramLabel = "HOST:PORT[,...]",
            description = "DHT nodes of a local test network (127.0.0.1 only), e.g. 127.0.0.1:40001,127.0.0.1:40002.")
    String bootstrap;

    @Option(names = "--network", paramLabel = "loopback|mainline",
            description = "loopback (default): a test network on 127.0.0.1; mainline: the public BitTorrent DHT "
                    + "(only when you choose it).")
    String network;

    boolean given() {
        return bootstrap != null || network != null;
    }

    NetworkConfig config() {
        String mode = network == null ? "loopback" : network.trim().toLowerCase(java.util.Locale.ROOT);
        switch (mode) {
            case "mainline" -> {
                if (bootstrap != null) {
                    throw new IllegalArgumentException("--bootstrap is for a loopback test network, not with --network mainline");
                }
                return NetworkConfig.mainline();
            }
            case "loopback" -> {
                List<PeerAddress> nodes = bootstrap == null ? List.of() : PeerAddress.parseList(bootstrap);
                return NetworkConfig.loopback(nodes);
            }
            default -> throw new IllegalArgumentException("unknown --network '" + network + "' (expected loopback or mainline)");
        }
    }
}
