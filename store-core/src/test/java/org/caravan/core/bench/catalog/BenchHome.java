package org.caravan.core.bench.catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.caravan.core.catalog.GenerationBundle;
import org.caravan.core.client.ClientService;
import org.caravan.core.client.SyncReport;
import org.caravan.core.net.ChannelPointer;
import org.caravan.core.net.InfoHash;
import org.caravan.core.net.PeerNode;
import org.caravan.core.net.StoreMagnet;
import org.caravan.core.net.TestNetwork;
import org.caravan.core.store.StoreServer;
import org.caravan.core.testing.StoreFixture;

/**
 * A client home that holds a synthetic store of any size, synced for real over a loopback test network: what
 * the window's benchmark opens (issue 13). The network is closed again; the home keeps the imported catalog.
 */
public final class BenchHome {
    private BenchHome() {
    }

    /** Creates {@code dir/home} subscribed to a store of {@code n} apps and synced; returns the home. */
    public static Path create(Path dir, int n) throws IOException {
        SyntheticCatalog cat = SyntheticCatalog.create(dir.resolve("store"));
        GenerationBundle g1 = cat.generation("Bench " + n, 1, null, cat.apps(n), CatalogBench.ISSUED);
        Path file = Files.createDirectories(dir.resolve("pub")).resolve(GenerationBundle.fileName(1));
        g1.write(file);
        Path home = dir.resolve("home");
        try (TestNetwork net = TestNetwork.start(3, dir.resolve("net"))) {
            PeerNode publisher = net.join(dir.resolve("publisher"));
            byte[] salt = ("window-bench-" + n).getBytes(StandardCharsets.UTF_8);
            InfoHash ih = StoreServer.seedGeneration(publisher, file, 0, false);
            publisher.putPointer(cat.channelSeed(), salt, new ChannelPointer(ih, 1));
            try (ClientService client = ClientService.open(home, StoreFixture.CLOCK)) {
                client.setNetwork(net.config());
                client.subscribe(new StoreMagnet(cat.storeKey(), salt));
                List<SyncReport> r = client.sync();
                if (r.size() != 1 || r.get(0).outcome() != SyncReport.Outcome.UPDATED) {
                    throw new IllegalStateException("bench home did not sync: " + r);
                }
            }
        }
        return home;
    }
}
