package org.caravan.core.licence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/** Strict JSON for licences and tokens: unknown, missing and duplicate keys are errors. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private Json() {}

    static byte[] bytes(JsonNode n) {
        try {
            return MAPPER.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode parse(byte[] data) {
        try {
            JsonNode n = MAPPER.readTree(data);
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }

    static void exactly(JsonNode n, String... keys) {
        Set<String> want = new TreeSet<>(Set.of(keys));
        Set<String> have = new TreeSet<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            have.add(it.next());
        }
        if (!have.equals(want)) {
            Set<String> missing = new TreeSet<>(want);
            missing.removeAll(have);
            Set<String> unknown = new TreeSet<>(have);
            unknown.removeAll(want);
            throw new IllegalArgumentException((missing.isEmpty() ? "" : "missing " + missing + " ")
                    + (unknown.isEmpty() ? "" : "unknown " + unknown));
        }
    }

    /** A time such as {@code 2026-12-03T10:00:00Z}; anything else is refused naming the field. */
    static java.time.Instant instant(JsonNode n, String key) {
        String text = text(n, key);
        try {
            return java.time.Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("field '" + key + "' must be a UTC time such as 2026-12-03T10:00:00Z, not '"
                    + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'", e);
        }
    }

    static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("field '" + key + "' must be a string");
        }
        return v.asText();
    }
}
