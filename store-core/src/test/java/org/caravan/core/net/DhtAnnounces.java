package org.caravan.core.net;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * For tests: a DHT peer that announces many made-up torrents to loopback nodes, as the publisher of a big store
 * does with its packages (BEP 5 {@code get_peers} for a token, then {@code announce_peer}), in a second or two
 * instead of the minutes that building and seeding thousands of packages take. It answers the nodes' queries until
 * closed: libtorrent puts it in its routing tables (it ignores BEP 43's read-only flag), and a node there that does
 * not answer holds up every later lookup by seconds.
 */
public final class DhtAnnounces implements AutoCloseable {
    private static final int BATCH = 64;

    private final DatagramSocket socket;
    private final byte[] id = new byte[20];
    private final BlockingQueue<Map<String, Object>> answers = new LinkedBlockingQueue<>();
    private final Thread reader;

    public DhtAnnounces(long seed) throws SocketException {
        new Random(seed).nextBytes(id);
        socket = new DatagramSocket(new InetSocketAddress(NetworkConfig.LOOPBACK_HOST, 0));
        reader = new Thread(this::read, "test-dht-announces");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Announces {@code torrents} random info-hashes (the same ones to every node) with a peer at port 9; returns
     * the fewest announces one node acknowledged (a datagram lost on a loaded machine is not sent again).
     */
    public int announceRandom(List<PeerAddress> nodes, int torrents) throws IOException {
        Random random = new Random(Arrays.hashCode(id));
        byte[][] hashes = new byte[torrents][20];
        for (byte[] h : hashes) {
            random.nextBytes(h);
        }
        int fewest = Integer.MAX_VALUE;
        for (PeerAddress node : nodes) {
            if (!node.host().startsWith("127.")) {
                throw new IllegalArgumentException("a test only talks to 127.0.0.0/8, not " + node);
            }
            InetSocketAddress to = new InetSocketAddress(InetAddress.getByName(node.host()), node.port());
            int acknowledged = 0;
            for (int from = 0; from < torrents; from += BATCH) {
                Map<Integer, byte[]> asks = new LinkedHashMap<>();
                for (int i = from; i < Math.min(torrents, from + BATCH); i++) {
                    asks.put(i, query(i, "get_peers", Map.of("id", id, "info_hash", hashes[i])));
                }
                Map<Integer, byte[]> announces = new LinkedHashMap<>();
                for (var token : send(to, asks, "token").entrySet()) {
                    int i = token.getKey();
                    announces.put(i, query(i, "announce_peer", Map.of("id", id, "info_hash", hashes[i],
                            "port", 9L, "token", token.getValue())));
                }
                acknowledged += send(to, announces, "id").size();
            }
            fewest = Math.min(fewest, acknowledged);
        }
        return fewest;
    }

    /** Sends each query, then collects the answers' {@code field} by transaction (the query's index). */
    private Map<Integer, byte[]> send(InetSocketAddress to, Map<Integer, byte[]> queries, String field)
            throws IOException {
        answers.clear();
        for (byte[] q : queries.values()) {
            socket.send(new DatagramPacket(q, q.length, to));
        }
        Map<Integer, byte[]> out = new HashMap<>();
        try {
            while (out.size() < queries.size()) {
                Map<String, Object> m = answers.poll(1, TimeUnit.SECONDS);
                if (m == null) {
                    break; // a lost datagram: that announce is not counted
                }
                if (m.get("t") instanceof byte[] t && t.length == 4 && m.get("r") instanceof Map<?, ?> r
                        && r.get(field) instanceof byte[] v) {
                    out.put(ByteBuffer.wrap(t).getInt(), v);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    /** Hands answers to {@link #send}; answers every query with this node's id, no nodes and no peers. */
    @SuppressWarnings("unchecked")
    private void read() {
        byte[] buf = new byte[2048];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
                Object decoded = Bencode.decode(Arrays.copyOf(p.getData(), p.getLength()));
                if (!(decoded instanceof Map<?, ?> m) || !(m.get("y") instanceof byte[] y)) {
                    continue;
                }
                if (y.length == 1 && y[0] == 'r') {
                    answers.offer((Map<String, Object>) m);
                } else if (y.length == 1 && y[0] == 'q' && m.get("t") instanceof byte[] t) {
                    answer(p.getSocketAddress(), t);
                }
            } catch (SocketTimeoutException e) {
                // keep reading
            } catch (IOException | RuntimeException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private void answer(SocketAddress to, byte[] transaction) throws IOException {
        byte[] reply = Bencode.encode(Map.of("t", transaction, "y", "r",
                "r", Map.of("id", id, "nodes", new byte[0], "token", new byte[] {1})));
        socket.send(new DatagramPacket(reply, reply.length, to));
    }

    private static byte[] query(int index, String method, Map<String, Object> args) {
        return Bencode.encode(Map.of("t", ByteBuffer.allocate(4).putInt(index).array(), "y", "q", "q", method,
                "a", args));
    }

    @Override
    public void close() {
        socket.close();
        try {
            reader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
