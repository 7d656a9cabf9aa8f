package org.caravan.core.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attack: a mirror (BEP 19 web seed named by the catalog) that serves wrong bytes under the right metainfo, or
 * accepts connections and never answers, or sends its headers and stalls. Every piece is checked against the
 * torrent's hashes whatever its source, so wrong bytes are never delivered (an honest peer beside a lying source
 * is {@code CorruptPeerIT}'s: it puts the liar on another address, as libtorrent bans a liar's address); a
 * mirror alone that lies or hangs ends in the fetch's bounded "timed out" naming the info hash, never in a file;
 * and hanging mirrors take at most half the fetch's time before peers are asked (before: a mirror that sent its
 * headers and stalled held the fetch forever).
 */
@Timeout(60)
class LyingMirrorIT {
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

    /** A mirror folder holding the real file's metainfo next to other bytes of the same size under its name. */
    private static Path lyingMirror(String name, byte[] real, long seed) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("mirror-" + name));
        Path genuine = Files.write(Files.createDirectories(tmp.resolve("real-" + name)).resolve(name), real);
        InfoHashes.writeTorrent(genuine, dir.resolve(name + ".torrent"));
        Files.write(dir.resolve(name), random(real.length, seed));
        return genuine;
    }

    @Test
    void wrongBytesFromAMirrorAreNeverDelivered() throws Exception {
        byte[] content = random(300 * 1024, 11);
        Path genuine = lyingMirror("w.car", content, 12);
        try (MirrorServer mirror = MirrorServer.serve(tmp.resolve("mirror-w.car"))) {
            InfoHash ih = InfoHashes.of(genuine);
            IOException e = assertThrows(IOException.class, () -> net.node(1).fetch(ih, tmp.resolve("fetch-w1"),
                    content.length, Duration.ofSeconds(4), TransferProgress.NONE, List.of(mirror.url("w.car"))));
            assertTrue(e.getMessage().contains("timed out") && e.getMessage().contains(ih.hex()), e.getMessage());
            assertTrue(mirror.requests().stream().anyMatch(r -> r.startsWith("GET /files/w.car bytes=")),
                    "the mirror was asked for data and lied: " + mirror.requests());
        }
    }

    @Test
    void mirrorsThatHangOrStallAfterTheirHeadersDeliverNothingAndDoNotHoldUpAnHonestPeer() throws Exception {
        try (HangingMirror silent = new HangingMirror(false); HangingMirror stalling = new HangingMirror(true)) {
            List<String> mirrors = List.of(stalling.url("h.car"), silent.url("h.car"));
            byte[] alone = random(100 * 1024, 13);
            InfoHash nobody = InfoHashes.of(Files.write(Files.createDirectories(tmp.resolve("real-h0")).resolve("h.car"),
                    alone));
            IOException e = assertThrows(IOException.class, () -> net.node(1).fetch(nobody, tmp.resolve("fetch-h0"),
                    alone.length, Duration.ofSeconds(3), TransferProgress.NONE, mirrors));
            assertTrue(e.getMessage().contains("timed out") && e.getMessage().contains(nobody.hex()), e.getMessage());
            assertTrue(stalling.contacted(), "the stalling mirror was asked first");

            byte[] content = random(200 * 1024, 14);
            Path file = Files.write(Files.createDirectories(tmp.resolve("seed-h")).resolve("h.car"), content);
            InfoHash ih = net.node(0).seed(file);
            Path got = net.node(2).fetch(ih, tmp.resolve("fetch-h"), content.length, Duration.ofSeconds(20),
                    TransferProgress.NONE, mirrors);
            assertArrayEquals(content, Files.readAllBytes(got));
        }
    }

    /** A mirror that accepts and never answers, or ({@code headersFirst}) answers 200 and never sends the body. */
    static final class HangingMirror implements AutoCloseable {
        private final ServerSocket socket;
        private final boolean headersFirst;
        private final List<Socket> held = new CopyOnWriteArrayList<>();

        HangingMirror(boolean headersFirst) throws IOException {
            this.headersFirst = headersFirst;
            socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
            Thread acceptor = new Thread(this::accept, "hanging-mirror");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String url(String name) {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/files/" + name;
        }

        boolean contacted() {
            return !held.isEmpty();
        }

        private void accept() {
            try {
                while (true) {
                    Socket s = socket.accept(); // accepted, and never answered in full
                    held.add(s);
                    if (headersFirst) {
                        s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/x-bittorrent\r\n"
                                + "Content-Length: 20000\r\n\r\nd8:announce").getBytes(StandardCharsets.US_ASCII));
                        s.getOutputStream().flush();
                    }
                }
            } catch (IOException closed) {
                // the test is over
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
