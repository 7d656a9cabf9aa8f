package org.caravan.core.net;

import java.util.List;
import java.util.Optional;

/**
 * Test-only door to this package's wire parsers (package-private on purpose: nothing outside {@code core.net}
 * should speak bencode or KRPC), so that the fuzz targets in {@code org.caravan.core.fuzz} can reach them.
 */
public final class NetParsers {
    /** A parsed KRPC reply as the fuzz targets see it. */
    public record Reply(boolean answer, Optional<byte[]> nodeId, Optional<byte[]> token, int nodes,
                        Optional<byte[]> itemPublicKey, Optional<byte[]> itemValue) {}

    private NetParsers() {}

    public static Object bencodeDecode(byte[] data) {
        return Bencode.decode(data);
    }

    public static byte[] bencodeEncode(Object value) {
        return Bencode.encode(value);
    }

    public static Optional<ChannelPointer> decodePointer(byte[] value) {
        return PointerCodec.decode(value);
    }

    public static byte[] encodePointer(ChannelPointer pointer) {
        return PointerCodec.encode(pointer);
    }

    public static int maxPointerBytes() {
        return PointerCodec.MAX_VALUE_BYTES;
    }

    /**
     * {@link Krpc#parse} and what a lookup reads from an answer: node id, token, compact nodes and the item for
     * {@code publicKey}/{@code salt} (only when its signature verifies; null key: not asked).
     */
    public static Optional<Reply> krpc(byte[] datagram, byte[] publicKey, byte[] salt) {
        return Krpc.parse(datagram).map(r -> {
            if (r instanceof Krpc.Answer a) {
                Optional<Krpc.SignedItem> item = publicKey == null ? Optional.empty() : a.verifiedItem(publicKey, salt);
                List<Krpc.Contact> nodes = a.nodes();
                return new Reply(true, a.nodeId(), a.token(), nodes.size(), item.map(Krpc.SignedItem::publicKey),
                        item.map(Krpc.SignedItem::value));
            }
            return new Reply(false, Optional.empty(), Optional.empty(), 0, Optional.empty(), Optional.empty());
        });
    }
}
