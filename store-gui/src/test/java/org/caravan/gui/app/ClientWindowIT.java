package org.caravan.gui.app;

import static org.caravan.gui.app.ScriptedClient.CALC;
import static org.caravan.gui.app.ScriptedClient.CHESS;
import static org.caravan.gui.app.ScriptedClient.MAPS;
import static org.caravan.gui.app.ScriptedClient.NOTES;
import static org.caravan.gui.app.ScriptedClient.PAINT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableRow;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Paint;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.caravan.core.client.AppEntry;
import org.caravan.core.client.InstallOutcome;
import org.caravan.core.client.TrustState;
import org.caravan.gui.catalog.CatalogView;
import org.caravan.gui.catalog.TrustStyle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The Caravan window as a user sees it, on a scripted client, in a real (headless) JavaFX window. */
class ClientWindowIT extends FxRobot {

    private ScriptedClient client;
    private Stage stage;
    private final List<ScriptedClient.Gate> gates = new ArrayList<>();

    @BeforeAll
    static void toolkit() throws TimeoutException {
        FxToolkit.registerPrimaryStage();
        // Each test closes its own window; the toolkit must outlive the last one.
        FxToolkit.setupFixture(() -> Platform.setImplicitExit(false));
    }

    @BeforeEach
    void openWindow() throws TimeoutException {
        client = ScriptedClient.sample();
        openWindowOn(client);
    }

    private void openWindowOn(ScriptedClient scripted) throws TimeoutException {
        stage = FxToolkit.setupFixture(() -> {
            Stage window = new Stage();
            ClientWindow.open(window, scripted);
            return window;
        });
        waitUntil(() -> row("Notes").isPresent());
    }

    @AfterEach
    void closeWindow() throws TimeoutException {
        gates.forEach(ScriptedClient.Gate::open);
        FxToolkit.setupFixture(() -> stage.close());
    }

    @Test
    void listsEveryAppWithVersionStoreSignerTrustAndInstalledVersion() {
        assertEquals("Caravan", stage.getTitle());
        assertEquals(List.of("Notes", "1.2.0", "Caravan Main", 
                "Alice Developer <alice@caravan.test>\nC6D7 E8F9 0123 4567", "✔ trusted", "—"),
                cellTexts("Notes").subList(0, 6), "Notes row");
        assertEquals(List.of("Paint", "2.0.1", "Caravan Main",
                "Mallory Revoked <mallory@caravan.test>\n89AB CDEF 0A0B 0C0D",
                "⚠ spurious", "2.0.0"), cellTexts("Paint"));
        assertTrue(cellTexts("Chess").contains("✖ refused"), "Chess row: " + cellTexts("Chess"));
        assertTrue(cellTexts("Maps").containsAll(List.of("Field Tools", "3.1.0", "◷ stale")), "Maps row: " + cellTexts("Maps"));
        assertTrue(cellTexts("Calc").containsAll(List.of("1.0.0", "✔ trusted")), "Calc row: " + cellTexts("Calc"));
        assertEquals("5 apps from 2 stores", label("#" + CatalogView.SUMMARY).getText());
    }

    @Test
    void spuriousAppIsMarkedAsWarningAndCannotBeInstalled() {
        TableRow<AppEntry> paint = row("Paint").orElseThrow();
        TableRow<AppEntry> notes = row("Notes").orElseThrow();
        assertTrue(paint.getPseudoClassStates().contains(TrustStyle.pseudoClass(TrustState.SPURIOUS)));
        Paint warning = paint.getBackground().getFills().get(0).getFill();
        Paint normal = notes.getBackground().getFills().get(0).getFill();
        assertNotEquals(normal, warning, "a spurious row must not look like a trusted one");

        clickOn(paint);
        waitUntil(() -> PAINT.explanation().equals(label("#" + CatalogView.EXPLANATION).getText()));
        assertTrue(installButton().isDisabled(), "install of a spurious app must be disabled");
        assertTrue(label("#" + CatalogView.INSTALL_HINT).getText().contains("revoked"),
                label("#" + CatalogView.INSTALL_HINT).getText());
        assertEquals(PAINT.explanation(), paint.getTooltip().getText());
    }

