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
        demo = DemoCatalog.start(tmp.resolve("demo"));
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
            clickOn(row("Notes"));
            waitUntil(() -> !lookup("#" + CatalogView.INSTALL).queryButton().isDisabled());
            save(stage, "explore" + suffix);
            clickOn(row("Paint"));
            waitUntil(() -> lookup("#" + CatalogView.INSTALL_HINT).queryLabeled().getText().contains("revoked"));
            save(stage, "app-spurious" + suffix);
            clickOn(row("Chess"));
            waitUntil(() -> lookup("#" + CatalogView.INSTALL_HINT).queryLabeled().getText().contains("refused"));
            save(stage, "app-refused" + suffix);
            clickOn("#" + CatalogView.SEARCH).write("xylophone");
            waitUntil(() -> lookup("#" + CatalogView.EMPTY).queryLabeled().getText().startsWith("No results"));
            save(stage, "no-results" + suffix);
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
