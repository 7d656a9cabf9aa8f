package org.caravan.core.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The upload cap a client sets on its session: applied at once, read back, and seeding still works under it. */
class UploadLimitIT {
    @TempDir
    Path tmp;

    @Test
    void aCappedSeederStillServesAndTheCapCanBeLifted() throws Exception {
        byte[] content = new byte[300 * 1024];
        new Random(3).nextBytes(content);
        try (TestNetwork net = TestNetwork.start(3, tmp.resolve("net"))) {
            PeerNode seeder = net.node(0);
            assertEquals(0, seeder.uploadLimit(), "no cap by default");
            seeder.setUploadLimit(1024 * 1024);
            assertEquals(1024 * 1024, seeder.uploadLimit());
            Path file = Files.write(Files.createDirectories(tmp.resolve("seed")).resolve("pkg.car"), content);
            InfoHash ih = seeder.seed(file);
            Path got = net.node(2).fetch(ih, tmp.resolve("fetch"), content.length, Duration.ofSeconds(20),
                    TransferProgress.NONE);
            assertArrayEquals(content, Files.readAllBytes(got));
            seeder.setUploadLimit(0);
            assertEquals(0, seeder.uploadLimit());
        }
    }
}
