package org.caravan.core.client;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.caravan.core.catalog.Release;
import org.caravan.core.pkg.Version;
import org.caravan.keyring.trust.TrustDecision;

/**
 * Tells the faces when something changed what the installed apps are worth to the user: an installed version
 * that lost its trust ({@link ClientEvent.AppTurnedSpurious}) or a newer trusted release in its store
 * ({@link ClientEvent.UpdateAvailable}). It compares what it saw before a change (a sync, an install, a trust
 * override) with what holds after it, so an app that was already spurious before is not told again at every
 * sync; and it remembers what it told in this process, so two changes that overlap tell it once.
 */
final class InstalledWatch {
    /** What the user would want to hear about one installed app. */
    record Standing(String storeKey, String version, String distrust, String newestTrusted) {}

    private final ClientDatabase db;
    private final InstalledTable installed;
    private final TrustView trust;
    private final Installer installer;
    private final Clock clock;
    private final Consumer<ClientEvent> publish;
    /** App id -> the installed version told as distrusted (until it is trusted again or changes). */
    private final Map<String, String> toldDistrust = new ConcurrentHashMap<>();
    /** App id -> the newest version told as an update. */
    private final Map<String, String> toldUpdate = new ConcurrentHashMap<>();

    InstalledWatch(ClientDatabase db, InstalledTable installed, TrustView trust, Installer installer, Clock clock,
            Consumer<ClientEvent> publish) {
        this.db = db;
        this.installed = installed;
        this.trust = trust;
        this.installer = installer;
        this.clock = clock;
        this.publish = publish;
    }

    /** The standing of every installed app now (app id -> standing). */
    Map<String, Standing> snapshot() {
        Instant now = clock.instant();
        Map<String, Standing> out = new HashMap<>();
        for (InstalledRecord r : ClientService.sql(installed::all)) {
            standing(r, now).ifPresent(s -> out.put(r.appId(), s));
        }
        return out;
    }

    private Optional<Standing> standing(InstalledRecord r, Instant now) {
        Optional<InstalledTable.VersionRow> row = ClientService.sql(() -> installed.version(r.appId(), r.version()));
        if (row.isEmpty()) {
            return Optional.empty(); // removed between the two reads
        }
        TrustDecision d = installer.decideInstalled(row.get(), now);
        String distrust = d instanceof TrustDecision.Refused refused ? refused.explain() : null;
        String newest = null;
        Optional<ClientDatabase.StoredApp> app = ClientService.sql(() -> db.app(r.storeKey(), r.appId()));
        if (app.isPresent()) {
            Version current = Version.parse(r.version());
            List<Release> newer = app.get().releases().stream()
                    .filter(rel -> Version.parse(rel.version()).compareTo(current) > 0)
                    .sorted(Comparator.comparing((Release rel) -> Version.parse(rel.version())).reversed())
                    .toList();
            for (Release rel : newer) {
                if (trust.decideClaimed(r.storeKey(), r.appId(), app.get().category(), rel, now)
                        instanceof TrustDecision.Trusted) {
                    newest = rel.version();
                    break;
                }
            }
        }
        return Optional.of(new Standing(r.storeKey(), r.version(), distrust, newest));
    }

    /**
     * Publishes what changed from {@code before} to now and returns the new standing (the baseline of the next
     * comparison). An app absent from {@code before} (installed meanwhile) counts as trusted with no update known.
     */
    Map<String, Standing> tell(Map<String, Standing> before) {
        Map<String, Standing> after = snapshot();
        Instant at = clock.instant();
        for (Map.Entry<String, Standing> e : after.entrySet()) {
            String appId = e.getKey();
            Standing now = e.getValue();
            Standing was = before.get(appId);
            if (now.distrust() == null) {
                toldDistrust.remove(appId);
            } else if ((was == null || was.distrust() == null || !was.version().equals(now.version()))
                    && !now.version().equals(toldDistrust.put(appId, now.version()))) {
                publish.accept(new ClientEvent.AppTurnedSpurious(at, appId, now.version(), now.distrust()));
            }
            if (now.newestTrusted() != null
                    && (was == null || !now.newestTrusted().equals(was.newestTrusted()))
                    && !now.newestTrusted().equals(toldUpdate.put(appId, now.newestTrusted()))) {
                publish.accept(new ClientEvent.UpdateAvailable(at, appId, now.version(), now.newestTrusted()));
            }
        }
        return after;
    }

    /** After {@code appId} was installed or updated: tells it at once if the version now in use is not trusted. */
    void installed(String appId) {
        Optional<InstalledRecord> r = ClientService.sql(() -> installed.installed(appId));
        if (r.isEmpty()) {
            return;
        }
        toldUpdate.remove(appId);
        Optional<Standing> s = standing(r.get(), clock.instant());
        if (s.isPresent() && s.get().distrust() != null) {
            if (!s.get().version().equals(toldDistrust.put(appId, s.get().version()))) {
                publish.accept(new ClientEvent.AppTurnedSpurious(clock.instant(), appId, s.get().version(),
                        s.get().distrust()));
            }
        } else {
            toldDistrust.remove(appId);
        }
    }
}
