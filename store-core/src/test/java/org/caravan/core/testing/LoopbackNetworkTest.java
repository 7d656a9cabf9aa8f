package org.caravan.core.testing;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.caravan.core.client.ClientService;
import org.caravan.core.client.SyncReport;
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

    /** Syncs a client subscribed to exactly one store and returns that store's report. */
    protected static SyncReport syncOnly(ClientService c) {
        List<SyncReport> r = c.sync();
        if (r.size() != 1) {
            throw new AssertionError("expected one subscribed store, got " + r.size() + " reports: " + r);
        }
        return r.get(0);
    }

    /** A client in {@code home} on this network, reading time from {@code clock}. */
    protected ClientService client(Path home, Clock clock) {
        ClientService c = ClientService.open(home, clock);
        c.setNetwork(net.config());
        return c;
    }
}
