package org.caravan.core.net;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DHT node on 127.0.0.1 that answers get (with a token, its item and its node list) and put, on a real UDP socket,
 * so that it can answer what a hostile or slow node would.
 */
final class FakeDhtNode implements AutoCloseable {
    final byte[] id;
    private final Krpc.SignedItem item;
    private final List<Krpc.Contact> nodes;
    private final DatagramSocket socket;
    private final List<String> methods = new CopyOnWriteArrayList<>();
    private volatile byte[] putValue;
    private final Thread thread;
    private final boolean deafToLibtorrent;
    private final AtomicInteger libtorrentDropped = new AtomicInteger();

    FakeDhtNode(byte[] id, Krpc.SignedItem item, List<Krpc.Contact> nodes) throws SocketException {
        this(id, item, nodes, false);
    }

    /**
     * {@code deafToLibtorrent}: drops every message a libtorrent session sends (they carry {@code v = "LT.."}), so
     * such a session never has this node in its routing table, while Caravan's own KRPC client is answered.
     */
    FakeDhtNode(byte[] id, Krpc.SignedItem item, List<Krpc.Contact> nodes, boolean deafToLibtorrent)
            throws SocketException {
        this.deafToLibtorrent = deafToLibtorrent;
        this.id = id;
        this.item = item;
        this.nodes = nodes;
        try {
            this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        socket.setSoTimeout(100);
        thread = new Thread(this::serve, "fake-dht-node");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    PeerAddress peerAddress() {
        return new PeerAddress("127.0.0.1", address().getPort());
    }

    List<String> methods() {
        return List.copyOf(methods);
    }

    byte[] putValue() {
        return putValue;
    }

    /** How many messages from libtorrent sessions were dropped (see the constructor). */
    int libtorrentDropped() {
        return libtorrentDropped.get();
    }

    private void serve() {
        byte[] buf = new byte[4096];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                return;
            }
            Map<?, ?> q;
            try {
                q = (Map<?, ?>) Bencode.decode(Arrays.copyOf(p.getData(), p.getLength()));
            } catch (IllegalArgumentException | ClassCastException notKrpc) {
                continue;
            }
            if (deafToLibtorrent && q.get("v") instanceof byte[] v && ascii(v).startsWith("LT")) {
                libtorrentDropped.incrementAndGet();
                continue;
            }
            String method = ascii((byte[]) q.get("q"));
            methods.add(method);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", id);
            if (method.equals("get")) {
                r.put("token", "tok".getBytes(StandardCharsets.US_ASCII));
                if (item != null) {
                    r.putAll(itemFields(item));
                }
                if (!nodes.isEmpty()) {
                    r.put("nodes", Krpc.compactNodes(nodes));
                }
            } else if (method.equals("put")) {
                putValue = Bencode.encode(((Map<?, ?>) q.get("a")).get("v"));
            }
            byte[] answer = Bencode.encode(Map.of("t", q.get("t"), "y", "r", "r", r));
            try {
                socket.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }

    /** The fields of a get answer that carries {@code item}. */
    static Map<String, Object> itemFields(Krpc.SignedItem item) {
        Map<String, Object> r = new LinkedHashMap<>();
        byte[] id = new byte[20];
        Arrays.fill(id, (byte) 'r');
        r.put("id", id);
        r.put("token", "tok".getBytes(StandardCharsets.US_ASCII));
        r.put("k", item.publicKey());
        r.put("seq", item.seq());
        r.put("sig", item.signature());
        r.put("v", Bencode.decode(item.value()));
        return r;
    }

    /** A BEP 44 item of the channel whose Ed25519 seed is {@code seed}, signed here. */
    static Krpc.SignedItem signed(byte[] seed, byte[] salt, long seq, byte[] value) {
        byte[][] keys = ChannelKeys.keypair(seed);
        byte[] sig = org.libtorrent4j.Ed25519.sign(PointerCodec.signedBytes(salt, seq, value), keys[0], keys[1]);
        return new Krpc.SignedItem(keys[0], salt, seq, sig, value);
    }

    private static String ascii(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
