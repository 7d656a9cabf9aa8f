package org.caravan.gui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Application;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.caravan.gui.CaravanApp;
import org.caravan.gui.catalog.CatalogView;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The application opens the client of its home folder, shows it, and closes it with the window. */
class CaravanAppIT extends FxRobot {

    @Test
    void opensTheClientOfItsHomeAndClosesItWithTheWindow() throws Exception {
        Stage primary = FxToolkit.registerPrimaryStage();
        ScriptedClient client = ScriptedClient.sample();
        AtomicReference<Path> openedHome = new AtomicReference<>();
        Path home = Path.of("/tmp/caravan-it-home");
        Application app = FxToolkit.setupApplication(() -> new CaravanApp(dir -> {
            openedHome.set(dir);
            return client;
        }, home));

        assertEquals(home, openedHome.get());
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS,
                () -> !lookup("#" + CatalogView.APPS).queryAs(TableView.class).getItems().isEmpty());
        assertEquals("Caravan", primary.getTitle());
        assertFalse(client.isClosed());

        FxToolkit.setupFixture(primary::close);
        FxToolkit.cleanupApplication(app);
        waitClosed(client);
        assertTrue(client.isClosed());
    }

    private static void waitClosed(ScriptedClient client) throws TimeoutException {
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, client::isClosed);
    }
}
