package org.caravan.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.caravan.core.store.StoreServer;
import org.caravan.core.testing.LoopbackNetworkTest;
import org.caravan.core.testing.StoreFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Many requests on one client at once, as the per-user service runs them: each either proceeds or is refused
 * with a reason naming the app or store, and the home is left consistent (installed set exact, one folder per
 * kept version, staging empty). The overlap is forced: the first request is held at a named step until the
 * second has been answered.
 */
class ConcurrentRequestsIT extends LoopbackNetworkTest {
    static final String HELLO = "org.example.hello";
    static final String EDITOR = "org.example.editor";
    /** How long a held request may wait before the test gives up on it (a hang, not a measure). */
    static final long GIVE_UP_SECONDS = 120;

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private StoreFixture f;
    private StoreServer server;

    /** Holds the first request that reaches {@code step} until {@link #release}. */
    private static final class Hold implements Installer.StepHook {
        final String step;
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch go = new CountDownLatch(1);
        final AtomicBoolean taken = new AtomicBoolean();

        Hold(String step) {
            this.step = step;
            Installer.hook = this;
        }

        @Override
        public void reached(String s) {
            if (s.equals(step) && taken.compareAndSet(false, true)) {
                reached.countDown();
                try {
                    go.await(GIVE_UP_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        void awaitHeld() throws InterruptedException {
            assertTrue(reached.await(GIVE_UP_SECONDS, TimeUnit.SECONDS), "no request reached " + step);
        }

        void release() {
            go.countDown();
        }
    }

    @BeforeEach
    void store() throws Exception {
        f = StoreFixture.create(tmp.resolve("s"));
        f.addApp(HELLO, "1.0.0", "utilities");
        f.addApp(EDITOR, "1.0.0", "editors");
        server = new StoreServer(f.store, storeNode, StoreFixture.CLOCK);
        server.step();
    }

    @AfterEach
    void stopThreads() {
        Installer.hook = step -> { };
        threads.shutdownNow();
    }

    private ClientService subscribed(Path home) throws Exception {
        ClientService c = client(home, StoreFixture.CLOCK);
        c.subscribe(f.store.magnet());
        assertEquals(SyncReport.Outcome.UPDATED, syncOnly(c).outcome());
        return c;
    }

    private static <T> T done(Future<T> f) throws Exception {
        return f.get(GIVE_UP_SECONDS, TimeUnit.SECONDS);
    }

    private static List<String> list(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The home agrees with itself: the folders under apps/ are the installed versions, staging is empty. */
    private static void consistent(ClientService c, Path home, List<String> installed) throws Exception {
        assertEquals(installed, c.installedApps().stream().map(r -> r.appId() + " " + r.version()).toList());
        for (InstalledRecord r : c.installedApps()) {
            assertTrue(list(home.resolve("apps").resolve(r.appId())).contains(r.version()), r.toString());
        }
        assertEquals(c.installedApps().stream().map(InstalledRecord::appId).toList(), list(home.resolve("apps")));
        assertEquals(List.of(), list(home.resolve("staging")), "staging is not empty");
    }

    @Test
    void aSecondInstallOfTheSameAppIsRefusedWhileTheFirstRunsAndOtherRequestsAreNotHeldUp() throws Exception {
        Path home = tmp.resolve("home");
        try (ClientService c = subscribed(home)) {
            List<ClientEvent> heard = new CopyOnWriteArrayList<>();
            c.addEventListener(heard::add);
            Hold hold = new Hold("downloaded");
            Future<InstallOutcome> first = threads.submit(() -> c.install(HELLO, InstallProgress.NONE));
            hold.awaitHeld();

            InstallOutcome second = c.install(HELLO, InstallProgress.NONE);
            InstallOutcome.Failed refused = assertInstanceOf(InstallOutcome.Failed.class, second, second.message());
            assertEquals("org.example.hello is being installed by another request; try again when it finishes",
                    refused.reason());
            // The window installs through its cancellable call: held by the same rule.
            InstallOutcome fromWindow = c.install(HELLO, null, InstallProgress.NONE, new CancelToken());
            assertEquals("org.example.hello is being installed by another request; try again when it finishes",
                    assertInstanceOf(InstallOutcome.Failed.class, fromWindow, fromWindow.message()).reason());
            AppChange remove = c.remove(HELLO);
            assertTrue(assertInstanceOf(AppChange.Refused.class, remove).reason().contains("being installed"),
                    remove.message());
            // The long install holds its app only: another app installs, and the list answers.
            assertInstanceOf(InstallOutcome.Installed.class, c.install(EDITOR, InstallProgress.NONE));
            assertEquals(List.of(EDITOR, HELLO), c.apps().stream().map(AppEntry::appId).sorted().toList());

            hold.release();
            InstallOutcome o = done(first);
            assertInstanceOf(InstallOutcome.Installed.class, o, o.message());
            consistent(c, home, List.of(EDITOR + " 1.0.0", HELLO + " 1.0.0"));
            assertEquals(List.of("1.0.0"), list(home.resolve("apps").resolve(HELLO)));
            // Every face heard the refusal and the install, each for what it was.
            List<ClientEvent.AppChanged> changes = heard.stream().filter(ClientEvent.AppChanged.class::isInstance)
                    .map(ClientEvent.AppChanged.class::cast).filter(e -> e.appId().equals(HELLO)).toList();
            assertEquals(List.of("install false", "install false", "remove false", "install true"),
                    changes.stream().map(e -> e.action() + " " + e.ok()).toList());
        }
        try (ClientService again = client(home, StoreFixture.CLOCK)) {
            consistent(again, home, List.of(EDITOR + " 1.0.0", HELLO + " 1.0.0"));
        }
    }

    @Test
    void anInstallDuringASyncProceedsAndTheSyncThenOffersTheUpdate() throws Exception {
        Path home = tmp.resolve("home");
        try (ClientService c = subscribed(home)) {
            List<ClientEvent> heard = new CopyOnWriteArrayList<>();
            c.addEventListener(heard::add);
            f.addApp(HELLO, "2.0.0", "utilities");
            server.step();
            Hold hold = new Hold(ClientService.SYNCING);
            Future<List<SyncReport>> sync = threads.submit(c::sync);
            hold.awaitHeld();

            // The sync holds its lock, not the app: the install runs now, from the catalog the client holds.
            InstallOutcome o = c.install(HELLO, InstallProgress.NONE);
            InstallOutcome.Installed installed = assertInstanceOf(InstallOutcome.Installed.class, o, o.message());
            assertEquals("1.0.0", installed.version());

            hold.release();
            assertEquals(SyncReport.Outcome.UPDATED, done(sync).get(0).outcome());
            AppEntry hello = c.apps().stream().filter(a -> a.appId().equals(HELLO)).findFirst().orElseThrow();
            assertEquals("2.0.0", hello.version());
            assertEquals("1.0.0", hello.installedVersion());
            List<ClientEvent.UpdateAvailable> offers = heard.stream().filter(ClientEvent.UpdateAvailable.class::isInstance)
                    .map(ClientEvent.UpdateAvailable.class::cast).toList();
            assertEquals(1, offers.size(), heard.toString());
            assertEquals("2.0.0", offers.get(0).newVersion());
            consistent(c, home, List.of(HELLO + " 1.0.0"));
        }
    }

    @Test
    void unsubscribingIsRefusedWhileAnAppOfTheStoreIsBeingInstalled() throws Exception {
        Path home = tmp.resolve("home");
        try (ClientService c = subscribed(home)) {
            Hold hold = new Hold("downloaded");
            Future<InstallOutcome> install = threads.submit(() -> c.install(HELLO, InstallProgress.NONE));
            hold.awaitHeld();

            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> c.unsubscribe(f.store.magnet().publicKeyHex()));
            assertEquals("not unsubscribed: Test Store is in use: org.example.hello is being installed from it; "
                    + "try again when it finishes", refused.getMessage());
            assertEquals(1, c.stores().size());

            hold.release();
            assertInstanceOf(InstallOutcome.Installed.class, done(install));
            consistent(c, home, List.of(HELLO + " 1.0.0"));
            // The install finished: the usual rule applies again (remove its apps first), not the busy one.
            IllegalStateException still = assertThrows(IllegalStateException.class,
                    () -> c.unsubscribe(f.store.magnet().publicKeyHex()));
            assertTrue(still.getMessage().contains("is still the store of org.example.hello"), still.getMessage());
            assertInstanceOf(AppChange.Done.class, c.remove(HELLO));
            c.unsubscribe(f.store.magnet().publicKeyHex());
            assertEquals(List.of(), c.stores());
            assertEquals(List.of(), c.apps());
            consistent(c, home, List.of());
        }
    }

    @Test
    void anInstallDuringAnUnsubscriptionIsRefusedAndLeavesNothingBehind() throws Exception {
        Path home = tmp.resolve("home");
        try (ClientService c = subscribed(home)) {
            Hold hold = new Hold(ClientService.UNSUBSCRIBING);
            Future<StoreRecord> unsubscribe = threads.submit(() -> c.unsubscribe(f.store.magnet().publicKeyHex()));
            hold.awaitHeld();

            InstallOutcome o = c.install(HELLO, InstallProgress.NONE);
            InstallOutcome.Failed refused = assertInstanceOf(InstallOutcome.Failed.class, o, o.message());
            assertEquals("Test Store is being unsubscribed by another request; nothing of it can be installed or "
                    + "synced now", refused.reason());

            hold.release();
            assertEquals("Test Store", done(unsubscribe).displayName());
            assertEquals(List.of(), c.stores());
            assertEquals(List.of(), c.apps());
            consistent(c, home, List.of());
            InstallOutcome after = c.install(HELLO, InstallProgress.NONE);
            assertTrue(assertInstanceOf(InstallOutcome.Failed.class, after).reason().contains("no subscribed store lists"),
                    after.message());
        }
    }

    @Test
    void updateAllDuringARemovalUpdatesTheOthersAndSaysWhichAppWasBusy() throws Exception {
        Path home = tmp.resolve("home");
        try (ClientService c = subscribed(home)) {
            assertInstanceOf(InstallOutcome.Installed.class, c.install(HELLO, InstallProgress.NONE));
            assertInstanceOf(InstallOutcome.Installed.class, c.install(EDITOR, InstallProgress.NONE));
            f.addApp(HELLO, "2.0.0", "utilities");
            f.addApp(EDITOR, "2.0.0", "editors");
            server.step();
            assertEquals(SyncReport.Outcome.UPDATED, syncOnly(c).outcome());

            Hold hold = new Hold(Installer.REMOVING);
            Future<AppChange> remove = threads.submit(() -> c.remove(HELLO));
            hold.awaitHeld();
            List<InstallOutcome> all = c.updateAll(false, InstallProgress.NONE);
            hold.release();
            assertInstanceOf(AppChange.Done.class, done(remove));

            assertEquals(2, all.size(), all.toString());
            InstallOutcome.Installed editor = assertInstanceOf(InstallOutcome.Installed.class, all.get(0),
                    all.get(0).message());
            assertEquals(EDITOR + " 2.0.0", editor.appId() + " " + editor.version());
            InstallOutcome.Failed hello = assertInstanceOf(InstallOutcome.Failed.class, all.get(1), all.get(1).message());
            assertEquals("org.example.hello is being removed by another request; try again when it finishes",
                    hello.reason());
            consistent(c, home, List.of(EDITOR + " 2.0.0"));
            assertEquals(List.of("1.0.0", "2.0.0"), list(home.resolve("apps").resolve(EDITOR)));
            assertFalse(Files.exists(home.resolve("apps").resolve(HELLO)));

            // Once removed, a later update-all leaves it out instead of failing on it.
            assertEquals(List.of(EDITOR + " 2.0.0 is up to date"),
                    c.updateAll(false, InstallProgress.NONE).stream().map(InstallOutcome::message).toList());
        }
    }

    @Test
    void aSyncAskedForDuringASyncWaitsForItAndFindsItsWorkDone() throws Exception {
        Path home = tmp.resolve("home");
        try (ClientService c = subscribed(home)) {
            List<ClientEvent> heard = new CopyOnWriteArrayList<>();
            c.addEventListener(heard::add);
            f.addApp(HELLO, "2.0.0", "utilities");
            server.step();
            Hold hold = new Hold(ClientService.SYNCING);
            Future<List<SyncReport>> first = threads.submit(c::sync);
            hold.awaitHeld();
            AtomicReference<Thread> secondThread = new AtomicReference<>();
            Future<List<SyncReport>> second = threads.submit(() -> {
                secondThread.set(Thread.currentThread());
                return c.sync();
            });
            // The second sync queues behind the first (it neither runs alongside it nor fails).
            while (secondThread.get() == null || !c.syncLock.hasQueuedThread(secondThread.get())) {
                Thread.onSpinWait();
            }
            assertFalse(second.isDone());
            hold.release();

            SyncReport a = done(first).get(0);
            SyncReport b = done(second).get(0);
            assertEquals(SyncReport.Outcome.UPDATED, a.outcome(), a.message());
            assertEquals(SyncReport.Outcome.UP_TO_DATE, b.outcome(), b.message());
            assertEquals(a.generation(), b.generation());
            assertEquals(a.generation(), c.stores().get(0).generation());
            assertEquals(List.of(SyncReport.Outcome.UPDATED, SyncReport.Outcome.UP_TO_DATE),
                    heard.stream().filter(ClientEvent.SyncDone.class::isInstance)
                            .map(e -> ((ClientEvent.SyncDone) e).report().outcome()).toList());
            assertEquals(List.of(EDITOR + " 1.0.0", HELLO + " 2.0.0"),
                    c.apps().stream().map(e -> e.appId() + " " + e.version()).sorted().toList());
        }
    }
}
