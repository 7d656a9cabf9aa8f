package org.caravan.core.bench.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import org.caravan.core.net.InfoHash;
import org.caravan.core.net.PeerNode;
import org.caravan.core.net.TestNetwork;
import org.caravan.core.net.TransferProgress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publisher-upload figure of the benchmark counts what a seeder really sent, read at once. */
class UploadedBytesIT {
    @TempDir
    Path tmp;

    @Test
    void theSeederHasUploadedTheFileOnceAndTheFetcherNothing() throws Exception {
        byte[] data = new byte[300 * 1024];
        new SplittableRandom(4).nextBytes(data);
        Path file = Files.write(Files.createDirectories(tmp.resolve("seed")).resolve("payload.bin"), data);
        try (TestNetwork net = TestNetwork.start(1, tmp.resolve("net"))) {
            PeerNode seeder = net.join(tmp.resolve("seeder"));
            PeerNode fetcher = net.join(tmp.resolve("fetcher"));
            assertEquals(0, seeder.uploadedBytes(), "nothing sent before anyone asked");
            InfoHash ih = seeder.seed(file);
            Path got = fetcher.fetch(ih, tmp.resolve("got"), 1 << 20, Duration.ofSeconds(30), TransferProgress.NONE);
            assertEquals(data.length, Files.size(got));
            // Read right after the fetch returned: a figure sampled once a second would still show ~0 here.
            long up = seeder.uploadedBytes();
            assertTrue(up >= data.length && up < data.length * 1.2, "seeder uploaded " + up + " for " + data.length);
            assertTrue(fetcher.uploadedBytes() < 16 * 1024, "the fetcher sent protocol only: " + fetcher.uploadedBytes());
        }
    }
}
