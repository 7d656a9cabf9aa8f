package org.caravan.core.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The few KRPC messages (BEP 5) a re-put needs: BEP 44's {@code get} and {@code put} for mutable items, the
 * answers to them, and compact node lists. Plain bytes in and out, so it is tested without a socket.
 */
final class Krpc {
    static final int ID_BYTES = 20;
    /** BEP 5 compact node info: 20-byte id, 4-byte IPv4 address, 2-byte port. */
    static final int COMPACT_NODE_BYTES = 26;

    private Krpc() {}

    /** A DHT node: its id once it has answered (null before), and where it listens. */
    record Contact(byte[] id, InetSocketAddress address) {
        Contact {
            Objects.requireNonNull(address, "contact address");
            if (id != null && id.length != ID_BYTES) {
                throw new IllegalArgumentException("a DHT node id has " + ID_BYTES + " bytes, not " + id.length
                        + " (node " + address + ")");
            }
        }
    }

    /** A mutable item as BEP 44 stores it; {@code value} is the bencoded {@code v}. */
    record SignedItem(byte[] publicKey, byte[] salt, long seq, byte[] signature, byte[] value) {
        SignedItem {
            Objects.requireNonNull(publicKey, "public key");
            salt = salt == null ? new byte[0] : salt;
            Objects.requireNonNull(signature, "signature");
            Objects.requireNonNull(value, "value");
        }

        /** True when {@code signature} is the store key's Ed25519 signature over BEP 44's signed bytes. */
        boolean verifies() {
            if (publicKey.length != 32 || signature.length != 64 || seq < 0) {
                return false;
            }
            NativeLibrary.ensureLoaded();
            return org.libtorrent4j.Ed25519.verify(signature, PointerCodec.signedBytes(salt, seq, value), publicKey);
        }
    }

    /** What a node answered: {@code r} with its fields, or {@code e} with BEP 5's code and message. */
    sealed interface Reply permits Answer, Failure {
        byte[] transaction();
    }

    record Answer(byte[] transaction, Map<String, Object> fields) implements Reply {
        Optional<byte[]> bytes(String key) {
            return fields.get(key) instanceof byte[] b ? Optional.of(b) : Optional.empty();
        }

        Optional<byte[]> nodeId() {
            return bytes("id").filter(b -> b.length == ID_BYTES);
        }

        Optional<byte[]> token() {
            return bytes("token").filter(b -> b.length > 0);
        }

        /**
         * The item in a {@code get} answer for {@code publicKey}/{@code salt}, only if its signature verifies:
         * anyone may answer anything, and a node may hand out an item for another key.
         */
        Optional<SignedItem> verifiedItem(byte[] publicKey, byte[] salt) {
            Object v = fields.get("v");
            if (v == null || !(fields.get("seq") instanceof Long seq)
                    || !(fields.get("sig") instanceof byte[] sig)) {
                return Optional.empty();
            }
            if (fields.get("k") instanceof byte[] k && !Arrays.equals(k, publicKey)) {
                return Optional.empty();
            }
            // Decoding accepts only canonical bencoding, so encoding again gives the bytes that were signed
            // (and the exact bytes the put will carry).
            byte[] value;
            try {
                value = Bencode.encode(v);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            SignedItem item = new SignedItem(publicKey, salt, seq, sig, value);
            return item.verifies() ? Optional.of(item) : Optional.empty();
        }

        /** The IPv4 contacts of the compact {@code nodes} field; malformed lists give none. */
        List<Contact> nodes() {
            return bytes("nodes").map(Krpc::compactNodes).orElse(List.of());
        }
    }

    record Failure(byte[] transaction, long code, String message) implements Reply {}

    /** SHA-1(public key + salt): where BEP 44 keeps a mutable item. */
    static byte[] target(byte[] publicKey, byte[] salt) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(publicKey);
            if (salt != null) {
                sha1.update(salt);
            }
            return sha1.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    }

