package org.caravan.gui.app;

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
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.caravan.core.client.AppEntry;
import org.caravan.core.client.ClientService;
import org.caravan.core.testing.StoreFixture;
import org.caravan.gui.catalog.CatalogView;
import org.caravan.gui.downloads.Download;
import org.caravan.gui.settings.SettingsScreen;
import org.caravan.gui.stores.StoresScreen;
import org.caravan.gui.text.Texts;
import org.caravan.gui.trust.TrustKeysScreen;
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
 * The screens of issue 13 used as a user would: the app page with what the package says and the trust path drawn,
 * an install followed to the end in Downloads, a revocation sync raising the spurious banner, a download with no
 * peer cancelled, a failure read in full with Retry, a trust override previewed then applied, the Stores and
 * Settings screens.
 */
class StoreScreensWindowIT extends FxRobot {
    private static final int QUICK = 5;
    // A first sync on the loaded 2-core CI machine (a new session, the DHT, the metadata) can take most of 30 s.
    private static final int NETWORK = 90;

    @TempDir
    static Path tmp;
    static DemoCatalog demo;

    private ClientService client;
    private Stage stage;

    @BeforeAll
    static void start() throws Exception {
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupFixture(() -> Platform.setImplicitExit(false));
        demo = DemoCatalog.start(tmp.resolve("demo"), true);
    }

    @AfterAll
    static void stop() {
        if (demo != null) {
            demo.close();
        }
    }

    private void openWindow() throws TimeoutException {
        ClientService opened = demo.openClient(StoreFixture.CLOCK);
        client = opened;
        stage = FxToolkit.setupFixture(() -> {
            Stage window = new Stage();
            ClientWindow.open(window, opened);
            return window;
        });
        waitUntil(QUICK, () -> card("Clock").isPresent());
    }

