package org.caravan.core.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libtorrent4j.Vectors;
import org.libtorrent4j.swig.bdecode_node;
import org.libtorrent4j.swig.byte_vector;
import org.libtorrent4j.swig.error_code;

/**
 * A DHT node's write token and the compact peer addresses it names reach Java through libtorrent4j, which hands
 * strings over as text: the bytes must come out exactly, binary or printable, or every direct announce is refused.
 */
class DirectReplyBytesTest {
    @BeforeAll
    static void load() {
        NativeLibrary.ensureLoaded();
    }

    private static byte[] roundTrip(byte[] value) {
        byte[] encoded = Bencode.encode(Map.of("token", value));
        byte_vector buffer = Vectors.bytes2byte_vector(encoded);
        bdecode_node root = new bdecode_node();
        error_code ec = new error_code();
        bdecode_node.bdecode(buffer, root, ec);
        byte[] out = LibtorrentPeerNode.stringBytes(root.dict_find_string_ex("token"));
        buffer.size(); // keeps the buffer alive while the node points into it
        return out;
    }

    @Test
    void binaryPrintableAndQuotedBytesComeOutAsTheyWent() {
        assertArrayEquals(new byte[] {0, (byte) 0xff, 0x27, (byte) 0x80}, roundTrip(new byte[] {0, (byte) 0xff, 0x27, (byte) 0x80}));
        assertArrayEquals(new byte[] {127, 0, 0, 1, 0x1f, (byte) 0x90}, roundTrip(new byte[] {127, 0, 0, 1, 0x1f, (byte) 0x90}));
        assertArrayEquals("ab'd".getBytes(StandardCharsets.US_ASCII), roundTrip("ab'd".getBytes(StandardCharsets.US_ASCII)));
        // Printable text that reads as hex of half its length stays text: the length decides.
        assertArrayEquals("cafe".getBytes(StandardCharsets.US_ASCII), roundTrip("cafe".getBytes(StandardCharsets.US_ASCII)));
        byte[] long64 = new byte[64];
        for (int i = 0; i < long64.length; i++) {
            long64[i] = (byte) (i * 7);
        }
        assertArrayEquals(long64, roundTrip(long64));
    }

    @Test
    void aNodeThatIsNoStringGivesNothing() {
        byte[] encoded = Bencode.encode(Map.of("token", 5L));
        byte_vector buffer = Vectors.bytes2byte_vector(encoded);
        bdecode_node root = new bdecode_node();
        bdecode_node.bdecode(buffer, root, new error_code());
        assertNull(LibtorrentPeerNode.stringBytes(root.dict_find_ex("token")));
        buffer.size();
    }
}
