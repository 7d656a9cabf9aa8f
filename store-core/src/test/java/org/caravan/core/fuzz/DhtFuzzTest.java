package org.caravan.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.caravan.core.net.ChannelKeys;
import org.caravan.core.net.ChannelPointer;
import org.caravan.core.net.NetParsers;

/**
 * What any DHT node may send: a BEP 44 item's value (the channel pointer), bencoded data, and KRPC replies.
 * None of these parsers may throw anything but {@link IllegalArgumentException} (bencode) or give up quietly
 * (pointer, KRPC: a node's junk must never stop a lookup); what they accept must encode back to the same bytes,
 * because those are the bytes that were signed.
 *
 * <p>{@code mvn verify} replays {@code src/test/resources/org/caravan/core/fuzz/DhtFuzzTestInputs/METHOD/};
 * {@code bench/fuzz.sh DhtFuzzTest#METHOD SECONDS} fuzzes for longer.
 */
class DhtFuzzTest {
    /** The key and salt the krpcReply seeds' items are signed for (seed 32 x 0x09, salt "s1"). */
    static final byte[] SEED = filled(32, 9);
    static final byte[] SALT = "s1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PUBLIC_KEY = ChannelKeys.publicKey(SEED);

    @FuzzTest
    void pointerValue(byte[] value) {
        Optional<ChannelPointer> pointer = NetParsers.decodePointer(value);
        if (value.length > NetParsers.maxPointerBytes()) {
            assertEquals(Optional.empty(), pointer, "a value over BEP 44's 1000 bytes is no pointer");
        }
        pointer.ifPresent(p -> {
            byte[] encoded = NetParsers.encodePointer(p);
            assertTrue(encoded.length <= NetParsers.maxPointerBytes(), "an encoded pointer fits an item");
            assertEquals(pointer, NetParsers.decodePointer(encoded), "pointer round trip");
        });
    }

    @FuzzTest
    void bencode(byte[] data) {
        Object value;
        try {
            value = NetParsers.bencodeDecode(data);
        } catch (IllegalArgumentException refused) {
            Refusals.check(refused);
            return;
        }
        // Only canonical bencoding is accepted, so what was decoded encodes to exactly the bytes received.
        assertArrayEquals(data, NetParsers.bencodeEncode(value), "bencode round trip");
    }

    @FuzzTest
    void krpcReply(byte[] datagram) {
        NetParsers.krpc(datagram, PUBLIC_KEY, SALT).ifPresent(reply -> {
            reply.nodeId().ifPresent(id -> assertEquals(20, id.length, "node id length"));
            reply.token().ifPresent(t -> assertTrue(t.length > 0, "empty token"));
            // An item is handed out only for the key asked for, signed by it over these very value bytes.
            reply.itemPublicKey().ifPresent(k -> assertArrayEquals(PUBLIC_KEY, k, "item for another key"));
            reply.itemValue().ifPresent(v -> assertArrayEquals(v, NetParsers.bencodeEncode(NetParsers.bencodeDecode(v))));
        });
    }

    private static byte[] filled(int n, int b) {
        byte[] out = new byte[n];
        Arrays.fill(out, (byte) b);
        return out;
    }
}
