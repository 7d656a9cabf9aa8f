package org.caravan.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.caravan.core.net.NetworkConfig;
import org.caravan.core.net.PeerNode;
import org.caravan.core.net.TorrentSessions;
import org.caravan.core.testing.StoreFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code store serve} tells its user while the DHT cannot take the pointer. */
class ServeLoopIT {
    @TempDir
    Path tmp;

    @Test
    void aFailureThatGoesOnIsToldOnceAndTheGenerationIsStillWritten() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("store"));
        f.addApp("org.example.hello", "1.0.0", "utilities");
        List<String> events = new CopyOnWriteArrayList<>();
        // A node with no other node to talk to: every put of the pointer fails the same way.
        try (PeerNode lone = TorrentSessions.start(NetworkConfig.loopback(List.of()), tmp.resolve("lone"))) {
            StoreServer server = new StoreServer(f.store, lone, StoreFixture.CLOCK);
            Thread serving = new Thread(() -> {
                try {
                    server.serve(Duration.ofMillis(100), Duration.ofHours(1), events::add);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            serving.start();
            // The first round's failure (however long a loaded machine takes to get there), then several more
            // rounds of the loop (100 ms apart), each failing to put the pointer.
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (events.stream().noneMatch(e -> e.startsWith("publish failed")) && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            Thread.sleep(1500);
            serving.interrupt();
            serving.join();
        }
        List<String> failures = events.stream().filter(e -> e.startsWith("publish failed")).toList();
        assertEquals(1, failures.size(), "told once: " + events);
        assertTrue(failures.get(0).contains("will retry every 100 ms: no DHT node stored channel"), failures.get(0));
        assertTrue(Files.isRegularFile(f.store.generationFile(1)), "generation 1 was written all the same");
    }
}
