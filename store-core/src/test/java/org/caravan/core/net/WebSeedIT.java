package org.caravan.core.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BEP 19 at the peer-node level: a file only an HTTP mirror has, a mirror that is down, a mirror that lies. */
class WebSeedIT {
    @TempDir
    static Path tmp;
    static TestNetwork net;

    @BeforeAll
    static void start() {
        net = TestNetwork.start(3, tmp.resolve("net"));
    }

    @AfterAll
    static void stop() {
        net.close();
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void aFileNoPeerHasComesFromTheMirrorInRanges() throws Exception {
        byte[] content = random(200 * 1024, 1);
        Path mirrorDir = Files.createDirectories(tmp.resolve("mirror-a"));
        Path file = Files.write(mirrorDir.resolve("a.car"), content);
        InfoHash ih = InfoHashes.writeTorrent(file, mirrorDir.resolve("a.car.torrent"));
        try (MirrorServer mirror = MirrorServer.serve(mirrorDir)) {
            Path got = net.node(1).fetch(ih, tmp.resolve("fetch-a"), content.length, Duration.ofSeconds(20),
                    TransferProgress.NONE, List.of(mirror.url("a.car")));
            assertArrayEquals(content, Files.readAllBytes(got));
            assertTrue(mirror.requests().contains("GET /files/a.car.torrent"), mirror.requests().toString());
            assertTrue(mirror.requests().stream().anyMatch(r -> r.startsWith("GET /files/a.car bytes=")),
                    mirror.requests().toString());
        }
    }

    @Test
    void aMirrorThatIsDownDoesNotStopPeers() throws Exception {
        byte[] content = random(100 * 1024, 2);
        Path file = Files.write(Files.createDirectories(tmp.resolve("seed-b")).resolve("b.car"), content);
        InfoHash ih = net.node(0).seed(file);
        Path got = net.node(2).fetch(ih, tmp.resolve("fetch-b"), content.length, Duration.ofSeconds(20),
                TransferProgress.NONE, List.of("http://127.0.0.1:1/files/b.car"));
        assertArrayEquals(content, Files.readAllBytes(got));
    }

    @Test
    void metainfoOfAnotherFileFromAMirrorIsIgnored() throws Exception {
        Path mirrorDir = Files.createDirectories(tmp.resolve("mirror-c"));
        Path real = Files.write(Files.createDirectories(tmp.resolve("real-c")).resolve("c.car"), random(50 * 1024, 3));
        InfoHash wanted = InfoHashes.of(real);
        Path other = Files.write(mirrorDir.resolve("c.car"), random(50 * 1024, 4));
        InfoHashes.writeTorrent(other, mirrorDir.resolve("c.car.torrent"));
        try (MirrorServer mirror = MirrorServer.serve(mirrorDir)) {
            IOException e = assertThrows(IOException.class, () -> net.node(1).fetch(wanted, tmp.resolve("fetch-c"),
                    50 * 1024, Duration.ofSeconds(3), TransferProgress.NONE, List.of(mirror.url("c.car"))));
            assertTrue(e.getMessage().contains("timed out") && e.getMessage().contains(wanted.hex()), e.getMessage());
            assertTrue(mirror.requests().stream().noneMatch(r -> r.startsWith("GET /files/c.car bytes=")),
                    "no data is asked of a mirror whose metainfo is not the torrent's: " + mirror.requests());
        }
    }
}
