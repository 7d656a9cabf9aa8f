package org.caravan.core.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import org.caravan.core.client.CancelToken;
import org.caravan.keyring.key.Fingerprint;
import org.caravan.keyring.trust.LocalOverride;
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

    static void answer(ClientService client, ObjectNode request, BufferedReader in, Writer out) throws IOException {
        String method = request.path("method").asText("");
        JsonNode a = request.path("args");
        InstallProgress progress = new InstallProgress() {
            @Override
            public void update(String stage, double fraction) {
                ObjectNode p = Wire.message("progress");
                p.put("stage", stage);
                p.put("fraction", fraction);
                send(p);
            }

            @Override
            public void transfer(long bytes, long totalBytes, long bytesPerSecond, int peers) {
                ObjectNode p = Wire.message("transfer");
                p.put("bytes", bytes);
                p.put("totalBytes", totalBytes);
                p.put("bytesPerSecond", bytesPerSecond);
                p.put("peers", peers);
                send(p);
            }

            private void send(ObjectNode p) {
                try {
                    Wire.send(out, p);
                } catch (IOException e) {
                    // the caller hung up; the install goes on (or is cancelled) and its result is kept
                }
            }
        };
        Object value;
        try {
            value = switch (method) {
                case "apps" -> client.apps();
                case "keywords" -> client.keywords();
                case "licences" -> client.licences();
                case "licence" -> client.licence(text(a, "appId")).orElse(null);
                case "storePeers" -> client.storePeers(text(a, "storeKey"));
                case "firstApps" -> client.apps(a.path("limit").asInt(50));
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
                case "appPage" -> client.appPage(text(a, "appId")).orElse(null);
                case "icon" -> client.icon(text(a, "appId"));
                case "installVersion" -> client.install(text(a, "appId"),
                        a.path("version").isTextual() ? a.path("version").asText() : null, progress, cancelOnHangUp(in));
                case "plugins" -> client.plugins();
                case "setPluginEnabled" -> {
                    client.setPluginEnabled(text(a, "pluginId"), a.path("enabled").asBoolean());
                    yield null;
                }
                case "roots" -> client.roots();
                case "overrides" -> client.overrides();
                case "trustKeyForApp" -> {
                    client.trustKeyForApp(new Fingerprint(text(a, "key")), text(a, "appId"));
                    yield null;
                }
                case "distrustKey" -> {
                    client.distrustKey(new Fingerprint(text(a, "key")));
                    yield null;
                }
                case "forgetOverrides" -> client.forgetOverrides(new Fingerprint(text(a, "key")));
                case "previewOverrides" -> {
                    List<LocalOverride> overrides = new ArrayList<>();
                    for (JsonNode o : a.path("overrides")) {
                        overrides.add(Wire.decode(o, LocalOverride.class));
                    }
                    yield client.previewOverrides(overrides);
                }
                case "network" -> client.network();
                case "setNetwork" -> {
                    client.setNetwork(Wire.decode(a.path("config"), org.caravan.core.net.NetworkConfig.class));
                    yield null;
                }
                case "launchPlan" -> client.launchPlan(text(a, "appId"));
                case "seeding" -> client.seeding();
                case "setSeeding" -> {
                    client.setSeeding(a.path("on").asBoolean());
                    yield null;
                }
                case "uploadLimitKib" -> client.uploadLimitKib();
                case "setUploadLimit" -> {
                    client.setUploadLimit(a.path("kibPerSecond").asLong());
                    yield null;
                }
                case "autoUpdate" -> client.autoUpdate();
                case "setAutoUpdate" -> {
                    client.setAutoUpdate(a.path("on").asBoolean());
                    yield null;
                }
                case "setSyncInterval" -> {
                    client.setSyncInterval(java.time.Duration.ofSeconds(a.path("seconds").asLong()));
                    yield null;
                }
                default -> throw new UnsupportedOperationException("no method '" + method + "' in version "
                        + Wire.VERSION + " of the local channel");
            };
        } catch (RuntimeException | IOException e) {
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

    /**
     * A caller that cancels its install hangs up: the end of its stream cancels the install (which stops at its
     * next poll and leaves the installed state as it was).
     */
    private static CancelToken cancelOnHangUp(BufferedReader in) {
        CancelToken token = new CancelToken();
        Thread t = new Thread(() -> {
            try {
                while (in.readLine() != null) {
                    // the caller sends nothing more; the end of its stream is what matters
                }
            } catch (IOException e) {
                // closed: the same as a hang-up
            }
            token.cancel();
        }, "caravan-service-cancel");
        t.setDaemon(true);
        t.start();
        return token;
    }

    private static String text(JsonNode args, String name) {
        JsonNode n = args.get(name);
        if (n == null || !n.isTextual()) {
            throw new IllegalArgumentException("the call needs the argument '" + name + "'");
        }
        return n.asText();
    }
}
