package org.caravan.gui.app;

import static org.caravan.gui.app.DemoCatalog.CHESS;
import static org.caravan.gui.app.DemoCatalog.MAPS;
import static org.caravan.gui.app.DemoCatalog.NOTES;
import static org.caravan.gui.app.DemoCatalog.PAINT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ListCell;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Paint;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.caravan.core.client.AppEntry;
import org.caravan.core.client.ClientService;
import org.caravan.core.client.InstallOutcome;
import org.caravan.core.client.InstallProgress;
import org.caravan.core.client.TrustState;
import org.caravan.core.testing.StoreFixture;
import org.caravan.gui.catalog.CatalogView;
import org.caravan.gui.catalog.TrustStyle;
import org.caravan.gui.firstrun.FirstRunView;
import org.caravan.gui.theme.Appearance;
import org.caravan.keyring.testing.Personas;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Caravan window as a user sees it, in a real (headless) JavaFX window, on the real client: a store
 * served on a loopback network, real signed packages, a real H2 home per test, time fixed by
 * {@link StoreFixture#CLOCK}.
 */
class ClientWindowIT extends FxRobot {

    /** Waits on the FX thread and on the client's database. */
    private static final int QUICK = 5;
    /** Waits that include starting a torrent session, a DHT lookup and a download on loopback. */
    private static final int NETWORK = 30;

    private static final String DEVELOPER = Personas.userIdOf("developer");

    @TempDir
    static Path tmp;
    static DemoCatalog demo;

    private ClientService client;
    private Stage stage;

    @BeforeAll
    static void start() throws Exception {
        FxToolkit.registerPrimaryStage();
        // Each test closes its own window; the toolkit must outlive the last one.
        FxToolkit.setupFixture(() -> Platform.setImplicitExit(false));
        demo = DemoCatalog.start(tmp.resolve("demo"));
    }

    @AfterAll
    static void stop() {
        if (demo != null) {
            demo.close();
        }
    }

    /** Opens the window on a client of a fresh copy of the synced home, reading time from {@code clock}. */
    private void openWindow(Clock clock) throws TimeoutException {
        openWindow(clock, null);
    }

    private void openWindow(Clock clock, java.time.Duration autoSync) throws TimeoutException {
        ClientService opened = demo.openClient(clock);
        client = opened;
        stage = FxToolkit.setupFixture(() -> {
            Stage window = new Stage();
            ClientWindow.open(window, opened, autoSync);
            return window;
        });
        waitUntil(QUICK, () -> row("Notes").isPresent());
    }

    @AfterEach
    void closeWindow() throws TimeoutException {
        if (stage != null) {
            FxToolkit.setupFixture(() -> stage.close());
            // Closing stops the client's session and database in the background; let it finish before the next test.
            waitUntil(NETWORK, this::clientClosed);
        }
    }

    @Test
    void listsEveryAppWithVersionStoreSignerTrustAndInstalledVersion() throws Exception {
        openWindow(StoreFixture.CLOCK);
        assertEquals("Caravan", stage.getTitle());
        assertEquals(List.of("Notes", "1.2.0", "Test Store", "Plain text notes", "✔ trusted", "—"),
                cellTexts("Notes"), "Notes card");
        assertEquals(List.of("Paint", "2.0.1", "Test Store", "Raster drawing", "⚠ spurious", "—"), cellTexts("Paint"));
        assertEquals(List.of("Chess", "0.9.0", "Test Store", "Play against the engine", "✖ refused", "—"),
                cellTexts("Chess"));
        assertEquals(List.of("Maps", "3.1.0", "Test Store", "Offline maps", "✔ trusted", "—"), cellTexts("Maps"),
                "Maps card");
        // An app without an icon shows a placeholder with its initial, never an empty square.
        ListCell<AppEntry> notes = row("Notes").orElseThrow();
        assertEquals("N", ((Label) notes.lookup(".app-icon-letter")).getText());
        assertEquals("4 apps from 1 store", label("#" + CatalogView.SUMMARY).getText());
    }

    @Test
    void spuriousAppIsMarkedAsWarningAndCannotBeInstalled() throws Exception {
        openWindow(StoreFixture.CLOCK);
        AppEntry paint = entry(PAINT);
        assertTrue(paint.explanation().contains("revoked"), paint.explanation());
        ListCell<AppEntry> paintRow = row("Paint").orElseThrow();
        ListCell<AppEntry> notesRow = row("Notes").orElseThrow();
        assertTrue(paintRow.getPseudoClassStates().contains(TrustStyle.pseudoClass(TrustState.SPURIOUS)));
        Paint warning = paintRow.getBackground().getFills().get(0).getFill();
        Paint normal = notesRow.getBackground().getFills().get(0).getFill();
        assertNotEquals(normal, warning, "a spurious row must not look like a trusted one");

        clickOn(paintRow);
        waitUntil(QUICK, () -> paint.explanation().equals(label("#" + CatalogView.EXPLANATION).getText()));
        assertTrue(installButton().isDisabled(), "install of a spurious app must be disabled");
        assertTrue(label("#" + CatalogView.INSTALL_HINT).getText().contains("revoked"),
                label("#" + CatalogView.INSTALL_HINT).getText());
        assertEquals(paint.explanation(), paintRow.getTooltip().getText());
    }

    @Test
    void refusedAppSaysWhyAndCannotBeInstalled() throws Exception {
        openWindow(StoreFixture.CLOCK);
        AppEntry chess = entry(CHESS);
        assertTrue(chess.explanation().contains("expired at " + DemoCatalog.CHESS_CERTIFICATION_EXPIRES),
                chess.explanation());
        clickOn(row("Chess").orElseThrow());
        waitUntil(QUICK, () -> chess.explanation().equals(label("#" + CatalogView.EXPLANATION).getText()));
        assertTrue(installButton().isDisabled(), "install of a refused app must be disabled");
        assertEquals("The trust check refused this release: it cannot be installed.",
                label("#" + CatalogView.INSTALL_HINT).getText());
    }

    @Test
    void installIsOfferedOnlyForTrustedApps() throws Exception {
        openWindow(StoreFixture.CLOCK);
        assertTrue(installButton().isDisabled(), "nothing selected yet");
        for (String blocked : List.of("Paint", "Chess")) {
            clickOn(row(blocked).orElseThrow());
            waitUntil(QUICK, () -> label("#" + CatalogView.DETAILS + " .detail-name").getText().equals(blocked));
            assertTrue(installButton().isDisabled(), "install must be disabled for " + blocked);
        }
        clickOn(row("Notes").orElseThrow());
        waitUntil(QUICK, () -> !installButton().isDisabled());
        assertEquals("Install", installButton().getText());
    }

    @Test
    void installOfTrustedAppShowsProgressThenSuccessAndTheInstalledVersion() throws Exception {
        openWindow(StoreFixture.CLOCK);
        clickOn(row("Notes").orElseThrow());
        waitUntil(QUICK, () -> !installButton().isDisabled());
        InstallWatch watch = watchInstall("client-window-installing.png");
        clickOn("#" + CatalogView.INSTALL);

        Path location = client.home().resolve("apps").resolve(NOTES).resolve("1.2.0");
        waitUntil(NETWORK, () -> status().getText().startsWith("installed " + NOTES + " 1.2.0 into " + location));
        waitUntil(QUICK, () -> cellTexts("Notes").get(5).equals("1.2.0"));
        assertEquals("Notes 1.2.0\n", Files.readString(location.resolve("README.txt")), "the app is on disk");
        assertTrue(status().getText().contains(Personas.DEVELOPER.hex()), "says whose signature made it trusted: "
                + status().getText());
        assertTrue(status().getPseudoClassStates().stream().anyMatch(p -> p.getPseudoClassName().equals("success")));
        assertFalse(progressBar().isVisible(), "progress bar hides after the install");
        assertTrue(installButton().isDisabled(), "the installed version cannot be installed again");
        assertEquals("Version 1.2.0 is installed.", label("#" + CatalogView.INSTALL_HINT).getText());

        assertEquals("Installing Notes 1.2.0 …", watch.firstStatus.get());
        assertTrue(watch.stages.contains("download"), "stages shown: " + watch.stages);
        assertTrue(watch.fractions.stream().anyMatch(f -> f >= 0 && f < 1), "progress shown: " + watch.fractions);
        assertNotNull(watch.screenshot.get(), "the window was captured while the install ran");
        save(watch.screenshot.get(), "client-window-installing.png");
    }

    @Test
    void newerReleaseOfAnInstalledAppIsOfferedAsUpdate() throws Exception {
        openWindow(StoreFixture.CLOCK);
        InstallOutcome first = client.install(NOTES, InstallProgress.NONE);
        assertTrue(first instanceof InstallOutcome.Installed, first.message());
        // The store has published Notes 1.3.0 since this home last synced.
        DemoCatalog.expectUpdated(client.sync());

        clickOn(row("Notes").orElseThrow());
        clickOn("#" + CatalogView.REFRESH);
        waitUntil(QUICK, () -> cellTexts("Notes").get(1).equals("1.3.0"));
        assertEquals("1.2.0", cellTexts("Notes").get(5), "installed version");
        waitUntil(QUICK, () -> !installButton().isDisabled());
        assertEquals("Update to 1.3.0", installButton().getText());
        assertEquals("Version 1.2.0 is installed; 1.3.0 is available.", label("#" + CatalogView.INSTALL_HINT).getText());
    }

    @Test
    void failedInstallShowsTheReasonAndLetsTheUserTryAgain() throws Exception {
        openWindow(StoreFixture.CLOCK);
        clickOn(row("Maps").orElseThrow());
        waitUntil(QUICK, () -> !installButton().isDisabled());
        InstallWatch watch = watchInstall(null);
        clickOn("#" + CatalogView.INSTALL);

        waitUntil(NETWORK, () -> status().getText().startsWith("not installed: " + MAPS + " — "));
        assertTrue(status().getText().contains("does not match the catalog"), status().getText());
        assertTrue(status().getPseudoClassStates().stream().anyMatch(p -> p.getPseudoClassName().equals("failure")));
        assertTrue(watch.stages.contains("download"), "the download ran: " + watch.stages);
        assertFalse(progressBar().isVisible());
        assertEquals("—", cellTexts("Maps").get(5), "nothing was installed");
        assertFalse(Files.exists(client.home().resolve("apps").resolve(MAPS)), "nothing was written to apps/");
        assertFalse(installButton().isDisabled(), "the user may try again");
    }

    @Test
    void catalogPastItsExpiryIsStaleAndOffersNoInstall() throws Exception {
        openWindow(DemoCatalog.EIGHT_DAYS_LATER);
        for (String name : List.of("Notes", "Maps")) {
            assertEquals("◷ stale", cellTexts(name).get(4), name + " row");
            assertTrue(row(name).orElseThrow().getPseudoClassStates().contains(TrustStyle.pseudoClass(TrustState.STALE)));
        }
        // A stale catalog does not hide worse news: Paint stays spurious, Chess refused.
        assertEquals("⚠ spurious", cellTexts("Paint").get(4));
        assertEquals("✖ refused", cellTexts("Chess").get(4));
        for (String name : List.of("Notes", "Maps", "Paint", "Chess")) {
            clickOn(row(name).orElseThrow());
            waitUntil(QUICK, () -> label("#" + CatalogView.DETAILS + " .detail-name").getText().equals(name));
            assertTrue(installButton().isDisabled(), "install must be disabled for " + name);
        }
        clickOn(row("Notes").orElseThrow());
        waitUntil(QUICK, () -> label("#" + CatalogView.DETAILS + " .detail-name").getText().equals("Notes"));
        assertEquals("The store's catalog has expired: installs wait for the next sync.",
                label("#" + CatalogView.INSTALL_HINT).getText());
        assertTrue(label("#" + CatalogView.EXPLANATION).getText().contains("expired at"),
                label("#" + CatalogView.EXPLANATION).getText());
    }

    @Test
    void refreshShowsAnAppPublishedSinceTheLastSync() throws Exception {
        openWindow(StoreFixture.CLOCK);
        int before = lookup("#" + CatalogView.APPS).queryListView().getItems().size();
        // The store has published Weather since this home last synced. The test thread syncs, as the
        // client's own background sync would; never the FX thread.
        DemoCatalog.expectUpdated(client.sync());
        assertTrue(row("Weather").isEmpty(), "not shown before refresh");

        clickOn("#" + CatalogView.REFRESH);
        waitUntil(QUICK, () -> row("Weather").isPresent());
        assertEquals(List.of("Weather", "0.3.0", "Test Store", "Forecasts", "✔ trusted", "—"),
                cellTexts("Weather"));
        assertEquals((before + 1) + " apps from 1 store", label("#" + CatalogView.SUMMARY).getText());
    }

    @Test
    void selectionSurvivesRefresh() throws Exception {
        openWindow(StoreFixture.CLOCK);
        AppEntry chess = entry(CHESS);
        clickOn(row("Chess").orElseThrow());
        waitUntil(QUICK, () -> chess.explanation().equals(label("#" + CatalogView.EXPLANATION).getText()));
        clickOn("#" + CatalogView.REFRESH);
        WaitForAsyncUtils.waitForFxEvents();
        waitUntil(QUICK, () -> !lookup("#" + CatalogView.REFRESH).queryButton().isDisabled());
        assertEquals(chess.explanation(), label("#" + CatalogView.EXPLANATION).getText());
        assertTrue(row("Chess").orElseThrow().isSelected());
    }

    @Test
    void closingTheWindowClosesTheClient() throws Exception {
        openWindow(StoreFixture.CLOCK);
        assertFalse(clientClosed());
        FxToolkit.setupFixture(() -> stage.close());
        waitUntil(QUICK, this::clientClosed);
    }

    @Test
    void screenshot() throws Exception {
        openWindow(StoreFixture.CLOCK);
        AppEntry paint = entry(PAINT);
        clickOn(row("Paint").orElseThrow());
        waitUntil(QUICK, () -> paint.explanation().equals(label("#" + CatalogView.EXPLANATION).getText()));
        WritableImage image = FxToolkit.setupFixture(() -> stage.getScene().snapshot(null));
        save(image, "client-window.png");
        assertEquals(1000, (int) image.getWidth());
        assertEquals(650, (int) image.getHeight());
    }

    // --- watching an install ----------------------------------------------------------------

    /** What the status bar showed while an install ran, recorded on the FX thread as it happened. */
    private static final class InstallWatch {
        final List<String> stages = new CopyOnWriteArrayList<>();
        final List<Double> fractions = new CopyOnWriteArrayList<>();
        final AtomicReference<String> firstStatus = new AtomicReference<>();
        final AtomicReference<WritableImage> screenshot = new AtomicReference<>();
    }

    /**
     * Records the progress bar, its stage label and the status line from now on. With {@code screenshot},
     * captures the window the moment the download stage shows: a real install is too quick to catch later.
     */
    private InstallWatch watchInstall(String screenshot) throws Exception {
        InstallWatch watch = new InstallWatch();
        ProgressBar bar = progressBar();
        Label stageLabel = label(".progress-stage");
        FxToolkit.setupFixture(() -> {
            bar.progressProperty().addListener((obs, old, now) -> {
                if (bar.isVisible()) {
                    watch.fractions.add(now.doubleValue());
                }
            });
            stageLabel.textProperty().addListener((obs, old, now) -> {
                watch.stages.add(now);
                if (screenshot != null && "download".equals(now) && watch.screenshot.get() == null) {
                    watch.screenshot.set(stage.getScene().snapshot(null));
                }
            });
            status().textProperty().addListener((obs, old, now) -> watch.firstStatus.compareAndSet(null, now));
        });
        return watch;
    }

    // --- what the user looks at -------------------------------------------------------------

    /** The client's own entry for {@code appId}, read off the FX thread, for texts the window must show verbatim. */
    private AppEntry entry(String appId) {
        return client.apps().stream().filter(app -> app.appId().equals(appId)).findFirst()
                .orElseThrow(() -> new AssertionError("the client lists no " + appId));
    }

    private boolean clientClosed() {
        try {
            client.apps();
            return false;
        } catch (IllegalStateException e) {
            return true; // its database is closed
        }
    }

    @Test
    void withAutoSyncTheWindowShowsANewGenerationByItself() throws Exception {
        // The store has published Weather since this home last synced; nobody clicks anything.
        openWindow(StoreFixture.CLOCK, java.time.Duration.ofSeconds(5));
        waitUntil(NETWORK, () -> row("Weather").isPresent());
    }

    /** A new user adds a store by pasting its magnet: a wrong magnet is named, the right one brings the apps. */
    @Test
    void aStoreIsAddedByItsMagnetAndItsAppsAppear() throws Exception {
        ClientService empty = demo.openEmptyClient(StoreFixture.CLOCK);
        client = empty;
        stage = FxToolkit.setupFixture(() -> {
            Stage window = new Stage();
            ClientWindow.open(window, empty, null);
            return window;
        });
        javafx.scene.control.TextField field = lookup("#" + CatalogView.STORE_MAGNET)
                .queryAs(javafx.scene.control.TextField.class);
        assertTrue(shownNames().isEmpty());

        clickOn(field).write("magnet:?xt=urn:btih:0123");
        clickOn("#" + CatalogView.ADD_STORE);
        waitUntil(QUICK, () -> status().getText().startsWith("Store not added: store magnet has no xs=urn:btpk:"));
        assertTrue(empty.stores().isEmpty(), "nothing was subscribed");
        assertEquals("magnet:?xt=urn:btih:0123", field.getText(), "the magnet stays to be corrected");

        interact(() -> field.setText(demo.magnet()));
        clickOn("#" + CatalogView.ADD_STORE);
        waitUntil(NETWORK, () -> row("Weather").isPresent());
        assertEquals(List.of("Chess", "Maps", "Notes", "Paint", "Weather"), shownNames());
        waitUntil(QUICK, () -> status().getText().startsWith("Store added. synced Test Store: generation 3, 5 apps"));
        assertEquals("", field.getText());
    }

    /** The Stores menu leaves a store; not while one of its apps is installed, and the window says why. */
    @Test
    void aStoreIsLeftFromTheStoresMenuOnceNoneOfItsAppsIsInstalled() throws Exception {
        openWindow(StoreFixture.CLOCK);
        assertEquals("Stores (1)", lookup("#" + CatalogView.STORES).queryAs(javafx.scene.control.MenuButton.class).getText());
        InstallOutcome installed = client.install(NOTES, InstallProgress.NONE);
        assertTrue(installed instanceof InstallOutcome.Installed, installed.message());

        clickOn("#" + CatalogView.STORES).clickOn("Leave Test Store");
        waitUntil(QUICK, () -> status().getText().equals("Not left: Test Store is still the store of " + NOTES
                + ": remove it first (caravan client remove ID)"));
        assertEquals(4, shownNames().size(), "nothing was left");

        assertTrue(client.remove(NOTES) instanceof org.caravan.core.client.AppChange.Done);
        clickOn("#" + CatalogView.STORES).clickOn("Leave Test Store");
        waitUntil(QUICK, () -> status().getText().equals("Left Test Store: its apps are no longer listed."));
        waitUntil(QUICK, () -> shownNames().isEmpty());
        assertTrue(client.stores().isEmpty());
        assertTrue(lookup("#" + CatalogView.STORES).queryAs(javafx.scene.control.MenuButton.class).isDisabled());
    }

    @Test
    void searchAndCategoryNarrowTheList() throws Exception {
        openWindow(StoreFixture.CLOCK);
        clickOn("#" + CatalogView.SEARCH).write("draw");
        waitUntil(QUICK, () -> shownNames().equals(List.of("Paint")));
        javafx.scene.control.TextField search = lookup("#" + CatalogView.SEARCH).queryAs(javafx.scene.control.TextField.class);
        interact(search::clear);
        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<String> category =
                lookup("#" + CatalogView.CATEGORY).queryAs(javafx.scene.control.ComboBox.class);
        assertEquals(List.of("All categories", "games", "graphics", "office", "travel"), List.copyOf(category.getItems()));
        interact(() -> category.setValue("office"));
        waitUntil(QUICK, () -> shownNames().equals(List.of("Notes")));
        interact(() -> category.setValue("All categories"));
        waitUntil(QUICK, () -> shownNames().size() == 4);
    }

    @Test
    void freshHomeAsksForTheNetworkFirstThenAddsTheStore() throws Exception {
        ClientService fresh = demo.openFreshClient(StoreFixture.CLOCK);
        client = fresh;
        stage = FxToolkit.setupFixture(() -> {
            Stage window = new Stage();
            ClientWindow.open(window, fresh, null);
            return window;
        });
        waitUntil(QUICK, () -> lookup("#" + FirstRunView.ROOT).query().isVisible());
        assertFalse(shown(lookup("#" + CatalogView.APPS).query()), "the app list waits behind the first-run screen");
        assertTrue(lookup("#" + FirstRunView.LOCAL).queryAs(javafx.scene.control.RadioButton.class).isSelected(),
                "the local network is the default: the public one must be chosen on purpose");
        assertTrue(fresh.network().bootstrap().isEmpty(), "nothing chosen before Continue");

        clickOn("#" + FirstRunView.CONTINUE);
        waitUntil(QUICK, () -> label("#" + FirstRunView.MESSAGE).getText().startsWith("Type at least one bootstrap node"));
        assertTrue(lookup("#" + FirstRunView.ROOT).query().isVisible());

        clickOn("#" + FirstRunView.NODES).write(demo.bootstrapNodes());
        interact(() -> lookup("#" + FirstRunView.MAGNET).queryTextInputControl().setText(demo.magnet()));
        clickOn("#" + FirstRunView.CONTINUE);
        waitUntil(NETWORK, () -> !lookup("#" + FirstRunView.ROOT).query().isVisible());
        waitUntil(QUICK, () -> row("Notes").isPresent());
        assertTrue(status().getText().startsWith("Network: local test network (" + demo.bootstrapNodes() + "). Store added."),
                status().getText());
        assertEquals(demo.bootstrapNodes(), String.join(", ",
                fresh.network().bootstrap().stream().map(Object::toString).toList()), "the choice is saved");
    }

    @Test
    void aHomeWithANetworkSkipsTheFirstRunScreen() throws Exception {
        openWindow(StoreFixture.CLOCK);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(lookup("#" + FirstRunView.ROOT).query().isVisible());
        assertTrue(shown(lookup("#" + CatalogView.APPS).query()));
    }

    /** Visible itself and all its parents. */
    private static boolean shown(javafx.scene.Node node) {
        for (javafx.scene.Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }

    @Test
    void themeSwitchesBetweenLightAndDarkAndButtonsCarryIcons() throws Exception {
        openWindow(StoreFixture.CLOCK);
        try {
            assertEquals(Appearance.LIGHT, ClientWindow.appearance());
            assertEquals(new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet(),
                    javafx.application.Application.getUserAgentStylesheet());
            Button theme = lookup("#" + ClientWindow.THEME).queryButton();
            assertEquals("Dark", theme.getText());
            javafx.scene.paint.Color lightBackground = background(CatalogView.STATUS);
            clickOn(theme);
            WaitForAsyncUtils.waitForFxEvents();
            assertEquals(Appearance.DARK, ClientWindow.appearance());
            assertEquals(new atlantafx.base.theme.PrimerDark().getUserAgentStylesheet(),
                    javafx.application.Application.getUserAgentStylesheet());
            assertEquals("Light", theme.getText(), "the switch names the look it goes to");
            assertTrue(background(CatalogView.STATUS).getBrightness() < lightBackground.getBrightness(),
                    "the window is darker");
            for (String id : List.of(CatalogView.INSTALL, CatalogView.REMOVE, CatalogView.ROLLBACK, CatalogView.SYNC)) {
                assertTrue(lookup("#" + id).queryButton().getGraphic() instanceof org.kordamp.ikonli.javafx.FontIcon,
                        id + " has an icon");
            }
        } finally {
            interact(() -> ClientWindow.applyAppearance(Appearance.LIGHT));
        }
    }

    @Test
    void emptyListSaysNoResultsForTheSearchNotNoApps() throws Exception {
        openWindow(StoreFixture.CLOCK);
        clickOn("#" + CatalogView.APPS);
        press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.F).release(
                javafx.scene.input.KeyCode.F, javafx.scene.input.KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(lookup("#" + CatalogView.SEARCH).query().isFocused(), "Ctrl+F focuses the search box");
        write("xylophone");
        waitUntil(QUICK, () -> shownNames().isEmpty());
        waitUntil(QUICK, () -> label("#" + CatalogView.EMPTY).getText().equals("No results for \"xylophone\"."));
        assertEquals("0 of 4 apps shown", label("#" + CatalogView.SUMMARY).getText());
        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<String> category =
                lookup("#" + CatalogView.CATEGORY).queryAs(javafx.scene.control.ComboBox.class);
        assertEquals("Office", category.getConverter().toString("office"), "categories read as words");
    }

    @Test
    void checkNowSyncsAndShowsWhatTheStorePublishedSince() throws Exception {
        openWindow(StoreFixture.CLOCK);
        assertTrue(row("Weather").isEmpty());
        clickOn("#" + CatalogView.APPS);
        press(javafx.scene.input.KeyCode.F5).release(javafx.scene.input.KeyCode.F5);
        waitUntil(NETWORK, () -> row("Weather").isPresent());
        assertEquals("1.3.0", cellTexts("Notes").get(1));
        assertTrue(status().getPseudoClassStates().stream().anyMatch(p -> p.getPseudoClassName().equals("success")),
                status().getText());
    }

    private javafx.scene.paint.Color background(String id) {
        javafx.scene.layout.Region bar = (javafx.scene.layout.Region) lookup("#" + id).query().getParent();
        return (javafx.scene.paint.Color) bar.getBackground().getFills().get(0).getFill();
    }

    private List<String> shownNames() {
        return lookup("#" + CatalogView.APPS).queryListView().getItems().stream()
                .map(o -> ((AppEntry) o).name()).sorted().toList();
    }

    private Optional<ListCell<AppEntry>> row(String name) {
        return lookup("#" + CatalogView.APPS + " .list-cell").<ListCell<AppEntry>>queryAllAs(castRow()).stream()
                .filter(row -> row.getItem() != null && name.equals(row.getItem().name()) && row.isVisible())
                .findFirst();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Class<ListCell<AppEntry>> castRow() {
        return (Class) ListCell.class;
    }

    /** What a card shows: name, version, store, summary, trust badge, installed version ("—": none). */
    private List<String> cellTexts(String name) {
        ListCell<AppEntry> row = row(name).orElseThrow(() -> new AssertionError("no row " + name));
        String[] meta = text(row, ".card-meta").split("  ·  ");
        String installed = text(row, ".card-installed");
        return List.of(text(row, ".card-name"), meta[0], meta[1], text(row, ".card-summary"), text(row, ".card-badge"),
                installed.isEmpty() ? "—" : installed.replace("Installed ", ""));
    }

    private static String text(javafx.scene.Node card, String styleClass) {
        return ((Label) card.lookup(styleClass)).getText();
    }

    private Label label(String query) {
        return lookup(query).queryAs(Label.class);
    }

    private Label status() {
        return label("#" + CatalogView.STATUS);
    }

    private Button installButton() {
        return lookup("#" + CatalogView.INSTALL).queryButton();
    }

    private ProgressBar progressBar() {
        return lookup("#" + CatalogView.PROGRESS).queryAs(ProgressBar.class);
    }

    private static void waitUntil(int seconds, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
        } catch (TimeoutException e) {
            throw new AssertionError("condition not met within " + seconds + " s", e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Saves {@code image} into BUILD_DIR/screenshots, for a person to look at. */
    private static void save(WritableImage image, String name) throws Exception {
        Path out = buildDirectory().resolve("screenshots").resolve(name);
        Files.createDirectories(out.getParent());
        PixelReader pixels = image.getPixelReader();
        BufferedImage png = new BufferedImage((int) image.getWidth(), (int) image.getHeight(), BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < png.getHeight(); y++) {
            for (int x = 0; x < png.getWidth(); x++) {
                png.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        assertTrue(ImageIO.write(png, "png", out.toFile()));
    }

    private static Path buildDirectory() throws Exception {
        // test-classes lives in the build directory, whatever -Dcaravan.target named it.
        return Path.of(ClientWindowIT.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
    }
}
