package org.caravan.gui.firstrun;

import java.util.Objects;
import org.caravan.core.client.CaravanClient;
import org.caravan.core.client.ClientService;
import org.caravan.core.net.NetworkConfig;

/**
 * Reading and choosing the client's network, which {@link CaravanClient} does not (yet) offer: the window's
 * port to it, so that the background service (issue 11) can take the place of the in-process client later.
 * Both methods may touch the database: call them off the JavaFX thread.
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

    /** The network setting of the in-process client, or null when {@code client} offers none. */
    static NetworkSetting of(CaravanClient client) {
        Objects.requireNonNull(client, "client");
        if (client instanceof ClientService service) {
            return new NetworkSetting() {
                @Override
                public NetworkConfig current() {
                    return service.network();
                }

                @Override
                public void choose(NetworkConfig config) {
                    service.setNetwork(config);
                }
            };
        }
        return null;
    }
}
