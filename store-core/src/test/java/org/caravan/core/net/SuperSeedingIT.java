package org.caravan.core.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.caravan.core.testing.LoopbackNetworkTest;
import org.junit.jupiter.api.Test;

/**
 * A super-seeded torrent (what {@code store serve --super-seed} does with full generations): peers that come
 * together take most pieces from each other, so the seeder uploads about one copy; a lone peer still gets it all.
 */
class SuperSeedingIT extends LoopbackNetworkTest {
    private static final int SIZE = 256 * 1024;

    private Path file(String name) throws Exception {
        byte[] data = new byte[SIZE];
        new Random(42).nextBytes(data);
        return Files.write(Files.createDirectories(tmp.resolve("seed")).resolve(name), data);
    }

    @Test
    void fourPeersFetchingTogetherCostTheSeederAtMostTwoCopies() throws Exception {
        Path file = file("together.bin");
        InfoHash ih = storeNode.seed(file);
        storeNode.setSuperSeeding(ih, true);
        List<PeerNode> peers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            peers.add(net.join(tmp.resolve("peer-" + i)));
        }
        long before = storeNode.uploadedBytes();
        ExecutorService pool = Executors.newFixedThreadPool(peers.size());
        try {
            List<Future<Path>> got = new ArrayList<>();
            for (int i = 0; i < peers.size(); i++) {
                PeerNode p = peers.get(i);
                Path into = tmp.resolve("got-" + i);
                got.add(pool.submit(() -> p.fetch(ih, into, SIZE, Duration.ofSeconds(120), null)));
            }
            for (Future<Path> g : got) {
                assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(g.get()));
            }
        } finally {
            pool.shutdownNow();
        }
        long uploaded = storeNode.uploadedBytes() - before;
        assertTrue(uploaded <= 2L * SIZE, "the seeder uploaded " + uploaded + " bytes for 4 peers of a "
                + SIZE + "-byte file (at most 2 copies expected)");
    }

    @Test
    void aLonePeerStillGetsASuperSeededTorrentWhole() throws Exception {
        Path file = file("alone.bin");
        InfoHash ih = storeNode.seed(file);
        storeNode.setSuperSeeding(ih, true);
        Path got = net.join(tmp.resolve("alone")).fetch(ih, tmp.resolve("got-alone"), SIZE, Duration.ofSeconds(120), null);
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(got));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> storeNode.setSuperSeeding(new InfoHash("cd".repeat(20)), true));
        assertTrue(e.getMessage().contains("holds no torrent"), e.getMessage());
    }
}
