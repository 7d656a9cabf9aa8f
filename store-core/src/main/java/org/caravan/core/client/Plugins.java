package org.caravan.core.client;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.caravan.core.pkg.Manifest;
import org.caravan.core.pkg.PackageType;
import org.caravan.core.pkg.PluginSpec;
import org.caravan.core.pkg.Version;
import org.caravan.core.plugin.PluginException;
import org.caravan.core.plugin.PluginLoader;
import org.caravan.core.plugin.api.AppPageContext;
import org.caravan.core.plugin.api.AppPagePanel;
import org.caravan.keyring.trust.TrustDecision;

/**
 * The installed plugins: which may be loaded (trusted now, enabled, with a plugin section, made for this
 * client), loading them on first use in their own class loaders, and calling them with a time limit. A
 * plugin that fails to load or to answer is reported, never thrown.
 */
final class Plugins implements AutoCloseable {
    /** The client's own version, compared with a manifest's {@code requiresClient}. */
    static final Version CLIENT_VERSION = Version.parse("0.1.0");
    static final Duration CALL_LIMIT = Duration.ofSeconds(2);
    private static final String DISABLED = "plugin.disabled.";

    private final Clock clock;
    private final ClientDatabase db;
    private final InstalledTable installed;
    private final Installer installer;
    private final PluginLoader loader = new PluginLoader();
    /** Loaded instances (or their load failure) by "id version": a plugin is loaded once per version. */
    private final Map<String, Object> loaded = new ConcurrentHashMap<>();

    Plugins(Clock clock, ClientDatabase db, InstalledTable installed, Installer installer) {
        this.clock = clock;
        this.db = db;
        this.installed = installed;
        this.installer = installer;
    }

    private record Candidate(InstalledTable.VersionRow row, Manifest manifest, PluginInfo info) {}

    List<PluginInfo> list() {
        return candidates().stream().map(Candidate::info).toList();
    }

    void setEnabled(String pluginId, boolean enabled) {
        boolean known = candidates().stream().anyMatch(c -> c.info().pluginId().equals(pluginId));
        if (!known) {
            throw new IllegalArgumentException("no installed plugin " + pluginId);
        }
        ClientService.sql(() -> {
            db.putSetting(DISABLED + pluginId, Boolean.toString(!enabled));
            return null;
        });
    }

    List<PanelText> appPagePanels(AppPageContext app) {
        List<PanelText> out = new ArrayList<>();
        for (Candidate c : candidates()) {
            if (c.info().state() != PluginInfo.State.ENABLED
                    || !PluginSpec.APP_PAGE_PANEL.equals(c.info().extensionPoint())) {
                continue;
            }
            String id = c.info().pluginId();
            Object instance = loaded.computeIfAbsent(id + " " + c.info().version(), k -> load(c));
            if (instance instanceof PluginException e) {
                out.add(new PanelText.Failed(id, e.getMessage()));
                continue;
            }
            AppPagePanel panel = (AppPagePanel) instance;
            try {
                String title = loader.call(id, panel::title, CALL_LIMIT);
                String text = loader.call(id, () -> panel.text(app), CALL_LIMIT);
                out.add(new PanelText.Shown(id, title == null ? id : title, text == null ? "" : text));
            } catch (PluginException e) {
                out.add(new PanelText.Failed(id, e.getMessage()));
            }
        }
        return out;
    }

    private Object load(Candidate c) {
        PluginSpec spec = c.manifest().plugin();
        Path dir = Path.of(c.row().record().path());
        try {
            return loader.load(c.info().pluginId(), dir.resolve(spec.classPath()), spec.mainClass(), AppPagePanel.class,
                    CALL_LIMIT).instance();
        } catch (PluginException e) {
            return e;
        }
    }

    private List<Candidate> candidates() {
        List<Candidate> out = new ArrayList<>();
        for (InstalledRecord r : ClientService.sql(installed::all)) {
            Optional<InstalledTable.VersionRow> row = ClientService.sql(() -> installed.version(r.appId(), r.version()));
            if (row.isEmpty() || row.get().manifestJson() == null) {
                continue;
            }
            Manifest m = Manifest.fromJson(row.get().manifestJson().getBytes(StandardCharsets.UTF_8));
            if (m.type() != PackageType.PLUGIN) {
                continue;
            }
            out.add(new Candidate(row.get(), m, info(row.get(), m)));
        }
        return out;
    }

    private PluginInfo info(InstalledTable.VersionRow row, Manifest m) {
        String id = m.id();
        String version = m.version().toString();
        String point = m.plugin() == null ? "" : m.plugin().extensionPoint();
        if (m.plugin() == null) {
            return new PluginInfo(id, version, point, PluginInfo.State.REFUSED, "its manifest has no plugin section");
        }
        if (m.requiresClient() != null && m.requiresClient().compareTo(CLIENT_VERSION) > 0) {
            return new PluginInfo(id, version, point, PluginInfo.State.REFUSED, "needs Caravan " + m.requiresClient()
                    + " or newer (this is " + CLIENT_VERSION + ")");
        }
        // The same decision as for running an app, made now: a revocation synced since install stops it.
        TrustDecision d = installer.decideInstalled(row, clock.instant());
        if (d instanceof TrustDecision.Refused r) {
            return new PluginInfo(id, version, point, PluginInfo.State.REFUSED,
                    (r.spurious() ? "spurious: " : "not trusted: ") + r.explain());
        }
        boolean disabled = ClientService.sql(() -> db.setting(DISABLED + id)).map(Boolean::parseBoolean).orElse(false);
        return disabled
                ? new PluginInfo(id, version, point, PluginInfo.State.DISABLED, "disabled by the user")
                : new PluginInfo(id, version, point, PluginInfo.State.ENABLED, d.explain());
    }

    @Override
    public void close() {
        loader.close();
    }
}
