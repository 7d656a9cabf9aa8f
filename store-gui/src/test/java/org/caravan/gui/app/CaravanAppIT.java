package org.caravan.gui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Application;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.caravan.core.client.ClientService;
import org.caravan.core.testing.StoreFixture;
import org.caravan.gui.CaravanApp;
import org.caravan.gui.catalog.CatalogView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The application opens the real client of its home folder, shows it, and closes it with the window. */
class CaravanAppIT extends FxRobot {

    @TempDir
    Path tmp;

    @Test
    void opensTheClientOfItsHomeAndClosesItWithTheWindow() throws Exception {
        Stage primary = FxToolkit.registerPrimaryStage();
        Path home = tmp.resolve("caravan-home");
        AtomicReference<Path> openedHome = new AtomicReference<>();
        AtomicReference<ClientService> opened = new AtomicReference<>();
        Application app = FxToolkit.setupApplication(() -> new CaravanApp(dir -> {
            openedHome.set(dir);
            opened.set(ClientService.open(dir, StoreFixture.CLOCK));
            return opened.get();
        }, home));

        assertEquals(home, openedHome.get());
        assertTrue(Files.isDirectory(home.resolve("db")), "the client's database lives in its home");
        // A new home subscribes to nothing yet: the window says so instead of showing an empty grid.
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS,
                () -> "0 apps from 0 stores".equals(lookup("#" + CatalogView.SUMMARY).queryLabeled().getText()));
        ListView<?> table = lookup("#" + CatalogView.APPS).queryListView();
        assertTrue(table.getItems().isEmpty());
        Label placeholder = (Label) table.getPlaceholder();
        assertNotNull(placeholder.getScene(), "the placeholder is shown");
        assertEquals("No apps yet: paste a store's magnet link above and press Add store.", placeholder.getText());
        assertEquals("Caravan", primary.getTitle());
        assertFalse(closed(opened.get()));

        FxToolkit.setupFixture(primary::close);
        FxToolkit.cleanupApplication(app);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> closed(opened.get()));
    }

    private static boolean closed(ClientService client) {
        try {
            client.apps();
            return false;
        } catch (IllegalStateException e) {
            return true; // its database is closed
        }
    }
}