    @Test
    void installIsOfferedOnlyForTrustedAppsNotInstalledAtThatVersion() {
        assertTrue(installButton().isDisabled(), "nothing selected yet");
        for (AppEntry blocked : List.of(CHESS, MAPS, CALC)) {
            clickOn(row(blocked.name()).orElseThrow());
            waitUntil(() -> blocked.explanation().equals(label("#" + CatalogView.EXPLANATION).getText()));
            assertTrue(installButton().isDisabled(), "install must be disabled for " + blocked.name());
        }
        clickOn(row("Notes").orElseThrow());
        waitUntil(() -> !installButton().isDisabled());
        assertEquals("Install", installButton().getText());
    }

    @Test
    void olderInstalledVersionOfTrustedAppIsOfferedAsUpdate() {
        client.add(new AppEntry("Field Tools", "editor", "Editor", "Text editor", "office", "2.1.0",
                ScriptedClient.ALICE, ScriptedClient.ALICE_FPR, TrustState.TRUSTED, "2.0.0", "Trusted: ..."));
        clickOn("#" + CatalogView.REFRESH);
        waitUntil(() -> row("Editor").isPresent());
        clickOn(row("Editor").orElseThrow());
        waitUntil(() -> !installButton().isDisabled());
        assertEquals("Update to 2.1.0", installButton().getText());
    }

    @Test
    void installOfTrustedAppShowsProgressThenSuccessAndTheInstalledVersion() throws Exception {
        ScriptedClient.Gate halfway = gate();
        client.onInstall("notes", (id, progress) -> {
            progress.update("downloading", 0.1);
            progress.update("downloading", 0.4);
            ScriptedClient.await(halfway);
            progress.update("verifying", 0.9);
            return ScriptedClient.installed(NOTES);
        });
        clickOn(row("Notes").orElseThrow());
        waitUntil(() -> !installButton().isDisabled());
        clickOn("#" + CatalogView.INSTALL);

        waitUntil(() -> progressBar().isVisible() && Math.abs(progressBar().getProgress() - 0.4) < 1e-9);
        assertTrue(installButton().isDisabled(), "no second install while one runs");
        assertEquals("Installing Notes 1.2.0 …", status().getText());
        screenshot("client-window-installing.png");

        halfway.open();
        String expected = ScriptedClient.installed(NOTES).message();
        waitUntil(() -> expected.equals(status().getText()));
        waitUntil(() -> cellTexts("Notes").get(5).equals("1.2.0"));
        assertFalse(progressBar().isVisible(), "progress bar hides after the install");
        assertTrue(installButton().isDisabled(), "the installed version cannot be installed again");
        assertTrue(status().getPseudoClassStates().stream().anyMatch(p -> p.getPseudoClassName().equals("success")));
    }

    @Test
    void failedInstallShowsTheReason() {
        InstallOutcome.Failed failure = new InstallOutcome.Failed("notes",
                "SHA-256 of notes-1.2.0.zip does not match the catalog");
        client.onInstall("notes", (id, progress) -> {
            progress.update("downloading", 1.0);
            return failure;
        });
        clickOn(row("Notes").orElseThrow());
        clickOn("#" + CatalogView.INSTALL);

        waitUntil(() -> failure.message().equals(status().getText()));
        assertTrue(status().getPseudoClassStates().stream().anyMatch(p -> p.getPseudoClassName().equals("failure")));
        assertFalse(progressBar().isVisible());
        assertEquals("—", cellTexts("Notes").get(5), "nothing was installed");
        assertFalse(installButton().isDisabled(), "the user may try again");
    }

    @Test
    void clientErrorDuringInstallIsShownAsFailure() {
        client.onInstall("notes", (id, progress) -> {
            throw new IllegalStateException("no peer has the torrent of notes 1.2.0");
        });
        clickOn(row("Notes").orElseThrow());
        clickOn("#" + CatalogView.INSTALL);
        waitUntil(() -> status().getText().equals("not installed: notes — no peer has the torrent of notes 1.2.0"));
    }