    @AfterEach
    void closeWindow() throws TimeoutException {
        if (stage != null) {
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

    @Test
    void theAppPageShowsWhatThePackageSaysAndTheTrustPathAsAGraph() throws Exception {
        openWindow();
        ListCell<AppEntry> clockCard = card("Clock").orElseThrow();
        // The icon travelled in the package, through the store's catalog, into the card.
        waitUntil(QUICK, () -> hasImage(clockCard.lookup(".app-icon")));
        clickOn(clockCard);
        waitUntil(QUICK, () -> label("#page-description").getText().startsWith("Clock tells the time."));
        assertEquals("https://clock.example.org", lookup("#page-homepage").queryLabeled().getText());
        assertEquals("GPL-3.0-or-later", label("#page-license").getText());
        assertEquals(1, lookup("#page-screenshots .screenshot").queryAll().size(), "one screenshot shown");
        List<Label> roles = lookup("#trust-graph .trust-role").queryAllAs(Label.class).stream().toList();
        assertEquals("Root of Test Store", roles.get(0).getText());
        assertEquals("Developer (signed the package)", roles.get(roles.size() - 1).getText());
        assertTrue(lookup("#trust-graph .trust-who").queryAllAs(Label.class).stream()
                .anyMatch(l -> l.getText().equals(Personas.userIdOf("outsider"))));
        assertTrue(lookup("#trust-graph .trust-edge").queryAllAs(Label.class).stream()
                .anyMatch(l -> l.getText().startsWith("certified as developer for global")), "the grant is drawn");
        assertTrue(lookup("#version-history .release-notes").queryAllAs(Label.class).stream()
                .anyMatch(l -> l.getText().equals("First release.")));

        // Paint's signer was revoked: the graph ends in a red box and says why in plain words.
        clickOn(card("Paint").orElseThrow());
        waitUntil(QUICK, () -> lookup("#trust-graph .trust-reason").tryQuery().isPresent());
        assertEquals(Texts.get("refusal.REVOKED"), label("#trust-graph .trust-reason").getText());
        assertTrue(lookup("#trust-graph .trust-node").queryAll().stream()
                .anyMatch(n -> n.getPseudoClassStates().stream().anyMatch(p -> p.getPseudoClassName().equals("bad"))));
        assertEquals("The developer gave no description.", label("#page-description").getText());

        // Its keywords find an app too: "alarm" is in none of Clock's words, only in its keywords.
        clickOn("#" + CatalogView.SEARCH).write("alarm");
        waitUntil(QUICK, () -> lookup("#" + CatalogView.APPS).queryListView().getItems().size() == 1);
        assertEquals("Clock", ((AppEntry) lookup("#" + CatalogView.APPS).queryListView().getItems().get(0)).name());
    }

    @Test
    void anInstallRunsToTheEndInDownloadsAndARevocationSyncRaisesTheSpuriousBanner() throws Exception {
        openWindow();
        select("Clock");
        waitUntil(QUICK, () -> !lookup("#" + CatalogView.INSTALL).queryButton().isDisabled());
        clickOn("#" + CatalogView.INSTALL);
        clickOn(tab(ClientWindow.TAB_DOWNLOADS));
        waitUntil(NETWORK, () -> download("Clock 1.0.0").map(d -> d.state().get() == Download.State.DONE).orElse(false));
        Download done = download("Clock 1.0.0").orElseThrow();
        assertTrue(done.message().get().startsWith("installed org.example.clock 1.0.0 into "), done.message().get());
        assertEquals(1.0, done.fraction().get());

        // The store revoked Clock's signer (compromised) since this home synced: Check now brings it in.
        clickOn(tab(ClientWindow.TAB_EXPLORE));
        assertFalse(lookup("#" + CatalogView.SPURIOUS_BANNER).query().isVisible());
        clickOn("#" + CatalogView.SYNC);
        waitUntil(NETWORK, () -> lookup("#" + CatalogView.SPURIOUS_BANNER).query().isVisible());
        assertTrue(label("#" + CatalogView.SPURIOUS_BANNER).getText().contains("Clock"),
                label("#" + CatalogView.SPURIOUS_BANNER).getText());
        waitUntil(QUICK, () -> "⚠ spurious".equals(((Label) card("Clock").orElseThrow().lookup(".card-badge")).getText()));
    }

    @Test
    void aDownloadWithNoPeerIsCancelledAndAFailureIsReadInFullWithRetry() throws Exception {
        openWindow();
        select("Radio");
        waitUntil(QUICK, () -> !lookup("#" + CatalogView.INSTALL).queryButton().isDisabled());
        clickOn("#" + CatalogView.INSTALL);
        clickOn(tab(ClientWindow.TAB_DOWNLOADS));
        waitUntil(NETWORK, () -> visibleButton(".download-cancel").isPresent()
                && download("Radio 1.0.0").map(d -> d.stage().get().equals("downloading")).orElse(false));
        assertEquals("Downloads (1)", tabNode(ClientWindow.TAB_DOWNLOADS));
        clickOn(visibleButton(".download-cancel").orElseThrow());
        waitUntil(NETWORK, () -> download("Radio 1.0.0").map(d -> d.state().get() == Download.State.CANCELLED)
                .orElse(false));
        assertEquals("cancelled: org.example.radio 1.0.0 was not installed; nothing changed",
                download("Radio 1.0.0").orElseThrow().message().get());
        assertTrue(visibleButton(".download-retry").isPresent(), "a cancelled download can be tried again");
        assertTrue(client.installed(DemoCatalog.RADIO).isEmpty());
        assertFalse(Files.exists(client.home().resolve("apps").resolve(DemoCatalog.RADIO)));

        // Maps downloads, then fails its check: the panel gives the whole reason, wrapped, and Retry.
        clickOn(tab(ClientWindow.TAB_EXPLORE));
        waitUntil(QUICK, () -> lookup("#" + CatalogView.APPS).query().isVisible());
        select("Maps");
        waitUntil(QUICK, () -> !lookup("#" + CatalogView.INSTALL).queryButton().isDisabled());
        clickOn("#" + CatalogView.INSTALL);
        clickOn(tab(ClientWindow.TAB_DOWNLOADS));
        try {
            waitUntil(NETWORK, () -> download("Maps 3.1.0").map(d -> d.state().get() == Download.State.FAILED)
                    .orElse(false));
        } catch (AssertionError e) {
            throw new AssertionError("downloads: " + lookup("#downloads-list").queryAs(ListView.class).getItems().stream()
                    .map(o -> ((Download) o).title() + " " + ((Download) o).state().get() + " "
                            + ((Download) o).stage().get() + " " + ((Download) o).message().get()).toList()
                    + "; status: " + label("#" + CatalogView.STATUS).getText(), e);
        }
        String why = download("Maps 3.1.0").orElseThrow().message().get();
        assertTrue(why.startsWith("not installed: org.example.maps — ") && why.contains("does not match the catalog"), why);
        Label shown = lookup(".download-message").queryAllAs(Label.class).stream()
                .filter(l -> l.getText().equals(why)).findFirst().orElseThrow();
        assertTrue(shown.isWrapText(), "a failure is wrapped, never cut");
        assertFalse(shown.getText().endsWith("..."));
    }

    @Test
    void aTrustOverrideShowsWhatItChangesBeforeItApplies() throws Exception {
        openWindow();
        clickOn(tab(ClientWindow.TAB_TRUST));
        waitUntil(QUICK, () -> lookup(".trust-root").queryAllAs(Label.class).stream()
                .anyMatch(l -> l.getText().startsWith("Test Store: ")));
        interact(() -> {
            lookup("#" + TrustKeysScreen.KEY).queryAs(TextField.class).setText(Personas.EXPIRED.hex());
            lookup("#" + TrustKeysScreen.APP).queryAs(TextField.class).setText(DemoCatalog.CHESS);
        });
        clickOn("#" + TrustKeysScreen.TRUST);
        waitUntil(QUICK, () -> label("#" + TrustKeysScreen.CONSEQUENCES).getText().contains("Chess: refused -> trusted"));
        assertTrue(client.overrides().isEmpty(), "nothing changes before Apply");
        clickOn("#" + TrustKeysScreen.APPLY);
        waitUntil(QUICK, () -> client.overrides().size() == 1);
        clickOn(tab(ClientWindow.TAB_EXPLORE));
        waitUntil(QUICK, () -> "✔ trusted".equals(((Label) card("Chess").orElseThrow().lookup(".card-badge")).getText()));

        // Undo shows the way back first, too.
        clickOn(tab(ClientWindow.TAB_TRUST));
        waitUntil(QUICK, () -> lookup("." + TrustKeysScreen.UNDO).tryQuery().isPresent());
        clickOn("." + TrustKeysScreen.UNDO);
        waitUntil(QUICK, () -> label("#" + TrustKeysScreen.CONSEQUENCES).getText().contains("Chess: trusted -> refused"));
        clickOn("#" + TrustKeysScreen.APPLY);
        waitUntil(QUICK, () -> client.overrides().isEmpty());
    }

    @Test
    void storesListsTheSubscriptionAndSettingsAreSaved() throws Exception {
        openWindow();
        clickOn(tab(ClientWindow.TAB_STORES));
        waitUntil(QUICK, () -> lookup("." + StoresScreen.NAME).tryQuery().isPresent());
        assertEquals("Test Store", label("." + StoresScreen.NAME).getText());
        assertTrue(lookup("." + StoresScreen.LEAVE).tryQuery().isPresent());
        // No peer-to-peer session yet: the screen says so rather than "no peers".
        assertEquals("not sharing yet: the peer-to-peer session starts with the first sync or install",
                label("." + StoresScreen.PEERS).getText());
        javafx.scene.control.Button syncNow = lookup("#" + StoresScreen.SYNC).queryButton();
        interact(syncNow::fire);
        // The sync ends with its report on the screen's status line.
        waitUntil(NETWORK, () -> !syncNow.isDisabled() && storesStatus().contains("Test Store"),
                () -> "status: " + storesStatus());
        // Synced, the home seeds the generation it holds: the screen shows how many peers share it now.
        // (The cards are drawn again when the sync ends: the label may be gone for a moment.)
        waitUntil(NETWORK, () -> lookup("." + StoresScreen.PEERS).tryQuery()
                .map(l -> ((Label) l).getText().contains("connected for its catalog")).orElse(false),
                () -> "peers: " + lookup("." + StoresScreen.PEERS).tryQuery().map(l -> ((Label) l).getText())
                        .orElse("(no label)") + "; status: " + storesStatus());

        clickOn(tab(ClientWindow.TAB_SETTINGS));
        waitUntil(QUICK, () -> label("#" + SettingsScreen.NETWORK).getText().startsWith("a local test network (127.0.0.1:"));
        assertFalse(client.autoUpdate());
        clickOn("#" + SettingsScreen.AUTO_UPDATE);
        clickOn("#" + SettingsScreen.SAVE);
        waitUntil(QUICK, client::autoUpdate);
    }

    private Optional<ListCell<AppEntry>> card(String name) {
        return lookup("#" + CatalogView.APPS + " .list-cell").queryAllAs(ListCell.class).stream()
                .filter(c -> c.getItem() instanceof AppEntry a && a.name().equals(name) && c.isVisible())
                .map(c -> {
                    @SuppressWarnings("unchecked")
                    ListCell<AppEntry> cell = (ListCell<AppEntry>) c;
                    return cell;
                })
                .findFirst();
    }

    /** Clicks an app's card and waits until its page is the one shown. */
    private void select(String name) {
        clickOn(card(name).orElseThrow());
        waitUntil(QUICK, () -> lookup(".detail-name").queryAllAs(Label.class).stream()
                .anyMatch(l -> l.getText().equals(name) && l.isVisible()));
    }

    private Optional<Download> download(String title) {
        return lookup("#downloads-list").queryAs(ListView.class).getItems().stream()
                .filter(d -> ((Download) d).title().equals(title)).map(d -> (Download) d).findFirst();
    }

    private Optional<Button> visibleButton(String styleClass) {
        return lookup(styleClass).queryAllAs(Button.class).stream().filter(Node::isVisible).findFirst();
    }

    private Node tab(String id) {
        javafx.scene.control.TabPane tabs = lookup("#" + ClientWindow.TABS).queryAs(javafx.scene.control.TabPane.class);
        int index = 0;
        for (int i = 0; i < tabs.getTabs().size(); i++) {
            if (id.equals(tabs.getTabs().get(i).getId())) {
                index = i;
            }
        }
        return lookup("#" + ClientWindow.TABS + " .tab").queryAll().stream().toList().get(index);
    }

    private String tabNode(String id) {
        return lookup("#" + ClientWindow.TABS).queryAs(javafx.scene.control.TabPane.class).getTabs().stream()
                .filter(t -> id.equals(t.getId())).findFirst().orElseThrow().getText();
    }

    private static boolean hasImage(Node icon) {
        return icon.lookupAll(".image-view").stream()
                .anyMatch(n -> ((javafx.scene.image.ImageView) n).getImage() != null);
    }

    private Label label(String query) {
        return lookup(query).queryAs(Label.class);
    }

    private static void waitUntil(int seconds, Callable<Boolean> condition) {
        waitUntil(seconds, condition, () -> "");
    }

    /** As {@link #waitUntil(int, Callable)}, saying {@code shown} (what the window showed) when it times out. */
    private static void waitUntil(int seconds, Callable<Boolean> condition, java.util.function.Supplier<String> shown) {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
        } catch (TimeoutException e) {
            throw new AssertionError("condition not met within " + seconds + " s " + shown.get(), e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The Stores screen's status line. */
    private String storesStatus() {
        return lookup("#" + StoresScreen.ROOT + " .status").tryQuery().map(l -> ((Label) l).getText()).orElse("(none)");
    }
}
