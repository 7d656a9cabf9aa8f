package org.caravan.gui.app;

import static org.caravan.gui.app.DemoCatalog.NOTES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.stage.Stage;
import org.caravan.core.client.AppEntry;
import org.caravan.core.client.ClientService;
import org.caravan.core.client.InstallOutcome;
import org.caravan.core.client.InstallProgress;
import org.caravan.core.testing.StoreFixture;
import org.caravan.gui.catalog.CatalogView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** Update, roll back and remove from the app page, in a real headless window on the real client. */
class AppLifecycleWindowIT extends FxRobot {
    private static final int QUICK = 5;
    private static final int NETWORK = 30;

    @TempDir
    static Path tmp;
    static DemoCatalog demo;

    @BeforeAll
    static void start() throws Exception {
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupFixture(() -> Platform.setImplicitExit(false));
        demo = DemoCatalog.start(tmp.resolve("demo"));
    }

    @AfterAll
    static void stop() {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void updateThenRollBackThenRemoveFromTheAppPage() throws Exception {
        ClientService client = demo.openClient(StoreFixture.CLOCK);
        InstallOutcome first = client.install(NOTES, InstallProgress.NONE);
        assertTrue(first instanceof InstallOutcome.Installed, first.message());
        DemoCatalog.expectUpdated(client.sync()); // brings Notes 1.3.0
        Stage stage = FxToolkit.setupFixture(() -> {
            Stage window = new Stage();
            org.caravan.gui.app.ClientWindow.open(window, client);
            return window;
        });
        try {
            waitUntil(QUICK, () -> row("Notes").isPresent());
            clickOn(row("Notes").orElseThrow());
            waitUntil(QUICK, () -> !button(CatalogView.INSTALL).isDisabled());
            assertFalse(button(CatalogView.ROLLBACK).isDisabled(), "an installed app can be rolled back");
            assertEquals("Remove", button(CatalogView.REMOVE).getText());

            assertEquals("Update all (1)", button(CatalogView.UPDATE_ALL).getText(), "the count of updates waiting");
            interact(() -> button(CatalogView.UPDATE_ALL).fire());
            waitUntil(NETWORK, () -> status().getText().startsWith("updated " + NOTES + " 1.2.0 -> 1.3.0"));
            waitUntil(QUICK, () -> installedShown("1.3.0"));
            Path apps = client.home().resolve("apps").resolve(NOTES);
            assertTrue(Files.isDirectory(apps.resolve("1.2.0")), "the replaced version is kept");
            assertEquals("No updates", button(CatalogView.UPDATE_ALL).getText());
            assertTrue(button(CatalogView.UPDATE_ALL).isDisabled());

            interact(() -> button(CatalogView.ROLLBACK).fire());
            waitUntil(QUICK, () -> status().getText().equals("rolled back " + NOTES + " 1.3.0 -> 1.2.0"));
            waitUntil(QUICK, () -> installedShown("1.2.0"));
            assertFalse(Files.exists(apps.resolve("1.3.0")));

            interact(() -> button(CatalogView.ROLLBACK).fire());
            waitUntil(QUICK, () -> status().getText().contains("no previous version is kept"));
            assertTrue(status().getPseudoClassStates().stream().anyMatch(p -> p.getPseudoClassName().equals("failure")));

            // Run goes through the same launch plan as 'caravan client run'; run.sh echoes and exits 0.
            assertFalse(button(CatalogView.RUN).isDisabled(), "an installed trusted app can be run");
            interact(() -> button(CatalogView.RUN).fire());
            waitUntil(QUICK, () -> status().getText().contains("ended") || status().getText().startsWith("Not started"));
            assertEquals("Notes ended.", status().getText());

            // Remove asks first; Keep leaves everything as it was.
            interact(() -> button(CatalogView.REMOVE).fire());
            Label question = lookup("#" + CatalogView.REMOVE_QUESTION).queryAs(Label.class);
            waitUntil(QUICK, () -> shown(question));
            assertTrue(question.getText().startsWith("Remove Notes? Every installed version"), question.getText());
            interact(() -> button(CatalogView.KEEP).fire());
            waitUntil(QUICK, () -> !shown(question));
            assertTrue(Files.isDirectory(apps.resolve("1.2.0")), "kept");
            interact(() -> button(CatalogView.REMOVE).fire());
            waitUntil(QUICK, () -> shown(question));
            interact(() -> button(CatalogView.CONFIRM_REMOVE).fire());
            waitUntil(QUICK, () -> status().getText().equals("removed " + NOTES + " 1.2.0"));
            waitUntil(QUICK, () -> installedShown("—"));
            assertFalse(Files.exists(apps));
            assertTrue(button(CatalogView.REMOVE).isDisabled(), "nothing left to remove");
            assertTrue(button(CatalogView.ROLLBACK).isDisabled());
            assertTrue(button(CatalogView.RUN).isDisabled(), "nothing left to run");
        } finally {
            FxToolkit.setupFixture(() -> stage.close());
            waitUntil(NETWORK, () -> {
                try {
                    client.apps();
                    return false;
                } catch (IllegalStateException e) {
                    return true;
                }
            });
        }
    }

    /**
     * The window as one face of a home a service owns (as with {@code caravan client service run}): the window is a
     * client over the home's socket, and the command line's calls on the same socket install and remove Notes; the
     * window shows each change as it happens, its buttons following, and runs the installed app as the service
     * decides.
     */
    @Test
    void theWindowFollowsInstallsAndRemovalsMadeOnTheCommandLineWhileAServiceOwnsTheHome() throws Exception {
        Path home;
        try (ClientService copy = demo.openClient(StoreFixture.CLOCK)) {
            home = copy.home();
        }
        org.caravan.core.service.HomeService service = org.caravan.core.service.HomeService.start(home,
                StoreFixture.CLOCK);
        org.caravan.core.service.RemoteClient window = org.caravan.core.service.RemoteClient.connect(home)
                .orElseThrow(() -> new AssertionError("no service answers on " + home));
        Stage stage = null;
        try (org.caravan.core.service.RemoteClient cli = org.caravan.core.service.RemoteClient.connect(home)
                .orElseThrow()) {
            stage = FxToolkit.setupFixture(() -> {
                Stage s = new Stage();
                org.caravan.gui.app.ClientWindow.open(s, window);
                return s;
            });
            waitUntil(QUICK, () -> row("Notes").isPresent());
            clickOn(row("Notes").orElseThrow());
            waitUntil(QUICK, () -> !button(CatalogView.INSTALL).isDisabled());
            assertTrue(button(CatalogView.REMOVE).isDisabled(), "nothing installed yet");

            InstallOutcome installed = cli.install(NOTES, InstallProgress.NONE);
            assertTrue(installed instanceof InstallOutcome.Installed, installed.message());
            waitUntil(QUICK, () -> installedShown("1.2.0"));
            waitUntil(QUICK, () -> button(CatalogView.INSTALL).isDisabled() && !button(CatalogView.REMOVE).isDisabled());
            assertEquals(List.of(NOTES), cli.apps().stream().filter(a -> a.installedVersion() != null)
                    .map(AppEntry::appId).toList(), "the command line lists what the window shows");
            // Run: the service decides (the same launch plan as 'caravan client run'), the window starts the app.
            waitUntil(QUICK, () -> !button(CatalogView.RUN).isDisabled());
            interact(() -> button(CatalogView.RUN).fire());
            waitUntil(QUICK, () -> status().getText().contains("ended") || status().getText().startsWith("Not started"));
            assertEquals("Notes ended.", status().getText());

            org.caravan.core.client.AppChange removed = cli.remove(NOTES);
            assertTrue(removed instanceof org.caravan.core.client.AppChange.Done, removed.message());
            waitUntil(QUICK, () -> installedShown("—"));
            waitUntil(QUICK, () -> !button(CatalogView.INSTALL).isDisabled() && button(CatalogView.REMOVE).isDisabled());
            assertFalse(Files.exists(home.resolve("apps").resolve(NOTES)));
        } finally {
            if (stage != null) {
                Stage shown = stage;
                FxToolkit.setupFixture(() -> shown.close());
            }
            service.close();
        }
    }

    /**
     * A licensed app (issue 14): the catalog marks it licensed, so before anything is downloaded its card and page
     * show it locked, the page says whose licence it needs and how to add one, and Install is off;
     * once a licence is added (as {@code caravan client license add} does), the open window shows the app as licensed
     * with the licence's terms at once (no Refresh), and it installs.
     */
    @Test
    void aLicensedAppIsLockedUntilALicenceIsAddedThenInstalls() throws Exception {
        String paid = "org.example.paid";
        demo.addLicensedApp(paid, "Paid", "1.0.0");
        ClientService client = demo.openClient(StoreFixture.CLOCK);
        DemoCatalog.expectUpdated(client.sync());
        org.caravan.keyring.key.SecretKey developer = org.caravan.keyring.testing.Personas.secretKey("developer");
        Stage stage = FxToolkit.setupFixture(() -> {
            Stage window = new Stage();
            org.caravan.gui.app.ClientWindow.open(window, client);
            return window;
        });
        try {
            // The catalog marks it licensed: its card says so before anything was downloaded.
            waitUntil(QUICK, () -> row("Paid").isPresent()
                    && "Locked: needs a licence".equals(text(row("Paid").orElseThrow(), ".card-licence")));
            clickOn(row("Paid").orElseThrow());
            Label badge = lookup("#licence-badge").queryAs(Label.class);
            waitUntil(QUICK, () -> shown(badge) && badge.getText().equals("Locked: needs a licence"));
            assertTrue(button(CatalogView.INSTALL).isDisabled(), "a locked app cannot be installed");
            assertFalse(Files.exists(client.home().resolve("cache")) && Files.list(client.home().resolve("cache"))
                    .findAny().isPresent(), "its package was fetched");
            assertTrue(licenceLines().stream().anyMatch(l -> l.contains(developer.fingerprint().hex())
                    && l.contains("caravan client license add FILE.lic")), licenceLines().toString());
            assertFalse(Files.exists(client.home().resolve("apps").resolve(paid)), "nothing installed");

            org.caravan.core.licence.Licences licences = new org.caravan.core.licence.Licences(client.home(),
                    StoreFixture.CLOCK);
            String licence = org.caravan.core.licence.Licences.issue(developer, paid,
                    licences.identity().certificate(), org.caravan.core.licence.VersionRange.ALL, null, 2,
                    StoreFixture.NOW.minus(java.time.Duration.ofDays(1)));
            // As `caravan client license add paid.lic` does (run here, or forwarded to the process serving the home):
            // the open window hears of it and unlocks the app, with no Refresh.
            client.addLicence(licence.getBytes(java.nio.charset.StandardCharsets.UTF_8), "paid.lic");
            waitUntil(QUICK, () -> badge.getText().equals("Licensed to you"));
            waitUntil(QUICK, () -> status().getText().equals("Licence added for Paid: it can be installed now."));
            assertEquals(List.of("Licence", "Issued by " + developer.fingerprint(), "Versions: all", "Never expires",
                    "Devices: up to 2"), licenceLines());
            waitUntil(QUICK, () -> "Licensed to you".equals(text(row("Paid").orElseThrow(), ".card-licence")));
            assertFalse(button(CatalogView.INSTALL).isDisabled(), "entitled: Install is on again");

            interact(() -> button(CatalogView.INSTALL).fire());
            waitUntil(NETWORK, () -> installedShown("Paid", "1.0.0"));
            assertTrue(Files.isDirectory(client.home().resolve("apps").resolve(paid).resolve("1.0.0")));
        } finally {
            FxToolkit.setupFixture(() -> stage.close());
        }
    }

    private List<String> licenceLines() {
        return lookup("#page-licence .label").queryAllAs(Label.class).stream().map(Label::getText).toList();
    }

    private boolean installedShown(String name, String version) {
        return row(name).isPresent() && cellTexts(name).get(5).equals(version);
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

    /** Visible itself and all its parents. */
    private static boolean shown(javafx.scene.Node node) {
        for (javafx.scene.Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }

    /** The Notes row shows {@code version} as installed; false while the list is being redrawn. */
    private boolean installedShown(String version) {
        return row("Notes").isPresent() && cellTexts("Notes").get(5).equals(version);
    }

    private Button button(String id) {
        return lookup("#" + id).queryButton();
    }

    private Label status() {
        return lookup("#" + CatalogView.STATUS).queryAs(Label.class);
    }

    private static void waitUntil(int seconds, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
        } catch (TimeoutException e) {
            throw new AssertionError("condition not met within " + seconds + " s", e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }
}
