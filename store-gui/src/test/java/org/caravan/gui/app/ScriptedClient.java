package org.caravan.gui.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.caravan.core.client.AppEntry;
import org.caravan.core.client.CaravanClient;
import org.caravan.core.client.InstallOutcome;
import org.caravan.core.client.InstallProgress;
import org.caravan.core.client.TrustState;

/**
 * A {@link CaravanClient} that plays a script, until the real client exists: a fixed list of apps and,
 * per app id, what an install does. A successful install marks the app installed, as a real client's
 * database would. Thread-safe like the real one.
 */
public final class ScriptedClient implements CaravanClient {

    /** What one install does: report progress, maybe wait, then return or throw. */
    @FunctionalInterface
    public interface Script {
        InstallOutcome run(String appId, InstallProgress progress) throws InterruptedException;
    }

    /** Holds an install in the middle until the test lets it go on. */
    public static final class Gate {
        private final CountDownLatch latch = new CountDownLatch(1);

        public void open() {
            latch.countDown();
        }

        void pass() throws InterruptedException {
            if (!latch.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("gate never opened");
            }
        }
    }

    public static final String STORE = "Caravan Main";
    public static final String ALICE = "Alice Developer <alice@caravan.test>";
    public static final String ALICE_FPR = "0A1B2C3D4E5F60718293A4B5C6D7E8F901234567";
    public static final String MALLORY = "Mallory Revoked <mallory@caravan.test>";
    public static final String MALLORY_FPR = "FEDCBA98765432100123456789ABCDEF0A0B0C0D";
    public static final String NEWCOMER = "Nina Newcomer <nina@caravan.test>";
    public static final String NEWCOMER_FPR = "1111222233334444555566667777888899990000";

    public static final AppEntry NOTES = new AppEntry(STORE, "notes", "Notes", "Plain text notes", "office",
            "1.2.0", ALICE, ALICE_FPR, TrustState.TRUSTED, null,
            "Trusted: store root → Max Maintainer (global, level 2) certified Alice Developer for app:notes.");
    public static final AppEntry PAINT = new AppEntry(STORE, "paint", "Paint", "Raster drawing", "graphics",
            "2.0.1", MALLORY, MALLORY_FPR, TrustState.SPURIOUS, "2.0.0",
            "Spurious: Mallory's key was revoked (key compromised) on 2026-03-01; every release it signed is void.");
    public static final AppEntry CHESS = new AppEntry(STORE, "chess", "Chess", "Play against the engine", "games",
            "0.9.0", NEWCOMER, NEWCOMER_FPR, TrustState.REFUSED, null,
            "Refused: Nina Newcomer is not certified for app:chess and has 1 of 3 required co-signatures.");
    public static final AppEntry MAPS = new AppEntry("Field Tools", "maps", "Maps", "Offline maps", "travel",
            "3.1.0", ALICE, ALICE_FPR, TrustState.STALE, null,
            "Stale: the catalog of Field Tools expired on 2026-10-01; installs wait for the next sync.");
    public static final AppEntry CALC = new AppEntry(STORE, "calc", "Calc", "A calculator", "office",
            "1.0.0", ALICE, ALICE_FPR, TrustState.TRUSTED, "1.0.0",
            "Trusted: store root → Max Maintainer (global, level 2) certified Alice Developer for category:office.");

    private final List<AppEntry> apps = new ArrayList<>();
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final CountDownLatch closed = new CountDownLatch(1);

    public ScriptedClient(List<AppEntry> apps) {
        this.apps.addAll(apps);
    }

    /** Two stores, one app in each trust state, one of them installed at its newest version. */
    public static ScriptedClient sample() {
        return new ScriptedClient(List.of(NOTES, PAINT, CHESS, MAPS, CALC));
    }

    public synchronized void add(AppEntry app) {
        apps.add(app);
    }

    public ScriptedClient onInstall(String appId, Script script) {
        scripts.put(appId, script);
        return this;
    }

    public static InstallOutcome.Installed installed(AppEntry app) {
        return new InstallOutcome.Installed(app.appId(), app.version(),
                Path.of("/home/user/.caravan/apps", app.appId(), app.version()), app.explanation());
    }

    @Override
    public synchronized List<AppEntry> apps() {
        if (closed.getCount() == 0) {
            throw new IllegalStateException("client is closed");
        }
        return List.copyOf(apps);
    }

    @Override
    public InstallOutcome install(String appId, InstallProgress progress) {
        Script script = scripts.get(appId);
        if (script == null) {
            return new InstallOutcome.Failed(appId, "no install scripted for " + appId);
        }
        InstallOutcome outcome;
        try {
            outcome = script.run(appId, progress);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new InstallOutcome.Failed(appId, "interrupted");
        }
        if (outcome instanceof InstallOutcome.Installed done) {
            markInstalled(appId, done.version());
        }
        return outcome;
    }

    private synchronized void markInstalled(String appId, String version) {
        apps.replaceAll(app -> !app.appId().equals(appId) ? app : new AppEntry(app.storeName(), app.appId(),
                app.name(), app.summary(), app.category(), app.version(), app.signerUserId(),
                app.signerFingerprint(), app.state(), version, app.explanation()));
    }

    @Override
    public void close() {
        closed.countDown();
    }

    public boolean isClosed() {
        return closed.getCount() == 0;
    }

    /** Lets an install wait for {@code gate}; for scripts. */
    public static void await(Gate gate) throws InterruptedException {
        gate.pass();
    }
}
