package org.caravan.core.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The KRPC messages of a re-put, byte for byte, and the network rule: on a loopback network an address
 * outside 127.0.0.0/8 that a node names is never contacted. Remote nodes are played by real UDP sockets
 * on 127.0.0.1 so that they can answer what a hostile node would.
 */
class DhtRepublisherTest {
    private static final byte[] SALT = "s1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEED = filled(32, 9);
    private static final byte[] ID = filled(20, 'i');
    private static final byte[] TARGET = filled(20, 'x');
    private static final byte[] TID = "tt01".getBytes(StandardCharsets.US_ASCII);

    private final List<FakeDhtNode> fakes = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopFakes() {
        fakes.forEach(FakeDhtNode::close);
    }

    @Test
    void getQueryIsBep44GetWithReadOnlyFlag() {
        byte[] q = Krpc.getQuery(TID, ID, TARGET);
        assertEquals("d1:ad2:id20:" + "i".repeat(20) + "6:target20:" + "x".repeat(20) + "e1:q3:get2:roi1e1:t4:tt011:y1:qe",
                ascii(q));
    }

    @Test
    void putQueryCarriesTheSignedValueAsItIsAndNoCas() {
        Krpc.SignedItem item = signed(5, "d1:gi3ee");
        byte[] token = "tok".getBytes(StandardCharsets.US_ASCII);
        String q = ascii(Krpc.putQuery(TID, ID, token, item));
        assertEquals("d1:ad2:id20:" + "i".repeat(20) + "1:k32:" + ascii(item.publicKey()) + "4:salt2:s13:seqi5e3:sig64:"
                + ascii(item.signature()) + "5:token3:tok1:vd1:gi3eee1:q3:put2:roi1e1:t4:tt011:y1:qe", q);
        assertFalse(q.contains("3:cas"));
    }

    @Test
    void targetIsSha1OfKeyAndSalt() throws Exception {
        byte[] pk = ChannelKeys.publicKey(SEED);
        byte[] expected = java.security.MessageDigest.getInstance("SHA-1").digest(concat(pk, SALT));
        assertArrayEquals(expected, Krpc.target(pk, SALT));
    }

    @Test
    void answerWithAValidItemTokenAndNodesIsRead() throws Exception {
        Krpc.SignedItem item = signed(12, "d1:gi4e2:ih20:" + "h".repeat(20) + "e");
        InetSocketAddress a = new InetSocketAddress(InetAddress.getByName("127.0.0.5"), 6881);
        Map<String, Object> r = itemFields(item);
        r.put("nodes", Krpc.compactNodes(List.of(new Krpc.Contact(filled(20, 'n'), a))));
        Krpc.Answer answer = assertInstanceOf(Krpc.Answer.class,
                Krpc.parse(Bencode.encode(Map.of("t", TID, "y", "r", "r", r))).orElseThrow());

        assertArrayEquals(TID, answer.transaction());
        assertArrayEquals("tok".getBytes(StandardCharsets.US_ASCII), answer.token().orElseThrow());
        Krpc.SignedItem read = answer.verifiedItem(item.publicKey(), SALT).orElseThrow();
        assertEquals(12, read.seq());
        assertArrayEquals(item.value(), read.value());
        assertEquals(Optional.of(new ChannelPointer(new InfoHash("68".repeat(20)), 4)), PointerCodec.decode(read.value()));
        assertEquals(1, answer.nodes().size());
        assertEquals(a, answer.nodes().get(0).address());
        assertArrayEquals(filled(20, 'n'), answer.nodes().get(0).id());
    }

    /**
     * Attack: a node answers a get with a genuine item of another channel: the store's item under another salt (an
     * older root set version's, say), naming that salt as a put would, or another store's item naming its own key.
     */
    @Test
    void itemsWithABadSignatureOrAnotherKeyAreIgnored() {
        Krpc.SignedItem item = signed(12, "d1:gi4ee");
        byte[] s2 = "s2".getBytes(StandardCharsets.US_ASCII);
        Map<String, Object> forged = itemFields(item);
        forged.put("seq", 13L);
        assertEquals(Optional.empty(), answer(forged).verifiedItem(item.publicKey(), SALT),
                "an item whose seq was raised after signing is taken");

        Map<String, Object> otherSalt = itemFields(item);
        assertEquals(Optional.empty(), answer(otherSalt).verifiedItem(item.publicKey(), s2),
                "the item of salt s1 is taken as the item of salt s2");
        Map<String, Object> namesItsSalt = itemFields(item);
        namesItsSalt.put("salt", SALT);
        assertEquals(Optional.empty(), answer(namesItsSalt).verifiedItem(item.publicKey(), s2),
                "the item of salt s1, naming its salt, is taken as the item of salt s2");

        byte[] otherKey = ChannelKeys.publicKey(filled(32, 1));
        assertEquals(Optional.empty(), answer(itemFields(item)).verifiedItem(otherKey, SALT),
                "another key's item, naming that key, is taken as the item of the key asked for");
        assertTrue(answer(itemFields(item)).verifiedItem(item.publicKey(), SALT).isPresent(),
                "the genuine item of the key and salt asked for is taken");
    }

    @Test
    void errorsAndJunkAreReadAsSuch() {
        Krpc.Failure f = assertInstanceOf(Krpc.Failure.class,
                Krpc.parse(ascii("d1:eli302e20:sequence number lesse1:t2:aa1:y1:ee")).orElseThrow());
        assertEquals(302, f.code());
        assertEquals("sequence number less", f.message());
        assertEquals(Optional.empty(), Krpc.parse(ascii("not bencode")));
        assertEquals(Optional.empty(), Krpc.parse(ascii("d1:ad2:id20:" + "i".repeat(20) + "e1:q4:ping1:t2:aa1:y1:qe")));
        assertEquals(List.of(), Krpc.compactNodes(new byte[27]), "a node list of 27 bytes is malformed");
    }

