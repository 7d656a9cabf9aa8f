package org.caravan.core.testing;

import java.nio.file.Path;
import java.time.Clock;
import org.caravan.core.client.ClientService;
import org.caravan.core.net.PeerNode;
import org.caravan.core.net.TestNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the tests that serve a store on a real loopback network: a fresh 3-node {@link TestNetwork}
 * per test, with the store's own node joined to it. A network per test because a client that closed
 * leaves a dead node in the others' routing tables, and a DHT put then waits ~15 s for it.
 */
public abstract class LoopbackNetworkTest {
    @TempDir
    protected Path tmp;
    protected TestNetwork net;
    protected PeerNode storeNode;

    @BeforeEach
    void startNetwork() {
        net = TestNetwork.start(3, tmp.resolve("net"));
        storeNode = net.join(tmp.resolve("store-node"));
    }

    @AfterEach
    void stopNetwork() {
        net.close();
    }

    /** A client in {@code home} on this network, reading time from {@code clock}. */
    protected ClientService client(Path home, Clock clock) {
        ClientService c = ClientService.open(home, clock);
        c.setNetwork(net.config());
        return c;
    }
}