    /**
     * A {@code get} query. {@code ro} (BEP 43) keeps nodes from adding this short-lived client to their
     * routing tables, where it would later count as a dead node.
     */
    static byte[] getQuery(byte[] transaction, byte[] nodeId, byte[] target) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("id", nodeId);
        a.put("target", target);
        return query(transaction, "get", a);
    }

    /** A {@code put} of {@code item} (no {@code cas}: the item is re-put as it is, whatever is stored). */
    static byte[] putQuery(byte[] transaction, byte[] nodeId, byte[] token, SignedItem item) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("id", nodeId);
        a.put("k", item.publicKey());
        if (item.salt().length > 0) {
            a.put("salt", item.salt());
        }
        a.put("seq", item.seq());
        a.put("sig", item.signature());
        a.put("token", token);
        a.put("v", Bencode.decode(item.value()));
        return query(transaction, "put", a);
    }

    private static byte[] query(byte[] transaction, String method, Map<String, Object> args) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("t", transaction);
        m.put("y", "q");
        m.put("q", method);
        m.put("a", args);
        m.put("ro", 1L);
        return Bencode.encode(m);
    }

    /**
     * The reply in one datagram; empty for queries, malformed data and anything else a client has no use
     * for (other nodes may send junk, it must never stop a lookup).
     */
    static Optional<Reply> parse(byte[] datagram) {
        Object decoded;
        try {
            decoded = Bencode.decode(datagram);
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
        if (!(decoded instanceof Map<?, ?> m) || !(m.get("t") instanceof byte[] t) || !(m.get("y") instanceof byte[] y)) {
            return Optional.empty();
        }
        String kind = new String(y, StandardCharsets.US_ASCII);
        if (kind.equals("r") && m.get("r") instanceof Map<?, ?> r) {
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = (Map<String, Object>) r;
            return Optional.of(new Answer(t, fields));
        }
        if (kind.equals("e") && m.get("e") instanceof List<?> e && e.size() >= 2
                && e.get(0) instanceof Long code && e.get(1) instanceof byte[] msg) {
            return Optional.of(new Failure(t, code, new String(msg, StandardCharsets.UTF_8)));
        }
        return Optional.empty();
    }

    /** Decodes BEP 5 compact node info; a list whose length is not a multiple of 26 is ignored whole. */
    static List<Contact> compactNodes(byte[] nodes) {
        if (nodes.length % COMPACT_NODE_BYTES != 0) {
            return List.of();
        }
        List<Contact> out = new ArrayList<>();
        for (int off = 0; off < nodes.length; off += COMPACT_NODE_BYTES) {
            byte[] id = Arrays.copyOfRange(nodes, off, off + ID_BYTES);
            byte[] ip = Arrays.copyOfRange(nodes, off + ID_BYTES, off + ID_BYTES + 4);
            int port = ((nodes[off + 24] & 0xff) << 8) | (nodes[off + 25] & 0xff);
            if (port == 0) {
                continue;
            }
            try {
                out.add(new Contact(id, new InetSocketAddress(InetAddress.getByAddress(ip), port)));
            } catch (UnknownHostException impossible) {
                throw new IllegalStateException("4 bytes are always an IPv4 address", impossible);
            }
        }
        return List.copyOf(out);
    }

    /** Encodes contacts (IPv4 only) as compact node info; for tests that play a DHT node. */
    static byte[] compactNodes(List<Contact> contacts) {
        byte[] out = new byte[contacts.size() * COMPACT_NODE_BYTES];
        int off = 0;
        for (Contact c : contacts) {
            byte[] ip = c.address().getAddress().getAddress();
            if (ip.length != 4 || c.id() == null) {
                throw new IllegalArgumentException("compact node info needs an id and an IPv4 address: " + c.address());
            }
            System.arraycopy(c.id(), 0, out, off, ID_BYTES);
            System.arraycopy(ip, 0, out, off + ID_BYTES, 4);
            out[off + 24] = (byte) (c.address().getPort() >> 8);
            out[off + 25] = (byte) c.address().getPort();
            off += COMPACT_NODE_BYTES;
        }
        return out;
    }

    /** XOR distance of {@code id} to {@code target}, compared as an unsigned big-endian number. */
    static int compareDistance(byte[] target, byte[] a, byte[] b) {
        for (int i = 0; i < ID_BYTES; i++) {
            int da = (a[i] ^ target[i]) & 0xff;
            int db = (b[i] ^ target[i]) & 0xff;
            if (da != db) {
                return Integer.compare(da, db);
            }
        }
        return 0;
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