    @Test
    void loopbackRepublisherNeverContactsAddressesOutside127() throws IOException {
        Krpc.SignedItem item = signed(3, "d1:gi2e2:ih20:" + "h".repeat(20) + "e");
        byte[] target = Krpc.target(item.publicKey(), SALT);
        FakeDhtNode holder = fake(target, item, List.of());
        // The outside address is named as the closest node of all: a lookup would ask it first.
        InetSocketAddress outside = new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 6881);
        FakeDhtNode entry = fake(flip(target), null, List.of(new Krpc.Contact(target.clone(), outside),
                new Krpc.Contact(holder.id, holder.address())));

        DhtRepublisher republisher = new DhtRepublisher(NetworkConfig.loopback(List.of()));
        RepublishResult result;
        try {
            result = republisher.run(List.of(entry.peerAddress()), item.publicKey(), SALT, Duration.ofSeconds(3));
        } finally {
            republisher.close();
        }

        RepublishResult.Republished done = assertInstanceOf(RepublishResult.Republished.class, result);
        assertEquals(3, done.seq());
        assertEquals(Optional.of(new ChannelPointer(new InfoHash("68".repeat(20)), 2)), done.pointer());
        assertEquals(2, done.storedOn(), "both fake nodes gave a token and take the put");
        assertEquals(2, done.nodesAnswered());
        assertTrue(republisher.contacted().stream().allMatch(a -> a.getAddress().getAddress()[0] == 127),
                "contacted " + republisher.contacted());
        assertTrue(republisher.contacted().contains(holder.address()), "the 127.0.0.1 node it learned is asked");
        assertEquals(java.util.Set.of(outside), republisher.refused());
        assertArrayEquals(item.value(), holder.putValue(), "the holder got the very value that was signed");
        assertEquals(List.of("get", "put"), entry.methods());
        assertEquals(List.of("get", "put"), holder.methods());
    }

    @Test
    void loopbackRefusesAStartNodeOutside127AndNamesIt() throws IOException {
        DhtRepublisher republisher = new DhtRepublisher(NetworkConfig.loopback(List.of()));
        try {
            byte[] pk = ChannelKeys.publicKey(SEED);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> republisher.run(
                    List.of(new PeerAddress("192.0.2.7", 6881)), pk, SALT, Duration.ofSeconds(1)));
            assertTrue(e.getMessage().contains("192.0.2.7:6881"), e.getMessage());
            assertEquals(List.of(), republisher.contacted());
            assertTrue(republisher.localAddress().getAddress().isLoopbackAddress(), "bound to " + republisher.localAddress());
            assertFalse(republisher.permits(InetAddress.getByName("10.0.0.1")));
            assertFalse(republisher.permits(InetAddress.getByName("::1")), "the socket is IPv4");
            assertTrue(republisher.permits(InetAddress.getByName("127.8.9.10")));
        } finally {
            republisher.close();
        }
    }

    @Test
    void nothingFoundWhenNoNodeHoldsAValidItem() throws IOException {
        Krpc.SignedItem item = signed(3, "d1:gi2ee");
        Krpc.SignedItem forged = new Krpc.SignedItem(item.publicKey(), SALT, 4, item.signature(), item.value());
        FakeDhtNode liar = fake(Krpc.target(item.publicKey(), SALT), forged, List.of());
        // A session listening on 0.0.0.0 names itself so; it is reached at 127.0.0.1.
        PeerAddress anyInterface = new PeerAddress("0.0.0.0", liar.address().getPort());
        RepublishResult result = DhtRepublisher.republish(NetworkConfig.loopback(List.of()), List.of(anyInterface),
                item.publicKey(), SALT, Duration.ofSeconds(2));
        assertEquals(new RepublishResult.NothingFound(1), result);
        assertEquals(List.of("get"), liar.methods(), "a forged item is never put");
    }

    // ------------------------------------------------------------------------------------------ fixtures

    private FakeDhtNode fake(byte[] id, Krpc.SignedItem item, List<Krpc.Contact> nodes) throws SocketException {
        FakeDhtNode f = new FakeDhtNode(id, item, nodes);
        fakes.add(f);
        return f;
    }

    private static Krpc.Answer answer(Map<String, Object> r) {
        return assertInstanceOf(Krpc.Answer.class, Krpc.parse(Bencode.encode(Map.of("t", TID, "y", "r", "r", r))).orElseThrow());
    }

    private static Map<String, Object> itemFields(Krpc.SignedItem item) {
        return FakeDhtNode.itemFields(item);
    }

    private static Krpc.SignedItem signed(long seq, String value) {
        byte[][] keys = ChannelKeys.keypair(SEED);
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        byte[] sig = org.libtorrent4j.Ed25519.sign(PointerCodec.signedBytes(SALT, seq, v), keys[0], keys[1]);
        return new Krpc.SignedItem(keys[0], SALT, seq, sig, v);
    }

    private static byte[] flip(byte[] id) {
        byte[] out = id.clone();
        out[0] ^= (byte) 0x80;
        return out;
    }

    private static byte[] filled(int n, int b) {
        byte[] out = new byte[n];
        Arrays.fill(out, (byte) b);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String ascii(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
