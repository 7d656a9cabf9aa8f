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

    /**
     * {@code caravan demo} starts the window while its story still fills the home: the window readies itself, but
     * opens the home only when told (a line on its input), and then shows it.
     */
    @Test
    void aWindowStartedEarlyOpensItsHomeOnlyWhenTold() throws Exception {
        Stage primary = FxToolkit.registerPrimaryStage();
        Path home = tmp.resolve("caravan-home");
        java.util.concurrent.atomic.AtomicBoolean told = new java.util.concurrent.atomic.AtomicBoolean();
        AtomicReference<Boolean> openedAfterTold = new AtomicReference<>();
        AtomicReference<ClientService> opened = new AtomicReference<>();
        java.io.PipedOutputStream input = new java.io.PipedOutputStream();
        java.io.InputStream stdin = System.in;
        System.setIn(new java.io.PipedInputStream(input));
        System.setProperty(CaravanApp.WAIT_FOR_INPUT, "true");
        try {
            java.util.concurrent.CompletableFuture<Application> app = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return FxToolkit.setupApplication(() -> new CaravanApp(dir -> {
                        openedAfterTold.set(told.get());
                        opened.set(ClientService.open(dir, StoreFixture.CLOCK));
                        return opened.get();
                    }, home));
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new IllegalStateException(e);
                }
            });
            // The story is still running: give a window that would not wait every chance to open the home early.
            Thread.sleep(1000);
            assertFalse(app.isDone(), "the window waits for its home");
            told.set(true);
            input.write('\n');
            input.flush();
            Application started = app.get(60, TimeUnit.SECONDS);
            assertEquals(Boolean.TRUE, openedAfterTold.get(), "the home is opened only once the story is told");
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                    () -> "0 apps from 0 stores".equals(lookup("#" + CatalogView.SUMMARY).queryLabeled().getText()));
            FxToolkit.setupFixture(primary::close);
            FxToolkit.cleanupApplication(started);
            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> closed(opened.get()));
        } finally {
            System.clearProperty(CaravanApp.WAIT_FOR_INPUT);
            System.setIn(stdin);
            input.close();
        }
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
