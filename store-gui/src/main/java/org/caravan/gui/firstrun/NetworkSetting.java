package org.caravan.gui.firstrun;

import java.util.Objects;
import org.caravan.core.client.CaravanClient;
import org.caravan.core.net.NetworkConfig;

/**
 * Reading and choosing the client's network: the first-run screen's port to it. Both methods may touch the database
 * or the service's socket: call them off the JavaFX thread.
 */
public interface NetworkSetting {

    NetworkConfig current();

    void choose(NetworkConfig config);

    /**
     * True once the user chose a network: the public DHT, or a local network with at least one node. A new
     * home sits on a loopback network without nodes, where nothing can be found.
     */
    default boolean chosen() {
        NetworkConfig c = current();
        return c.mode() == NetworkConfig.Mode.MAINLINE || !c.bootstrap().isEmpty();
    }

    /** The network setting of {@code client} (the window's own home, or the service's it is a client of). */
    static NetworkSetting of(CaravanClient client) {
        Objects.requireNonNull(client, "client");
        return new NetworkSetting() {
            @Override
            public NetworkConfig current() {
                return client.network();
            }

            @Override
            public void choose(NetworkConfig config) {
                client.setNetwork(config);
            }
        };
    }
}
