package org.caravan.tools.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import org.caravan.keyring.trust.KeyRef;
import org.caravan.keyring.trust.TrustDecision;
import picocli.CommandLine.Option;

/**
 * {@code --json}: one documented, versioned shape for every reporting command (docs/json.md). Every document is
 * an object with {@code "caravanJson": 1} and a {@code "kind"}; times are ISO-8601 UTC strings, absent values null.
 */
final class JsonOutput {
    /** The version of the shapes in docs/json.md; a field removed or changed in meaning raises it. */
    static final int VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** The {@code --json} option, mixed into each reporting command. */
    static final class Flag {
        @Option(names = "--json", description = "Print a JSON document (docs/json.md) instead of text.")
        boolean json;
    }

    private JsonOutput() {}

    static ObjectNode document(String kind) {
        ObjectNode n = F.objectNode();
        n.put("caravanJson", VERSION);
        n.put("kind", kind);
        return n;
    }

    static ObjectNode object() {
        return F.objectNode();
    }

    static void print(PrintWriter out, ObjectNode doc) {
        try {
            out.println(MAPPER.writeValueAsString(doc));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
        out.flush();
    }

    static void time(ObjectNode n, String field, Instant t) {
        if (t == null) {
            n.putNull(field);
        } else {
            n.put(field, when(t));
        }
    }

    /** A time to whole seconds, ISO-8601 UTC: 2026-12-03T11:12:04Z. */
    static String when(Instant t) {
        return t == null ? "" : t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    static void text(ObjectNode n, String field, Object value) {
        if (value == null) {
            n.putNull(field);
        } else {
            n.put(field, value.toString());
        }
    }

    static ArrayNode keys(ObjectNode n, String field, List<KeyRef> refs) {
        ArrayNode a = n.putArray(field);
        for (KeyRef k : refs) {
            a.addObject().put("fingerprint", k.fingerprint().hex()).put("userId", k.userId());
        }
        return a;
    }

    /** A trust decision: {@code trusted} with path, level, scope and co-signers, or {@code refused} with its rule. */
    static ObjectNode decision(TrustDecision d) {
        ObjectNode n = F.objectNode();
        if (d instanceof TrustDecision.Trusted t) {
            n.put("outcome", "trusted");
            n.put("level", t.level().name());
            n.put("scope", t.scope().value());
            keys(n, "path", t.path());
            keys(n, "coSigners", t.coSigners());
            n.put("basis", t.basis());
        } else if (d instanceof TrustDecision.Refused r) {
            n.put("outcome", "refused");
            n.put("rule", r.rule().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            n.put("reason", r.reason());
            text(n, "key", r.key());
            n.put("spurious", r.spurious());
        }
        time(n, "referenceTime", d.referenceTime());
        n.put("explanation", d.explain());
        return n;
    }

    /** Bytes as people read them: 512 B, 3.4 KiB, 12.0 MiB. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double v = bytes;
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        int i = -1;
        do {
            v /= 1024;
            i++;
        } while (v >= 1024 && i < units.length - 1);
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[i]);
    }

    /** A date as gpg shows it in listings: 2026-12-03. */
    static String day(Instant t) {
        return t == null ? "" : t.toString().substring(0, 10);
    }
}
