package org.caravan.core.net;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/** The bencoded value of a channel pointer, and the bytes BEP 44 signs. */
final class PointerCodec {
    /** BEP 44's limit on the bencoded value; nodes silently refuse larger ones. */
    static final int MAX_VALUE_BYTES = 1000;

    private PointerCodec() {}

    static byte[] encode(ChannelPointer pointer) {
        Map<String, Object> value = new java.util.TreeMap<>();
        value.put("g", pointer.generation());
        value.put("ih", HexFormat.of().parseHex(pointer.infoHash().hex()));
        pointer.delta().ifPresent(d -> value.put("d", HexFormat.of().parseHex(d.hex())));
        return Bencode.encode(value);
    }

    /** Empty for anything that is not {@code {"g": int >= 1, "ih": 20 bytes, ...}}: others may put junk. */
    static Optional<ChannelPointer> decode(byte[] value) {
        if (value == null || value.length == 0 || value.length > MAX_VALUE_BYTES) {
            return Optional.empty();
        }
        try {
            if (Bencode.decode(value) instanceof Map<?, ?> map
                    && map.get("g") instanceof Long g && g >= 1
                    && map.get("ih") instanceof byte[] ih && ih.length == 20) {
                Optional<InfoHash> delta = map.get("d") instanceof byte[] d && d.length == 20 && g >= 2
                        ? Optional.of(new InfoHash(HexFormat.of().formatHex(d)))
                        : Optional.empty();
                return Optional.of(new ChannelPointer(new InfoHash(HexFormat.of().formatHex(ih)), g, delta));
            }
        } catch (IllegalArgumentException malformed) {
            // fall through: a malformed value is as good as none
        }
        return Optional.empty();
    }

    /** BEP 44: the signature covers {@code [4:salt<len>:<salt>]3:seqi<seq>e1:v<bencoded value>}. */
    static byte[] signedBytes(byte[] salt, long seq, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (salt != null && salt.length > 0) {
            out.writeBytes(("4:salt" + salt.length + ":").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(salt);
        }
        out.writeBytes(("3:seqi" + seq + "e1:v").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(value);
        return out.toByteArray();
    }
}
