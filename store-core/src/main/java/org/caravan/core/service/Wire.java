package org.caravan.core.service;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import org.caravan.core.client.ClientEvent;

/**
 * The local channel's framing (docs/protocol.md, "The local channel"): one JSON object per line, UTF-8, every
 * object with a {@code "type"}; the first line a client sends carries the protocol version {@code "v"}. Values of
 * the client API travel as their record components; a value of a sealed type adds {@code "shape"}, the simple
 * name of its record, so the other side picks the record back by type rather than by any text in it.
 */
public final class Wire {
    /** The version of the local protocol; a message removed or changed in meaning raises it. */
    public static final int VERSION = 1;

    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            // A newer peer may add fields: ignoring them is what keeps version 1 readable.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setDefaultTyping(sealedTyping())
            .setInjectableValues(org.caravan.core.catalog.CatalogCodec.omittedDefaults());

    /**
     * A value of a sealed type inside another (a release's trust decision in an app page) carries its record's
     * class in {@code "@class"}, so that it reads back as the same record; only Caravan's own records are read so.
     */
    private static com.fasterxml.jackson.databind.jsontype.TypeResolverBuilder<?> sealedTyping() {
        var onlyOurs = com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator.builder()
                .allowIfSubType("org.caravan.").build();
        var typing = new ObjectMapper.DefaultTypeResolverBuilder(ObjectMapper.DefaultTyping.NON_FINAL, onlyOurs) {
            @Override
            public boolean useForType(com.fasterxml.jackson.databind.JavaType t) {
                return t.getRawClass().isSealed();
            }
        };
        return typing.init(com.fasterxml.jackson.annotation.JsonTypeInfo.Id.CLASS, null)
                .inclusion(com.fasterxml.jackson.annotation.JsonTypeInfo.As.PROPERTY)
                .typeProperty("@class");
    }

    private Wire() {}

    static ObjectNode message(String type) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", type);
        return n;
    }

    /** A request: a message that names the protocol version it speaks. */
    static ObjectNode request(String type) {
        ObjectNode n = JSON.createObjectNode();
        n.put("v", VERSION);
        n.put("type", type);
        return n;
    }

    /** Writes one message as one line and flushes it: the other side acts on each line as it comes. */
    static void send(Writer out, JsonNode message) throws IOException {
        synchronized (out) {
            out.write(JSON.writeValueAsString(message));
            out.write('\n');
            out.flush();
        }
    }

    /** The next message, or null at the end of the stream. */
    static ObjectNode receive(BufferedReader in) throws IOException {
        String line = in.readLine();
        if (line == null) {
            return null;
        }
        JsonNode n = JSON.readTree(line);
        if (!(n instanceof ObjectNode o) || !o.hasNonNull("type")) {
            throw new IOException("not a message of the local channel (an object with a type): " + abbreviate(line));
        }
        return o;
    }

    /** A value as JSON: its record components, plus {@code "shape"} when it is one of a sealed type's records. */
    static JsonNode encode(Object value) {
        JsonNode n = JSON.valueToTree(value);
        if (n instanceof ObjectNode o && value != null && value.getClass().isRecord()
                && isSealedMember(value.getClass())) {
            o.put("shape", value.getClass().getSimpleName());
        }
        return n;
    }

    /** Reads back what {@link #encode} wrote; {@code type} may be a sealed interface. */
    static <T> T decode(JsonNode n, Class<T> type) throws IOException {
        if (n == null || n.isNull()) {
            return null;
        }
        Class<?> target = type;
        if (type.isSealed()) {
            String shape = n.path("shape").asText("");
            target = null;
            for (Class<?> c : type.getPermittedSubclasses()) {
                if (c.getSimpleName().equals(shape)) {
                    target = c;
                }
            }
            if (target == null) {
                throw new IOException("no " + type.getSimpleName() + " of shape '" + shape + "' in version " + VERSION
                        + " of the local channel");
            }
        }
        return type.cast(JSON.treeToValue(n, target));
    }

    /** An event as the channel and {@code client watch --json} carry it: its kind, then its components. */
    public static ObjectNode event(ClientEvent e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("kind", e.kind());
        n.setAll((ObjectNode) JSON.valueToTree(e));
        return n;
    }

    static String write(JsonNode n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    private static boolean isSealedMember(Class<?> c) {
        for (Class<?> i : c.getInterfaces()) {
            if (i.isSealed()) {
                return true;
            }
        }
        return false;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }
}
