package org.caravan.core.net;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A tiny bencoder: libtorrent4j's {@code Entry} keeps strings as Java {@code String}s, which mangles the
 * raw binary strings a torrent's {@code pieces} and a pointer's {@code ih} are made of.
 * Values are {@code Long} (or any integral {@code Number}), {@code byte[]}, {@code String} (UTF-8),
 * {@code List} and {@code Map<String, ?>}; decoding gives {@code Long}, {@code byte[]}, {@code List} and
 * {@code Map<String, Object>} and rejects anything that is not canonical enough to be signed.
 */
final class Bencode {
    private static final int MAX_DEPTH = 32;

    private Bencode() {}

    static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, value);
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, Object value) {
        if (value instanceof byte[] b) {
            writeString(out, b);
        } else if (value instanceof String s) {
            writeString(out, s.getBytes(StandardCharsets.UTF_8));
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            out.writeBytes(("i" + ((Number) value).longValue() + "e").getBytes(StandardCharsets.US_ASCII));
        } else if (value instanceof List<?> list) {
            out.write('l');
            for (Object o : list) {
                write(out, o);
            }
            out.write('e');
        } else if (value instanceof Map<?, ?> map) {
            // Keys sort as raw bytes (BEP 3); for UTF-8 this equals code point order.
            TreeMap<byte[], Object> sorted = new TreeMap<>(Arrays::compareUnsigned);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String k)) {
                    throw new IllegalArgumentException("bencoded dictionary keys must be strings, not " + e.getKey());
                }
                sorted.put(k.getBytes(StandardCharsets.UTF_8), e.getValue());
            }
            out.write('d');
            for (Map.Entry<byte[], Object> e : sorted.entrySet()) {
                writeString(out, e.getKey());
                write(out, e.getValue());
            }
            out.write('e');
        } else {
            throw new IllegalArgumentException("cannot bencode a " + (value == null ? "null" : value.getClass().getName()));
        }
    }

    private static void writeString(ByteArrayOutputStream out, byte[] b) {
        out.writeBytes((b.length + ":").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(b);
    }

    /** Decodes exactly one value spanning all of {@code data}; {@link IllegalArgumentException} otherwise. */
    static Object decode(byte[] data) {
        Decoder d = new Decoder(data);
        Object v = d.value(0);
        if (d.pos != data.length) {
            throw new IllegalArgumentException("bencoded value followed by " + (data.length - d.pos) + " stray bytes");
        }
        return v;
    }

    private static final class Decoder {
        private final byte[] data;
        private int pos;

        Decoder(byte[] data) {
            this.data = data;
        }

        Object value(int depth) {
            if (depth > MAX_DEPTH) {
                throw new IllegalArgumentException("bencoded value nested deeper than " + MAX_DEPTH);
            }
            int c = peek();
            if (c == 'i') {
                pos++;
                long v = number('e');
                return v;
            }
            if (c == 'l') {
                pos++;
                List<Object> list = new ArrayList<>();
                while (peek() != 'e') {
                    list.add(value(depth + 1));
                }
                pos++;
                return Collections.unmodifiableList(list);
            }
            if (c == 'd') {
                pos++;
                Map<String, Object> map = new LinkedHashMap<>();
                byte[] previous = null;
                while (peek() != 'e') {
                    byte[] key = string();
                    if (previous != null && Arrays.compareUnsigned(previous, key) >= 0) {
                        throw new IllegalArgumentException("bencoded dictionary keys out of order at byte " + pos);
                    }
                    previous = key;
                    map.put(utf8Key(key), value(depth + 1));
                }
                pos++;
                return Collections.unmodifiableMap(map);
            }
            if (c >= '0' && c <= '9') {
                return string();
            }
            throw new IllegalArgumentException("unexpected byte '" + (char) c + "' at " + pos + " in bencoded data");
        }

        private byte[] string() {
            long len = number(':');
            if (len < 0 || len > data.length - pos) {
                throw new IllegalArgumentException("bencoded string length " + len + " runs past the end at byte " + pos);
            }
            byte[] b = Arrays.copyOfRange(data, pos, pos + (int) len);
            pos += (int) len;
            return b;
        }

        private long number(char end) {
            int start = pos;
            while (pos < data.length && data[pos] != end) {
                pos++;
            }
            if (pos >= data.length) {
                throw new IllegalArgumentException("unterminated bencoded number at byte " + start);
            }
            String text = new String(data, start, pos - start, StandardCharsets.US_ASCII);
            pos++;
            if (!text.matches("0|-?[1-9][0-9]{0,18}")) {
                throw new IllegalArgumentException("malformed bencoded number '" + text + "' at byte " + start);
            }
            return Long.parseLong(text);
        }

        /**
         * Keys become Java strings: bytes that are not UTF-8 would turn into U+FFFD and encode to other bytes
         * (two keys could even merge), so the value read would no longer be the value signed.
         */
        private String utf8Key(byte[] key) {
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(key)).toString();
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException("bencoded dictionary key before byte " + pos + " is not UTF-8");
            }
        }

        private int peek() {
            if (pos >= data.length) {
                throw new IllegalArgumentException("bencoded data ends early at byte " + pos);
            }
            return data[pos] & 0xff;
        }
    }
}
