package org.caravan.gui;

import java.nio.file.Path;
import java.util.Objects;
import javafx.application.Application;
import javafx.stage.Stage;
import org.caravan.core.client.CaravanClient;
import org.caravan.gui.app.ClientWindow;
import org.caravan.gui.theme.Appearance;
import org.caravan.gui.theme.DesktopPreference;
import org.caravan.gui.theme.WindowSettings;

/**
 * The JavaFX application. Launched by {@link ClientMain}, which is not an {@code Application}
 * itself so that a plain class path or shaded jar can start it.
 */
public final class CaravanApp extends Application {

    /** Named parameter carrying the home folder: {@code --home=DIR}. */
    public static final String HOME_PARAMETER = "home";

    private final ClientFactory factory;
    private final Path fixedHome;
    private CaravanClient client;
    private WindowSettings settings;
    /** What the desktop asks for; used until the user picks a look in the window (then kept in the settings). */
    private Appearance desktopLook;

    /**
     * The real client, in the folder given by the {@code --home=DIR} parameter: served by this window when no
     * service runs there, else the running service's (see {@link ServedHome}).
     */
    public CaravanApp() {
        this(new ServedHome(), null);
    }

    /** Any client, in {@code home}; for embedding and tests. */
    public CaravanApp(ClientFactory factory, Path home) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.fixedHome = home;
    }

    /** Runs on the launcher thread, so opening a database or network session does not freeze a window. */
    @Override
    public void init() {
        Path home = fixedHome != null ? fixedHome : homeParameter();
        CaravanClient opened = factory.open(home);
        if (opened == null) {
            throw new IllegalStateException("the client factory returned no client for home " + home);
        }
        client = opened;
        // Reading the settings and asking the desktop for its look may be slow: not on the FX thread.
        settings = WindowSettings.load(home.resolve(WindowSettings.FILE));
        if (settings.appearance().isEmpty()) {
            desktopLook = DesktopPreference.detect().orElse(null);
        }
    }

    @Override
    public void start(Stage stage) {
        try {
            if (desktopLook != null) {
                ClientWindow.applyAppearance(desktopLook);
            }
            ClientWindow.open(stage, client, client.syncInterval(), settings, null);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** The last window closed: a home this window served is let go (the window's client.close() leaves it). */
    @Override
    public void stop() {
        if (factory instanceof ServedHome served) {
            served.close();
        }
    }

    private Path homeParameter() {
        Parameters parameters = getParameters();
        String home = parameters == null ? null : parameters.getNamed().get(HOME_PARAMETER);
        if (home == null || home.isBlank()) {
            throw new IllegalArgumentException("missing parameter --" + HOME_PARAMETER + "=DIR");
        }
        return Path.of(home);
    }
}