    @Test
    void floodOfProgressReportsDoesNotStallTheWindow() {
        client.onInstall("notes", (id, progress) -> {
            for (int i = 0; i <= 200_000; i++) {
                progress.update("downloading", i / 200_000.0);
            }
            return ScriptedClient.installed(NOTES);
        });
        clickOn(row("Notes").orElseThrow());
        long start = System.nanoTime();
        clickOn("#" + CatalogView.INSTALL);
        waitUntil(() -> status().getText().startsWith("installed notes 1.2.0"));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "install took too long to show");
    }

    @Test
    void refreshShowsANewlyAddedApp() {
        AppEntry weather = new AppEntry("Field Tools", "weather", "Weather", "Forecasts", "travel", "0.3.0",
                ScriptedClient.ALICE, ScriptedClient.ALICE_FPR, TrustState.TRUSTED, null, "Trusted: ...");
        client.add(weather);
        assertTrue(row("Weather").isEmpty(), "not shown before refresh");
        clickOn("#" + CatalogView.REFRESH);
        waitUntil(() -> row("Weather").isPresent());
        assertEquals("6 apps from 2 stores", label("#" + CatalogView.SUMMARY).getText());
    }

    @Test
    void selectionSurvivesRefresh() {
        clickOn(row("Chess").orElseThrow());
        waitUntil(() -> CHESS.explanation().equals(label("#" + CatalogView.EXPLANATION).getText()));
        clickOn("#" + CatalogView.REFRESH);
        WaitForAsyncUtils.waitForFxEvents();
        waitUntil(() -> !lookup("#" + CatalogView.REFRESH).queryButton().isDisabled());
        assertEquals(CHESS.explanation(), label("#" + CatalogView.EXPLANATION).getText());
        assertTrue(row("Chess").orElseThrow().isSelected());
    }

    @Test
    void closingTheWindowClosesTheClient() throws TimeoutException {
        FxToolkit.setupFixture(() -> stage.close());
        waitUntil(client::isClosed);
    }

    @Test
    void screenshot() throws Exception {
        clickOn(row("Paint").orElseThrow());
        waitUntil(() -> PAINT.explanation().equals(label("#" + CatalogView.EXPLANATION).getText()));
        WritableImage image = screenshot("client-window.png");
        assertEquals(1000, (int) image.getWidth());
        assertEquals(650, (int) image.getHeight());
    }

    /** Saves what the window shows into BUILD_DIR/screenshots, for a person to look at. */
    private WritableImage screenshot(String name) throws Exception {
        WritableImage image = FxToolkit.setupFixture(() -> stage.getScene().snapshot(null));
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
        return image;
    }

    // --- what the user looks at -------------------------------------------------------------

    private ScriptedClient.Gate gate() {
        ScriptedClient.Gate gate = new ScriptedClient.Gate();
        gates.add(gate);
        return gate;
    }

    private Optional<TableRow<AppEntry>> row(String name) {
        return lookup("#" + CatalogView.APPS + " .table-row-cell").<TableRow<AppEntry>>queryAllAs(castRow()).stream()
                .filter(row -> row.getItem() != null && name.equals(row.getItem().name()) && row.isVisible())
                .findFirst();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Class<TableRow<AppEntry>> castRow() {
        return (Class) TableRow.class;
    }

    private List<String> cellTexts(String name) {
        TableRow<AppEntry> row = row(name).orElseThrow(() -> new AssertionError("no row " + name));
        return row.lookupAll(".table-cell").stream()
                .map(node -> ((TableCell<?, ?>) node).getText())
                .collect(Collectors.toList());
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

    private static void waitUntil(java.util.concurrent.Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, condition);
        } catch (TimeoutException e) {
            throw new AssertionError("condition not met within 5 s", e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static Path buildDirectory() throws Exception {
        // test-classes lives in the build directory, whatever -Dcaravan.target named it.
        return Path.of(ClientWindowIT.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
    }
}
