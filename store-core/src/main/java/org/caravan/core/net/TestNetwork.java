package org.caravan.core.net;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * N loopback peer nodes wired to each other's DHT: the test network of the tests, the demo and
 * {@code caravan testnet}. Never touches anything outside 127.0.0.0/8.
 */
public final class TestNetwork implements AutoCloseable {
    /** How long start waits for the routing tables to fill before handing the network out anyway. */
    private static final Duration SETTLE = Duration.ofSeconds(5);

    private final List<PeerNode> nodes = new CopyOnWriteArrayList<>();
    private final Path workDir;

    private TestNetwork(Path workDir) {
        this.workDir = workDir;
    }

    /**
     * Starts {@code nodes} loopback nodes under {@code workDir/node-<i>}, wires every node to every other
     * and waits (a few seconds at most) until each one's DHT routing table holds the others.
     */
    public static TestNetwork start(int nodes, Path workDir) {
        if (nodes < 1) {
            throw new IllegalArgumentException("a test network needs at least 1 node, not " + nodes);
        }
        Objects.requireNonNull(workDir, "work directory");
        TestNetwork net = new TestNetwork(workDir);
        try {
            for (int i = 0; i < nodes; i++) {
                net.nodes.add(TorrentSessions.start(NetworkConfig.loopback(List.of()), workDir.resolve("node-" + i)));
            }
            for (PeerNode a : net.nodes) {
                for (PeerNode b : net.nodes) {
                    if (a != b) {
                        a.addDhtNode(b.address());
                    }
                }
            }
            net.awaitRoutingTables(nodes - 1);
            return net;
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    /**
     * Starts one more loopback node (under {@code workDir}) that knows the network and is known by it, e.g.
     * a client joining; it is closed with the network.
     */
    public PeerNode join(Path nodeDir) {
        return join(nodeDir, NetworkConfig.LOOPBACK_HOST);
    }

    /**
     * As {@link #join(Path)}, with the node listening on (and connecting from) {@code listenHost}, another
     * address in 127.0.0.0/8 such as 127.0.0.2: libtorrent bans a peer whose pieces fail by its address, so a
     * test that plays a lying peer next to an honest one gives each an address of its own.
     *
     * @throws IllegalArgumentException when {@code listenHost} is not an IPv4 address in 127.0.0.0/8
     */
    public PeerNode join(Path nodeDir, String listenHost) {
        PeerNode node = TorrentSessions.start(config().listeningOn(listenHost), nodeDir);
        for (PeerNode other : nodes) {
            try {
                other.addDhtNode(node.address());
            } catch (IllegalStateException closed) {
                // A node a test closed (a seeder or publisher that went away) stays listed, to be closed again.
            }
        }
        nodes.add(node);
        return node;
    }

    private void awaitRoutingTables(int expected) {
        long end = System.nanoTime() + SETTLE.toNanos();
        for (PeerNode node : nodes) {
            if (!(node instanceof LibtorrentPeerNode n)) {
                continue;
            }
            while (System.nanoTime() < end && n.dhtNodeCount(Duration.ofSeconds(1)) < expected) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    public List<PeerNode> nodes() {
        return List.copyOf(nodes);
    }

    public PeerNode node(int index) {
        return nodes.get(index);
    }

    public List<PeerAddress> addresses() {
        List<PeerAddress> out = new ArrayList<>();
        for (PeerNode n : nodes) {
            out.add(n.address());
        }
        return List.copyOf(out);
    }

    /** A loopback config that bootstraps from every node of this network. */
    public NetworkConfig config() {
        return NetworkConfig.loopback(addresses());
    }

    public Path workDir() {
        return workDir;
    }

    /** Stops every node in parallel (each stop takes ~750 ms). */
    @Override
    public void close() {
        closeAll(nodes);
        nodes.clear();
    }

    /** Closes the given nodes in parallel and waits for all of them. */
    public static void closeAll(List<? extends PeerNode> toClose) {
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (PeerNode n : toClose) {
            stops.add(CompletableFuture.runAsync(n::close, r -> {
                Thread t = new Thread(r, "caravan-node-stop");
                t.setDaemon(true);
                t.start();
            }));
        }
        CompletableFuture.allOf(stops.toArray(new CompletableFuture<?>[0])).join();
    }
}
