package org.caravan.core.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.caravan.core.client.AppChange;
import org.caravan.core.client.AppPage;
import org.caravan.core.client.CancelToken;
import org.caravan.core.client.PluginInfo;
import org.caravan.core.client.StoreRoot;
import org.caravan.core.net.NetworkConfig;
import org.caravan.keyring.key.Fingerprint;
import org.caravan.keyring.trust.LocalOverride;
import org.caravan.core.client.AppEntry;
import org.caravan.core.client.CaravanClient;
import org.caravan.core.client.InstallOutcome;
import org.caravan.core.client.InstallProgress;
import org.caravan.core.client.PanelText;
import org.caravan.core.client.StoreRecord;
import org.caravan.core.client.SyncReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CaravanClient} answered by the service of a home over its socket: what a window uses when another
 * process already serves the home. Each call is one connection (calls may run in parallel, as on the embedded
 * client); events come on one long connection. Syncing on a schedule is the service's job: {@link #startAutoSync}
 * only hands the service's sync reports to the listener.
 */
public final class RemoteClient implements CaravanClient {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteClient.class);

    private final Path home;
    private final CopyOnWriteArrayList<Consumer<org.caravan.core.client.ClientEvent>> listeners = new CopyOnWriteArrayList<>();
    private volatile Consumer<List<SyncReport>> syncListener;
    private volatile SocketChannel events;
    /** Counted down when the service says this face's event stream is registered ("watching"). */
    private final java.util.concurrent.CountDownLatch watching = new java.util.concurrent.CountDownLatch(1);

    private RemoteClient(Path home) {
        this.home = home.toAbsolutePath();
    }

    /** The client of the service running on {@code home}; empty when none answers. */
    public static Optional<RemoteClient> connect(Path home) {
        Optional<SocketChannel> probe = ServiceSocket.connect(home);
        if (probe.isEmpty()) {
            return Optional.empty();
        }
        try {
            probe.get().close();
        } catch (IOException e) {
            // only a probe
        }
        RemoteClient c = new RemoteClient(home);
        c.listenForEvents();
        return Optional.of(c);
    }

    public Path home() {
        return home;
    }

    /**
     * Waits until the service has registered this face's event stream (an event published after that reaches the
     * listeners), at most {@code timeout}; false when it did not in time.
     */
    public boolean awaitEventStream(java.time.Duration timeout) throws InterruptedException {
        return watching.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Tells {@code listener} each event of the home as the service reports it; returns what removes it. */
    public Runnable addEventListener(Consumer<org.caravan.core.client.ClientEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void listenForEvents() {
        Thread t = new Thread(() -> {
            try (SocketChannel ch = ServiceSocket.connect(home).orElseThrow(
                    () -> new IOException("the service of " + home + " stopped"))) {
                events = ch;
                BufferedReader in = reader(ch);
                Wire.send(writer(ch), Wire.request("events"));
                ObjectNode m;
                while ((m = Wire.receive(in)) != null) {
                    if (m.get("type").asText().equals("watching")) {
                        watching.countDown();
                    }
                    if (!m.get("type").asText().equals("event")) {
                        continue;
                    }
                    JsonNode e = m.get("event");
                    org.caravan.core.client.ClientEvent event = switch (e.path("kind").asText()) {
                        case "sync-done" -> Wire.decode(e, org.caravan.core.client.ClientEvent.SyncDone.class);
                        case "app-spurious" -> Wire.decode(e, org.caravan.core.client.ClientEvent.AppTurnedSpurious.class);
                        case "update-available" -> Wire.decode(e, org.caravan.core.client.ClientEvent.UpdateAvailable.class);
                        case "progress" -> Wire.decode(e, org.caravan.core.client.ClientEvent.Progress.class);
                        case "app-changed" -> Wire.decode(e, org.caravan.core.client.ClientEvent.AppChanged.class);
                        case "licence-added" -> Wire.decode(e, org.caravan.core.client.ClientEvent.LicenceAdded.class);
                        default -> null; // a kind a newer service added
                    };
                    if (event == null) {
                        continue;
                    }
                    for (var l : listeners) {
                        l.accept(event);
                    }
                    Consumer<List<SyncReport>> s = syncListener;
                    if (s != null && event instanceof org.caravan.core.client.ClientEvent.SyncDone done) {
                        s.accept(List.of(done.report()));
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("events from the service of {} ended: {}", home, e.toString());
            }
        }, "caravan-remote-events");
        t.setDaemon(true);
        t.start();
    }

    private static BufferedReader reader(SocketChannel ch) {
        return new BufferedReader(new InputStreamReader(ChannelStreams.in(ch), StandardCharsets.UTF_8));
    }

    private static Writer writer(SocketChannel ch) {
        return new OutputStreamWriter(ChannelStreams.out(ch), StandardCharsets.UTF_8);
    }

    /** One call: sends it, passes progress on, returns the result's value or throws what the method threw. */
    private JsonNode call(String method, ObjectNode args, InstallProgress progress) {
        return call(method, args, progress, CancelToken.NONE);
    }

    /** As above; cancelling {@code cancel} hangs up, which cancels the call's install on the service. */
    private JsonNode call(String method, ObjectNode args, InstallProgress progress, CancelToken cancel) {
        try (SocketChannel ch = ServiceSocket.connect(home).orElseThrow(() -> new IOException(
                "the Caravan service of " + home + " does not answer any more; start it again: caravan client service start"))) {
            if (cancel != CancelToken.NONE) {
                Thread watcher = new Thread(() -> {
                    try {
                        while (ch.isOpen() && !cancel.isCancelled()) {
                            Thread.sleep(100);
                        }
                        if (cancel.isCancelled()) {
                            ch.shutdownOutput();
                        }
                    } catch (InterruptedException | IOException e) {
                        // the call ended first
                    }
                }, "caravan-remote-cancel");
                watcher.setDaemon(true);
                watcher.start();
            }
            ObjectNode request = Wire.request("call");
            request.put("method", method);
            request.set("args", args == null ? Wire.JSON.createObjectNode() : args);
            Wire.send(writer(ch), request);
            BufferedReader in = reader(ch);
            ObjectNode m;
            while ((m = Wire.receive(in)) != null) {
                switch (m.get("type").asText()) {
                    case "progress" -> progress.update(m.path("stage").asText(), m.path("fraction").asDouble());
                    case "transfer" -> progress.transfer(m.path("bytes").asLong(), m.path("totalBytes").asLong(),
                            m.path("bytesPerSecond").asLong(), m.path("peers").asInt());
                    case "result" -> {
                        return m.get("value");
                    }
                    case "error" -> {
                        String message = m.path("message").asText();
                        throw switch (m.path("exception").asText("")) {
                            case "argument" -> new IllegalArgumentException(message);
                            case "state" -> new IllegalStateException(message);
                            default -> new IllegalStateException(message);
                        };
                    }
                    default -> { } // a message a newer service added
                }
            }
            throw new IOException("the Caravan service of " + home + " hung up during " + method);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private JsonNode call(String method, ObjectNode args) {
        return call(method, args, InstallProgress.NONE);
    }

    private static ObjectNode args(String... nameValue) {
        ObjectNode n = Wire.JSON.createObjectNode();
        for (int i = 0; i < nameValue.length; i += 2) {
            n.put(nameValue[i], nameValue[i + 1]);
        }
        return n;
    }

    private static <T> List<T> list(JsonNode array, Class<T> type) {
        List<T> out = new ArrayList<>();
        try {
            for (JsonNode n : array) {
                out.add(Wire.decode(n, type));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static <T> T one(JsonNode n, Class<T> type) {
        try {
            return Wire.decode(n, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<AppEntry> apps() {
        return list(call("apps", null), AppEntry.class);
    }

    @Override
    public Optional<org.caravan.core.client.AppLicence> licence(String appId) {
        JsonNode n = call("licence", args("appId", appId));
        return n == null || n.isNull() || n.isMissingNode() ? Optional.empty()
                : Optional.of(one(n, org.caravan.core.client.AppLicence.class));
    }

    @Override
    public List<org.caravan.core.client.AppLicence> licences() {
        return list(call("licences", null), org.caravan.core.client.AppLicence.class);
    }

    @Override
    public java.util.Map<String, String> keywords() {
        java.util.Map<String, String> out = new java.util.HashMap<>();
        JsonNode n = call("keywords", null);
        if (n != null) {
            n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    @Override
    public int storePeers(String storeKey) {
        return call("storePeers", args("storeKey", storeKey)).asInt(-1);
    }

    @Override
    public List<AppEntry> apps(int limit) {
        ObjectNode a = Wire.JSON.createObjectNode();
        a.put("limit", limit);
        return list(call("firstApps", a), AppEntry.class);
    }

    @Override
    public List<AppEntry> search(String text, String category, int limit) {
        ObjectNode a = args("text", text == null ? "" : text);
        a.put("category", category);
        a.put("limit", limit);
        return list(call("search", a), AppEntry.class);
    }

    @Override
    public boolean subscribe(String magnet) {
        return call("subscribe", args("magnet", magnet)).asBoolean();
    }

    @Override
    public List<StoreRecord> stores() {
        return list(call("stores", null), StoreRecord.class);
    }

    @Override
    public StoreRecord unsubscribe(String storeKey) {
        return one(call("unsubscribe", args("storeKey", storeKey)), StoreRecord.class);
    }

    @Override
    public List<SyncReport> sync() {
        return list(call("sync", null), SyncReport.class);
    }

    @Override
    public Duration syncInterval() {
        return Duration.ofSeconds(call("syncInterval", null).asLong());
    }

    @Override
    public void startAutoSync(Duration interval, Consumer<List<SyncReport>> listener) {
        syncListener = listener;
    }

    @Override
    public void stopAutoSync() {
        syncListener = null;
    }

    @Override
    public InstallOutcome install(String appId, InstallProgress progress) {
        return one(call("install", args("appId", appId), progress), InstallOutcome.class);
    }

    @Override
    public InstallOutcome update(String appId, InstallProgress progress) {
        return one(call("update", args("appId", appId), progress), InstallOutcome.class);
    }

    @Override
    public AppChange rollback(String appId) {
        return one(call("rollback", args("appId", appId)), AppChange.class);
    }

    @Override
    public AppChange remove(String appId) {
        return one(call("remove", args("appId", appId)), AppChange.class);
    }

    @Override
    public Optional<String> previousVersion(String appId) {
        JsonNode v = call("previousVersion", args("appId", appId));
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    @Override
    public List<PanelText> appPagePanels(AppEntry app) {
        return list(call("appPagePanels", args("appId", app.appId())), PanelText.class);
    }

    @Override
    public Optional<AppPage> appPage(String appId) {
        return Optional.ofNullable(one(call("appPage", args("appId", appId)), AppPage.class));
    }

    @Override
    public byte[] icon(String appId) {
        JsonNode n = call("icon", args("appId", appId));
        try {
            return n == null || n.isNull() ? new byte[0] : n.binaryValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public InstallOutcome install(String appId, String version, InstallProgress progress, CancelToken cancel) {
        ObjectNode a = args("appId", appId);
        a.put("version", version);
        return one(call("installVersion", a, progress, cancel), InstallOutcome.class);
    }

    @Override
    public List<PluginInfo> plugins() {
        return list(call("plugins", null), PluginInfo.class);
    }

    @Override
    public void setPluginEnabled(String pluginId, boolean enabled) {
        ObjectNode a = args("pluginId", pluginId);
        a.put("enabled", enabled);
        call("setPluginEnabled", a);
    }

    @Override
    public List<StoreRoot> roots() {
        return list(call("roots", null), StoreRoot.class);
    }

    @Override
    public List<LocalOverride> overrides() {
        return list(call("overrides", null), LocalOverride.class);
    }

    @Override
    public void trustKeyForApp(Fingerprint key, String appId) {
        call("trustKeyForApp", args("key", key.hex(), "appId", appId));
    }

    @Override
    public void distrustKey(Fingerprint key) {
        call("distrustKey", args("key", key.hex()));
    }

    @Override
    public int forgetOverrides(Fingerprint key) {
        return call("forgetOverrides", args("key", key.hex())).asInt();
    }

    @Override
    public List<AppEntry> previewOverrides(List<LocalOverride> overrides) {
        ObjectNode a = Wire.JSON.createObjectNode();
        var array = a.putArray("overrides");
        overrides.forEach(o -> array.add(Wire.encode(o)));
        return list(call("previewOverrides", a), AppEntry.class);
    }

    @Override
    public NetworkConfig network() {
        return one(call("network", null), NetworkConfig.class);
    }

    @Override
    public void setNetwork(NetworkConfig config) {
        ObjectNode a = Wire.JSON.createObjectNode();
        a.set("config", Wire.encode(config));
        call("setNetwork", a);
    }

    @Override
    public org.caravan.core.client.LaunchPlan launchPlan(String appId) {
        return one(call("launchPlan", args("appId", appId)), org.caravan.core.client.LaunchPlan.class);
    }

    @Override
    public boolean seeding() {
        return call("seeding", null).asBoolean();
    }

    @Override
    public void setSeeding(boolean on) {
        ObjectNode a = Wire.JSON.createObjectNode();
        a.put("on", on);
        call("setSeeding", a);
    }

    @Override
    public long uploadLimitKib() {
        return call("uploadLimitKib", null).asLong();
    }

    @Override
    public void setUploadLimit(long kibPerSecond) {
        ObjectNode a = Wire.JSON.createObjectNode();
        a.put("kibPerSecond", kibPerSecond);
        call("setUploadLimit", a);
    }

    @Override
    public boolean autoUpdate() {
        return call("autoUpdate", null).asBoolean();
    }

    @Override
    public void setAutoUpdate(boolean on) {
        ObjectNode a = Wire.JSON.createObjectNode();
        a.put("on", on);
        call("setAutoUpdate", a);
    }

    @Override
    public void setSyncInterval(Duration interval) {
        ObjectNode a = Wire.JSON.createObjectNode();
        a.put("seconds", interval.toSeconds());
        call("setSyncInterval", a);
    }

    /** Stops listening; the service and the home go on. */
    @Override
    public void close() {
        SocketChannel ch = events;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
