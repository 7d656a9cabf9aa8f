package org.caravan.core.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import org.caravan.core.client.AppEntry;
import org.caravan.core.client.ClientService;
import org.caravan.core.client.InstallProgress;

/**
 * The service side of {@link RemoteClient}: one {@code call} request names a method of
 * {@link org.caravan.core.client.CaravanClient} and its arguments; the answer is one {@code result} (after any
 * {@code progress} messages) or one {@code error} that says which exception the method threw.
 */
final class RemoteCalls {
    private RemoteCalls() {}

    static void answer(ClientService client, ObjectNode request, Writer out) throws IOException {
        String method = request.path("method").asText("");
        JsonNode a = request.path("args");
        InstallProgress progress = (stage, fraction) -> {
            ObjectNode p = Wire.message("progress");
            p.put("stage", stage);
            p.put("fraction", fraction);
            try {
                Wire.send(out, p);
            } catch (IOException e) {
                // the caller hung up; the install goes on and its result is kept
            }
        };
        Object value;
        try {
            value = switch (method) {
                case "apps" -> client.apps();
                case "search" -> client.search(a.path("text").asText(""), a.path("category").isNull() ? null
                        : a.path("category").asText(null), a.path("limit").asInt(50));
                case "subscribe" -> client.subscribe(text(a, "magnet"));
                case "stores" -> client.stores();
                case "unsubscribe" -> client.unsubscribe(text(a, "storeKey"));
                case "sync" -> client.sync();
                case "syncInterval" -> client.syncInterval().toSeconds();
                case "install" -> client.install(text(a, "appId"), progress);
                case "update" -> client.update(text(a, "appId"), progress);
                case "rollback" -> client.rollback(text(a, "appId"));
                case "remove" -> client.remove(text(a, "appId"));
                case "previousVersion" -> client.previousVersion(text(a, "appId")).orElse(null);
                case "appPagePanels" -> {
                    String id = text(a, "appId");
                    AppEntry app = client.apps().stream().filter(e -> e.appId().equals(id)).findFirst()
                            .orElseThrow(() -> new IllegalArgumentException("no subscribed store lists " + id));
                    yield client.appPagePanels(app);
                }
                default -> throw new UnsupportedOperationException("no method '" + method + "' in version "
                        + Wire.VERSION + " of the local channel");
            };
        } catch (RuntimeException e) {
            ObjectNode err = ServiceEndpoint.error(e.getMessage() == null ? e.toString() : e.getMessage());
            err.put("exception", e instanceof IllegalArgumentException ? "argument"
                    : e instanceof IllegalStateException ? "state" : "other");
            Wire.send(out, err);
            return;
        }
        ObjectNode result = Wire.message("result");
        if (value instanceof List<?> list) {
            var array = result.putArray("value");
            list.forEach(v -> array.add(Wire.encode(v)));
        } else {
            result.set("value", Wire.encode(value));
        }
        Wire.send(out, result);
    }

    private static String text(JsonNode args, String name) {
        JsonNode n = args.get(name);
        if (n == null || !n.isTextual()) {
            throw new IllegalArgumentException("the call needs the argument '" + name + "'");
        }
        return n.asText();
    }
}
