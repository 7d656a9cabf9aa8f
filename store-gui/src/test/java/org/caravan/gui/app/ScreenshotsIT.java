package org.caravan.gui.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import javafx.scene.control.ListCell;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.caravan.core.client.AppEntry;
import org.caravan.core.client.CaravanClient;
import org.caravan.core.testing.StoreFixture;
import org.caravan.gui.catalog.CatalogView;
import org.caravan.gui.firstrun.FirstRunView;
import org.caravan.gui.theme.Appearance;
import org.caravan.gui.theme.WindowSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Renders every screen of the window, light and dark, at 1024x600 (the smallest screen the window is made
 * for), headless, into {@code -Dcaravan.screenshots=DIR} (default: the build folder's screenshots/).
 * {@code bench/screenshots.sh} runs it to refresh docs/screenshots/.
 */
class ScreenshotsIT extends FxRobot {

    @TempDir
    static Path tmp;
    static DemoCatalog demo;

    @BeforeAll
    static void start() throws Exception {
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupFixture(() -> Platform.setImplicitExit(false));
        demo = DemoCatalog.start(tmp.resolve("demo"), true);
    }

    @AfterAll
    static void stop() throws TimeoutException {
        FxToolkit.setupFixture(() -> ClientWindow.applyAppearance(Appearance.LIGHT));
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void everyScreenLightAndDark() throws Exception {
        for (Appearance look : Appearance.values()) {
            String suffix = "-" + look.key() + ".png";
            Stage first = open(demo.openFreshClient(StoreFixture.CLOCK), look);
            waitUntil(() -> lookup("#" + FirstRunView.ROOT).query().isVisible());
            save(first, "first-run" + suffix);
            close(first);

            Stage stage = open(demo.openClient(StoreFixture.CLOCK), look);
            waitUntil(() -> row("Notes") != null);
            clickOn(row("Clock"));
            waitUntil(() -> !lookup("#" + CatalogView.INSTALL).queryButton().isDisabled()
                    && lookup("#trust-graph .trust-node").tryQuery().isPresent()
                    && lookup("#page-screenshots .screenshot").tryQuery().isPresent());
            save(stage, "explore" + suffix);
            // Further down the same page: the trust path as a graph and the version history.
            interact(() -> {
                javafx.scene.control.ScrollPane page = lookup("#" + CatalogView.DETAILS)
                        .queryAs(javafx.scene.control.ScrollPane.class);
                javafx.scene.Node graph = lookup("#trust-graph").query();
                double y = graph.localToScene(0, 0).getY() - page.getContent().localToScene(0, 0).getY();
                double range = page.getContent().getBoundsInLocal().getHeight() - page.getViewportBounds().getHeight();
                page.setVvalue(Math.min(1, Math.max(0, (y - 40) / range)));
            });
            save(stage, "app-trust-graph" + suffix);
            clickOn(row("Paint"));
            waitUntil(() -> lookup("#" + CatalogView.INSTALL_HINT).queryLabeled().getText().contains("revoked"));
            save(stage, "app-spurious" + suffix);
            clickOn(row("Chess"));
            waitUntil(() -> lookup("#" + CatalogView.INSTALL_HINT).queryLabeled().getText().contains("refused"));
            save(stage, "app-refused" + suffix);
            clickOn("#" + CatalogView.SEARCH).write("xylophone");
            waitUntil(() -> lookup("#" + CatalogView.EMPTY).queryLabeled().getText().startsWith("No results"));
            save(stage, "no-results" + suffix);
            interact(() -> lookup("#" + CatalogView.SEARCH).queryTextInputControl().clear());
            waitUntil(() -> row("Radio") != null);

            // Downloads: one waiting for a peer (with Cancel), one failed in full (with Retry).
            for (String name : new String[] {"Maps", "Radio"}) {
                clickOn(row(name));
                waitUntil(() -> !lookup("#" + CatalogView.INSTALL).queryButton().isDisabled());
                clickOn("#" + CatalogView.INSTALL);
                if (name.equals("Maps")) {
                    waitUntil(() -> lookup(".download-retry").queryAll().stream().anyMatch(javafx.scene.Node::isVisible));
                }
            }
            select(ClientWindow.TAB_DOWNLOADS);
            waitUntil(() -> lookup(".download-transfer").queryAllAs(javafx.scene.control.Label.class).stream()
                    .anyMatch(l -> l.getText().contains("peer")));
            save(stage, "downloads" + suffix);
            lookup(".download-cancel").queryAllAs(javafx.scene.control.Button.class).stream()
                    .filter(javafx.scene.Node::isVisible).findFirst().ifPresent(this::clickOn);

            select(ClientWindow.TAB_STORES);
            waitUntil(() -> lookup(".store-name").tryQuery().isPresent());
            save(stage, "stores" + suffix);
            select(ClientWindow.TAB_TRUST);
            waitUntil(() -> lookup(".trust-root").tryQuery().isPresent());
            interact(() -> {
                lookup("#override-key").queryTextInputControl().setText(
                        org.caravan.keyring.testing.Personas.EXPIRED.hex());
                lookup("#override-app").queryTextInputControl().setText(DemoCatalog.CHESS);
            });
            clickOn("#override-trust");
            waitUntil(() -> lookup("#override-consequences").queryLabeled().getText().contains("->"));
            save(stage, "trust" + suffix);
            select(ClientWindow.TAB_PLUGINS);
            waitUntil(() -> lookup("#plugins-screen .empty-state").tryQuery().isPresent());
            save(stage, "plugins" + suffix);
            select(ClientWindow.TAB_SETTINGS);
            waitUntil(() -> !lookup("#setting-network").queryLabeled().getText().isEmpty());
            save(stage, "settings" + suffix);
            close(stage);
        }
    }

    private Stage open(CaravanClient client, Appearance look) throws TimeoutException {
        WindowSettings settings = WindowSettings.inMemory();
        settings.bounds(0, 0, 1024, 600);
        settings.appearance(look);
        return FxToolkit.setupFixture(() -> {
            Stage window = new Stage();
            ClientWindow.open(window, client, null, settings, null);
            return window;
        });
    }

    private void close(Stage stage) throws TimeoutException {
        FxToolkit.setupFixture(stage::close);
        WaitForAsyncUtils.sleep(300, TimeUnit.MILLISECONDS); // the client closes in the background
    }

    /** Clicks the tab with this id, as a user would. */
    private void select(String tabId) {
        javafx.scene.control.TabPane tabs = lookup("#" + ClientWindow.TABS).queryAs(javafx.scene.control.TabPane.class);
        int index = 0;
        for (int i = 0; i < tabs.getTabs().size(); i++) {
            if (tabId.equals(tabs.getTabs().get(i).getId())) {
                index = i;
            }
        }
        clickOn(lookup("#" + ClientWindow.TABS + " .tab").queryAll().stream().toList().get(index));
    }

    private ListCell<?> row(String name) {
        return lookup("#" + CatalogView.APPS + " .list-cell").queryAllAs(ListCell.class).stream()
                .filter(r -> r.getItem() instanceof AppEntry a && a.name().equals(name)).findFirst().orElse(null);
    }

    private static void waitUntil(Callable<Boolean> condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static void save(Stage stage, String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> stage.getScene().snapshot(null)).get(10, TimeUnit.SECONDS);
        Path out = outputDirectory().resolve(name);
        Files.createDirectories(out.getParent());
        PixelReader pixels = image.getPixelReader();
        BufferedImage png = new BufferedImage((int) image.getWidth(), (int) image.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < png.getHeight(); y++) {
            for (int x = 0; x < png.getWidth(); x++) {
                png.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        assertTrue(ImageIO.write(png, "png", out.toFile()), "wrote " + out);
    }

    private static Path outputDirectory() throws Exception {
        String dir = System.getProperty("caravan.screenshots");
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir);
        }
        return Path.of(ScreenshotsIT.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getParent().resolve("screenshots");
    }
}
