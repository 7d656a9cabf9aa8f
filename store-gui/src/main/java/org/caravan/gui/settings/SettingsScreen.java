package org.caravan.gui.settings;

import java.time.Duration;
import java.util.concurrent.Executor;
import javafx.geometry.Insets;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.caravan.core.client.CaravanClient;
import org.caravan.core.net.NetworkConfig;
import org.caravan.gui.fx.FxBridge;
import org.caravan.gui.fx.Screen;
import org.caravan.gui.text.Texts;

/** Settings: the network in use, seeding and its upload limit, automatic updates and the sync interval. */
public final class SettingsScreen extends Screen {
    public static final String ROOT = "settings-screen";
    public static final String SEEDING = "setting-seeding";
    public static final String UPLOAD = "setting-upload";
    public static final String AUTO_UPDATE = "setting-auto-update";
    public static final String INTERVAL = "setting-interval";
    public static final String SAVE = "setting-save";
    public static final String NETWORK = "setting-network";

    private final VBox root = new VBox(10);
    private final Label network = new Label();
    private final CheckBox seeding = new CheckBox(Texts.get("settings.seeding"));
    private final Spinner<Integer> upload = new Spinner<>(0, 1_000_000, 1024, 128);
    private final CheckBox autoUpdate = new CheckBox(Texts.get("settings.autoupdate"));
    private final Spinner<Integer> interval = new Spinner<>(1, 24 * 60, 15, 5);
    private final Button save = new Button(Texts.get("settings.save"));

    private record Values(NetworkConfig network, boolean seeding, long upload, boolean autoUpdate, Duration interval) {}

    public SettingsScreen(CaravanClient client, Executor background, FxBridge bridge) {
        super(client, background, bridge);
        Label title = new Label(Texts.get("settings.title"));
        title.getStyleClass().add("title");
        network.setId(NETWORK);
        network.setWrapText(true);
        seeding.setId(SEEDING);
        seeding.setAccessibleText(Texts.get("settings.seeding"));
        upload.setId(UPLOAD);
        upload.setEditable(true);
        upload.setAccessibleText(Texts.get("settings.upload"));
        autoUpdate.setId(AUTO_UPDATE);
        autoUpdate.setAccessibleText(Texts.get("settings.autoupdate"));
        interval.setId(INTERVAL);
        interval.setEditable(true);
        interval.setAccessibleText(Texts.get("settings.interval"));
        save.setId(SAVE);
        save.getStyleClass().add("accent");
        save.setOnAction(e -> onSave());
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(8);
        grid.addRow(0, new Label(Texts.get("settings.network")), network);
        grid.addRow(1, new Label(""), seeding);
        grid.addRow(2, new Label(Texts.get("settings.upload")), upload);
        grid.addRow(3, new Label(""), autoUpdate);
        grid.addRow(4, new Label(Texts.get("settings.interval")), interval);
        Label networkHelp = new Label(Texts.get("settings.network.help"));
        networkHelp.setWrapText(true);
        networkHelp.getStyleClass().add("detail-meta");
        root.getChildren().setAll(title, grid, networkHelp, save, statusLabel);
        root.setPadding(new Insets(12));
        root.setId(ROOT);
    }

    @Override
    public Parent view() {
        ScrollPane scroll = new ScrollPane(root);
        scroll.setFitToWidth(true);
        return scroll;
    }

    @Override
    public void onActivate() {
        call(() -> new Values(client.network(), client.seeding(), client.uploadLimitKib(), client.autoUpdate(),
                client.syncInterval()), v -> {
            network.setText(v.network() == null ? Texts.get("settings.network.none")
                    : v.network().mode() == NetworkConfig.Mode.MAINLINE ? Texts.get("settings.network.public")
                    : Texts.get("settings.network.local", String.join(", ",
                            v.network().bootstrap().stream().map(Object::toString).toList())));
            seeding.setSelected(v.seeding());
            upload.getValueFactory().setValue((int) Math.min(Integer.MAX_VALUE, v.upload()));
            autoUpdate.setSelected(v.autoUpdate());
            interval.getValueFactory().setValue((int) Math.max(1, v.interval().toMinutes()));
        });
    }

    void onSave() {
        boolean seed = seeding.isSelected();
        long limit = upload.getValue();
        boolean auto = autoUpdate.isSelected();
        Duration every = Duration.ofMinutes(interval.getValue());
        call(() -> {
            client.setSeeding(seed);
            client.setUploadLimit(limit);
            client.setAutoUpdate(auto);
            client.setSyncInterval(every);
            return Boolean.TRUE;
        }, ok -> say(false, Texts.get("settings.saved")));
    }
}
