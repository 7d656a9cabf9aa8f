package org.caravan.core.net;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-puts a store's signed BEP 44 item, signed by someone else, so a channel outlives its publisher's
 * absence: every subscriber does it after a sync. libtorrent4j 2.0.6 can only put items it signs itself
 * with the secret key, so this is a small KRPC client of its own (BEP 5 {@code get}/{@code put} as
 * BEP 44 extends them) on its own UDP socket: an iterative lookup of SHA-1(key + salt) that keeps the
 * highest {@code seq} whose signature verifies and the nodes' write tokens, then a {@code put} of that
 * very item to the {@value #K} closest nodes that gave a token.
 *
 * <p>On a {@link NetworkConfig.Mode#LOOPBACK} network the socket binds 127.0.0.1 and nothing is ever sent
 * outside 127.0.0.0/8, whatever the nodes answer: addresses learned from {@code nodes} are checked before
 * they are queued, and again before every send.
 */
public final class DhtRepublisher {
    private static final Logger LOG = LoggerFactory.getLogger(DhtRepublisher.class);
    /** BEP 5's bucket size: how many of the closest nodes keep a copy. */
    static final int K = 8;
    /** Queries in flight at once (BEP 5's alpha is 3; loopback and the put phase do not mind a few more). */
    private static final int PARALLEL = 4;
    /** Upper bound on queries of one lookup: on the public DHT a lookup converges in 20-40. */
    static final int MAX_QUERIES = 64;
    /** A node that has not answered by then is taken as gone; loopback answers in milliseconds. */
    private static final int QUERY_TIMEOUT_SECONDS = 2;
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(QUERY_TIMEOUT_SECONDS);
    private static final int MAX_DATAGRAM = 4096;

    private enum State { NEW, ASKED, ANSWERED, FAILED }

    private static final class Node {
        final InetSocketAddress address;
        byte[] id;
        byte[] token;
        State state = State.NEW;

        Node(InetSocketAddress address, byte[] id) {
            this.address = address;
            this.id = id;
        }
    }

    private record Pending(Node node, long expiresAt) {}

    private final NetworkConfig config;
    private final DatagramSocket socket;
    private final byte[] nodeId = new byte[Krpc.ID_BYTES];
    private final SecureRandom random = new SecureRandom();
    private final List<InetSocketAddress> contacted = new CopyOnWriteArrayList<>();
    private final Set<InetSocketAddress> refused = new LinkedHashSet<>();

    DhtRepublisher(NetworkConfig config) throws IOException {
        this.config = Objects.requireNonNull(config, "network config");
        random.nextBytes(nodeId);
        InetSocketAddress bind = config.mode() == NetworkConfig.Mode.LOOPBACK
                ? new InetSocketAddress(loopbackV4(), 0)
                : new InetSocketAddress(0);
        this.socket = new DatagramSocket(bind);
    }

    /**
     * Finds the store's item (public key {@code publicKey}, {@code salt}) starting from {@code startNodes}
     * and puts it again, unchanged, within {@code deadline}. The socket is closed on return.
     *
     * @throws IllegalArgumentException if a start node is outside 127.0.0.0/8 on a loopback network
     * @throws IOException if the UDP socket cannot be opened or used
     */
    public static RepublishResult republish(NetworkConfig config, List<PeerAddress> startNodes, byte[] publicKey,
                                            byte[] salt, Duration deadline) throws IOException {
        DhtRepublisher republisher = new DhtRepublisher(config);
        try {
            return republisher.run(startNodes, publicKey, salt, deadline);
        } finally {
            republisher.close();
        }
    }

    /**
     * Puts a new item of the channel whose keys are {@code keys} ({public key, libtorrent's expanded secret key}),
     * signed here with {@code seq} one above the highest found, starting from {@code startNodes}, within
     * {@code deadline}: the publisher's way around libtorrent's put, which waits ~15 s for each vanished node among
     * the closest; queries here give a node {@value #QUERY_TIMEOUT_SECONDS} s. The socket is closed on return.
     */
    static RepublishResult publish(NetworkConfig config, List<PeerAddress> startNodes, byte[][] keys, byte[] salt,
                                   byte[] value, Duration deadline) throws IOException {
        DhtRepublisher publisher = new DhtRepublisher(config);
        try {
            return publisher.run(startNodes, keys[0], salt, deadline, best -> {
                long seq = best == null ? 1 : best.seq() + 1;
                byte[] s = salt == null ? new byte[0] : salt;
                byte[] signature = org.libtorrent4j.Ed25519.sign(PointerCodec.signedBytes(s, seq, value), keys[0], keys[1]);
                return new Krpc.SignedItem(keys[0], s, seq, signature, value);
            }, Integer.MAX_VALUE);
        } finally {
            publisher.close();
        }
    }

    /**
     * Looks the channel up from {@code startNodes} and puts nothing: how many DHT nodes answered (0: none of them,
     * nor any node they named, is there).
     */
    static int probe(NetworkConfig config, List<PeerAddress> startNodes, byte[] publicKey, byte[] salt,
                     Duration deadline) throws IOException {
        // One answer settles it: waiting for the rest held every slow sync up by the probe's whole deadline,
        // as a vanished node in the answers' node lists is asked and waited for (issue 11).
        return look(config, startNodes, publicKey, salt, deadline, 1).nodesAnswered();
    }

    /** What a lookup through this client saw: how many nodes answered, and the valid item with the highest seq. */
    record Seen(int nodesAnswered, Optional<Krpc.SignedItem> item) {}

    /**
     * Looks the channel up from {@code startNodes} until the closest nodes answered (or {@code deadline}) and puts
     * nothing: the item, checked against {@code publicKey} and {@code salt}, without libtorrent's routing table.
     */
    static Seen find(NetworkConfig config, List<PeerAddress> startNodes, byte[] publicKey, byte[] salt,
                     Duration deadline) throws IOException {
        return look(config, startNodes, publicKey, salt, deadline, Integer.MAX_VALUE);
    }

    private static Seen look(NetworkConfig config, List<PeerAddress> startNodes, byte[] publicKey, byte[] salt,
                             Duration deadline, int answersEnough) throws IOException {
        DhtRepublisher prober = new DhtRepublisher(config);
        try {
            Search s = prober.search(startNodes, publicKey, salt, deadline, answersEnough);
            return new Seen(s.answered(), Optional.ofNullable(s.best()));
        } finally {
            prober.close();
        }
    }

    RepublishResult run(List<PeerAddress> startNodes, byte[] publicKey, byte[] salt, Duration deadline)
            throws IOException {
        return run(startNodes, publicKey, salt, deadline, best -> best, Integer.MAX_VALUE);
    }

    /**
     * The lookup (ended early once {@code answersEnough} nodes answered), then a put of what {@code toPut} makes of
     * the best item found (null: nothing to put).
     */
    private RepublishResult run(List<PeerAddress> startNodes, byte[] publicKey, byte[] salt, Duration deadline,
                                java.util.function.UnaryOperator<Krpc.SignedItem> toPut, int answersEnough)
            throws IOException {
        Search found = search(startNodes, publicKey, salt, deadline, answersEnough);
        Krpc.SignedItem item = toPut.apply(found.best());
        if (item == null) {
            LOG.debug("no valid item for channel {} among {} nodes that answered", new StoreMagnet(publicKey, salt),
                    found.answered());
            return new RepublishResult.NothingFound(found.answered());
        }
        return put(item, found.target(), found.nodes(), found.end(), found.answered());
    }

    /** A lookup's outcome: the best valid item (null: none), the nodes met, and when the whole run must end. */
    private record Search(Krpc.SignedItem best, int answered, byte[] target, Iterable<Node> nodes, long end) {}

    /** The iterative lookup, ended early once {@code answersEnough} nodes answered. */
    private Search search(List<PeerAddress> startNodes, byte[] publicKey, byte[] salt, Duration deadline,
                          int answersEnough) throws IOException {
        Objects.requireNonNull(startNodes, "start nodes");
        Objects.requireNonNull(deadline, "deadline");
        StoreMagnet channel = new StoreMagnet(publicKey, salt);
        byte[] pk = channel.publicKey();
        byte[] s = channel.salt();
        byte[] target = Krpc.target(pk, s);
        long start = System.nanoTime();
        long end = start + deadline.toNanos();
        // The lookup leaves the put a share of the time: a lookup that runs into the deadline still re-puts.
        long lookupEnd = end - Math.min(deadline.toNanos() / 4, QUERY_TIMEOUT.toNanos());

        Map<InetSocketAddress, Node> known = new LinkedHashMap<>();
        for (PeerAddress a : startNodes) {
            InetSocketAddress address = resolve(a);
            if (address != null && !address.equals(socket.getLocalSocketAddress())) {
                known.putIfAbsent(address, new Node(address, null));
            }
        }
        Krpc.SignedItem best = null;
        int answered = 0;
        int queries = 0;
        Map<String, Pending> pending = new HashMap<>();
        while (true) {
            while (pending.size() < PARALLEL && queries < MAX_QUERIES) {
                Node next = nextToAsk(known.values(), target);
                if (next == null) {
                    break;
                }
                byte[] tid = transactionId();
                next.state = State.ASKED;
                queries++;
                send(next.address, Krpc.getQuery(tid, nodeId, target));
                pending.put(Krpc.hex(tid), new Pending(next, System.nanoTime() + QUERY_TIMEOUT.toNanos()));
            }
            if (pending.isEmpty() || answered >= answersEnough || System.nanoTime() >= lookupEnd) {
                break;
            }
            Received r = receive(pending, lookupEnd);
            if (r == null) {
                continue;
            }
            Node node = r.pending().node();
            if (!(r.reply() instanceof Krpc.Answer answer) || answer.nodeId().isEmpty()) {
                node.state = State.FAILED;
                continue;
            }
            answered++;
            node.state = State.ANSWERED;
            node.id = answer.nodeId().get();
            node.token = answer.token().orElse(null);
            Optional<Krpc.SignedItem> item = answer.verifiedItem(pk, s);
            if (item.isPresent() && (best == null || item.get().seq() > best.seq())) {
                best = item.get();
            }
            for (Krpc.Contact c : answer.nodes()) {
                if (!permits(c.address().getAddress())) {
                    // Someone may answer with any address; a loopback network never goes there.
                    if (refused.add(c.address())) {
                        LOG.debug("ignored DHT node {} outside the {} network", c.address(), config.mode());
                    }
                } else if (!c.address().equals(socket.getLocalSocketAddress())) {
                    known.putIfAbsent(c.address(), new Node(c.address(), c.id()));
                }
            }
        }
        return new Search(best, answered, target, known.values(), end);
    }

    private RepublishResult put(Krpc.SignedItem item, byte[] target, Iterable<Node> nodes, long end, int answered)
            throws IOException {
        List<Node> holders = new ArrayList<>();
        for (Node n : nodes) {
            if (n.state == State.ANSWERED && n.token != null) {
                holders.add(n);
            }
        }
        holders.sort(Comparator.comparing((Node n) -> n.id, (a, b) -> Krpc.compareDistance(target, a, b)));
        Map<String, Pending> pending = new HashMap<>();
        for (Node n : holders.subList(0, Math.min(K, holders.size()))) {
            byte[] tid = transactionId();
            send(n.address, Krpc.putQuery(tid, nodeId, n.token, item));
            pending.put(Krpc.hex(tid), new Pending(n, System.nanoTime() + QUERY_TIMEOUT.toNanos()));
        }
        int stored = 0;
        List<String> refusals = new ArrayList<>();
        while (!pending.isEmpty() && System.nanoTime() < end) {
            Received r = receive(pending, end);
            if (r == null) {
                continue;
            }
            if (r.reply() instanceof Krpc.Answer) {
                stored++;
            } else if (r.reply() instanceof Krpc.Failure f) {
                refusals.add(r.pending().node().address + ": " + f.code() + " " + f.message());
            }
        }
        Optional<ChannelPointer> pointer = PointerCodec.decode(item.value());
        if (stored == 0) {
            String reason = holders.isEmpty() ? "no node gave a write token"
                    : refusals.isEmpty() ? "no node answered the put" : "refused: " + String.join("; ", refusals);
            LOG.debug("re-put of seq {} stored nowhere: {}", item.seq(), reason);
            return new RepublishResult.NotStored(item.seq(), reason, answered);
        }
        LOG.debug("re-put seq {} on {} of {} nodes", item.seq(), stored, Math.min(K, holders.size()));
        return new RepublishResult.Republished(item.seq(), pointer, stored, answered);
    }

    /** Start nodes first (their ids are unknown), then the closest new node while fewer than K closer ones answered. */
    private static Node nextToAsk(Iterable<Node> nodes, byte[] target) {
        Node best = null;
        for (Node n : nodes) {
            if (n.state != State.NEW) {
                continue;
            }
            if (n.id == null) {
                return n;
            }
            if (best == null || Krpc.compareDistance(target, n.id, best.id) < 0) {
                best = n;
            }
        }
        if (best == null) {
            return null;
        }
        int closer = 0;
        for (Node n : nodes) {
            if (n.state == State.ANSWERED && Krpc.compareDistance(target, n.id, best.id) < 0) {
                closer++;
            }
        }
        return closer < K ? best : null;
    }

    private record Received(Pending pending, Krpc.Reply reply) {}

    /**
     * The next reply to one of {@code pending}, or null when a query timed out or nothing useful came
     * before the next timeout; expired queries are taken out and their nodes marked failed.
     */
    private Received receive(Map<String, Pending> pending, long until) throws IOException {
        long now = System.nanoTime();
        pending.values().removeIf(p -> {
            if (p.expiresAt() <= now) {
                p.node().state = p.node().state == State.ASKED ? State.FAILED : p.node().state;
                return true;
            }
            return false;
        });
        if (pending.isEmpty()) {
            return null;
        }
        long wake = until;
        for (Pending p : pending.values()) {
            wake = Math.min(wake, p.expiresAt());
        }
        long waitMs = Math.max(1, (wake - now) / 1_000_000);
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, waitMs));
        DatagramPacket packet = new DatagramPacket(new byte[MAX_DATAGRAM], MAX_DATAGRAM);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            return null;
        }
        byte[] data = java.util.Arrays.copyOfRange(packet.getData(), packet.getOffset(),
                packet.getOffset() + packet.getLength());
        Optional<Krpc.Reply> reply = Krpc.parse(data);
        if (reply.isEmpty()) {
            return null;
        }
        String tid = Krpc.hex(reply.get().transaction());
        Pending p = pending.get(tid);
        // Only the node asked may answer its transaction.
        if (p == null || !p.node().address.equals(packet.getSocketAddress())) {
            return null;
        }
        pending.remove(tid);
        return new Received(p, reply.get());
    }

    private InetSocketAddress resolve(PeerAddress a) {
        InetAddress ip;
        try {
            ip = InetAddress.getByName(a.host());
        } catch (UnknownHostException e) {
            LOG.debug("skipped DHT start node {}: unknown host", a);
            return null;
        }
        if (ip.isAnyLocalAddress()) {
            // A session listening on every interface (0.0.0.0 or ::) is reached on this machine at 127.0.0.1.
            ip = loopbackV4();
        }
        if (!permits(ip)) {
            if (config.mode() == NetworkConfig.Mode.LOOPBACK) {
                throw new IllegalArgumentException("a loopback network only takes 127.0.0.0/8 nodes, not " + a);
            }
            LOG.debug("skipped DHT start node {}: not an IPv4 address", a);
            return null;
        }
        return new InetSocketAddress(ip, a.port());
    }

    private static InetAddress loopbackV4() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException("4 bytes are always an IPv4 address", impossible);
        }
    }

    /** Loopback: 127.0.0.0/8 only. Mainline: any IPv4 unicast address (the socket is IPv4). */
    boolean permits(InetAddress ip) {
        if (!(ip instanceof Inet4Address)) {
            return false;
        }
        if (config.mode() == NetworkConfig.Mode.LOOPBACK) {
            return ip.getAddress()[0] == 127;
        }
        return !ip.isAnyLocalAddress() && !ip.isMulticastAddress();
    }

    /** The one place a datagram leaves: the network rule is checked here again, whatever the caller checked. */
    private void send(InetSocketAddress to, byte[] message) throws IOException {
        if (!permits(to.getAddress())) {
            throw new IllegalStateException("refusing to send a DHT message to " + to + " on a " + config.mode()
                    + " network");
        }
        contacted.add(to);
        socket.send(new DatagramPacket(message, message.length, to));
    }

    private byte[] transactionId() {
        byte[] t = new byte[4];
        random.nextBytes(t);
        return t;
    }

    /** Every address a datagram was sent to, in order (for tests of the network rule). */
    List<InetSocketAddress> contacted() {
        return List.copyOf(contacted);
    }

    /** Addresses learned from answers and never contacted because the network does not allow them. */
    Set<InetSocketAddress> refused() {
        return Set.copyOf(refused);
    }

    /** This client's UDP address (for tests that play DHT nodes). */
    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    void close() {
        socket.close();
    }
}
