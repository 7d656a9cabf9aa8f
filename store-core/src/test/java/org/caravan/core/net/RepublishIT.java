package org.caravan.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store stays reachable after its publisher and the nodes that first stored its pointer are gone, because
 * a subscriber re-put the pointer onto nodes that joined later, over a real loopback DHT. libtorrent nodes
 * do not hand stored items to nodes that join after the put, so without the re-put the late nodes know
 * nothing: the second test shows that the re-put is what keeps the store alive.
 */
class RepublishIT {
    private static final byte[] SALT = "caravan-store".getBytes(StandardCharsets.UTF_8);
    private static final ChannelPointer POINTER = new ChannelPointer(new InfoHash("ab".repeat(20)), 7);
    private static final Duration GET_DEADLINE = Duration.ofSeconds(4);

    @TempDir
    Path dir;

    @Test
    void pointerRePutBySubscriberOutlivesPublisherAndOriginalNodes() throws IOException {
        Optional<ChannelPointer> found = scenario(true);
        assertEquals(Optional.of(POINTER), found, "a fresh client should read the pointer the subscriber re-put");
    }

    @Test
    void withoutTheRePutTheStoreIsGoneWithItsPublisher() throws IOException {
        Optional<ChannelPointer> found = scenario(false);
        assertEquals(Optional.empty(), found, "the late nodes must not have the pointer unless it is re-put");
    }

    private Optional<ChannelPointer> scenario(boolean republish) throws IOException {
        byte[] seed = ChannelKeys.newSeed();
        byte[] publicKey = ChannelKeys.publicKey(seed);
        try (TestNetwork net = TestNetwork.start(3, dir.resolve("net"))) {
            List<PeerNode> original = new ArrayList<>(net.nodes());
            PeerNode publisher = net.join(dir.resolve("publisher"));
            publisher.putPointer(seed, SALT, POINTER);
            original.add(publisher);

            List<PeerNode> late = List.of(net.join(dir.resolve("late-0")), net.join(dir.resolve("late-1")),
                    net.join(dir.resolve("late-2")));
            if (republish) {
                // The subscriber knows every node of the network it was configured with.
                RepublishResult result = DhtRepublisher.republish(net.config(), net.addresses(), publicKey, SALT,
                        Duration.ofSeconds(5));
                RepublishResult.Republished done = assertInstanceOf(RepublishResult.Republished.class, result);
                assertEquals(Optional.of(POINTER), done.pointer());
                assertEquals(7, done.nodesAnswered(), "3 original nodes, the publisher and 3 late nodes answer");
                assertEquals(7, done.storedOn(), "every node of the network takes the re-put");
            }

            TestNetwork.closeAll(original);
            List<PeerAddress> lateAddresses = late.stream().map(PeerNode::address).toList();
            try (PeerNode fresh = TorrentSessions.start(NetworkConfig.loopback(lateAddresses), dir.resolve("fresh"))) {
                return fresh.getPointer(publicKey, SALT, GET_DEADLINE);
            }
        }
    }
}
