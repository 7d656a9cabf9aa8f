package org.caravan.gui.plugins;

import java.util.List;
import java.util.concurrent.Executor;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.caravan.core.client.CaravanClient;
import org.caravan.core.client.PluginInfo;
import org.caravan.gui.fx.FxBridge;
import org.caravan.gui.fx.Screen;
import org.caravan.gui.text.Texts;

/** Plugins: every installed plugin with its state; Enable/Disable; a refused plugin says why instead of vanishing. */
public final class PluginsScreen extends Screen {
    public static final String ROOT = "plugins-screen";
    /** Style classes of a plugin's row, its switch and its state text. */
    public static final String ROW = "plugin-row";
    public static final String TOGGLE = "plugin-toggle";
    public static final String STATE = "plugin-state";

    private final VBox root = new VBox(10);
    private final VBox list = new VBox(8);

    private final Runnable changed;

    /** {@code changed} runs after a plugin was switched (the app page shows its panels again). */
    public PluginsScreen(CaravanClient client, Executor background, FxBridge bridge, Runnable changed) {
        super(client, background, bridge);
        this.changed = changed;
        Label title = new Label(Texts.get("plugins.title"));
        title.getStyleClass().add("title");
        Label intro = new Label(Texts.get("plugins.intro"));
        intro.setWrapText(true);
        root.getChildren().setAll(title, intro, list, statusLabel);
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
        call(client::plugins, this::show);
    }

    void onToggle(PluginInfo p) {
        boolean enable = p.state() != PluginInfo.State.ENABLED;
        call(() -> {
            client.setPluginEnabled(p.pluginId(), enable);
            return client.plugins();
        }, plugins -> {
            say(false, Texts.get(enable ? "plugins.enabled" : "plugins.disabled", p.pluginId()));
            show(plugins);
            changed.run();
        });
    }

    private void show(List<PluginInfo> plugins) {
        list.getChildren().clear();
        if (plugins.isEmpty()) {
            Label none = new Label(Texts.get("plugins.none"));
            none.setWrapText(true);
            none.getStyleClass().add("empty-state");
            list.getChildren().add(none);
        }
        for (PluginInfo p : plugins) {
            Label name = new Label(p.pluginId() + " " + p.version());
            name.getStyleClass().add("plugin-name");
            Label state = new Label(Texts.get("plugins.state." + p.state().name().toLowerCase(java.util.Locale.ROOT))
                    + (p.detail() == null || p.detail().isBlank() ? "" : ": " + p.detail()));
            state.setWrapText(true);
            state.getStyleClass().add(STATE);
            state.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("failure"),
                    p.state() == PluginInfo.State.REFUSED);
            Label point = new Label(Texts.get("plugins.point", p.extensionPoint()));
            point.getStyleClass().add("detail-meta");
            VBox text = new VBox(2, name, point, state);
            HBox.setHgrow(text, Priority.ALWAYS);
            Button toggle = new Button(Texts.get(p.state() == PluginInfo.State.ENABLED ? "plugins.disable" : "plugins.enable"));
            toggle.getStyleClass().add(TOGGLE);
            toggle.setAccessibleText(Texts.get(p.state() == PluginInfo.State.ENABLED ? "plugins.disable.accessible"
                    : "plugins.enable.accessible", p.pluginId()));
            toggle.setOnAction(e -> onToggle(p));
            HBox row = new HBox(10, text, toggle);
            row.setAlignment(Pos.CENTER_LEFT);
            row.getStyleClass().add(ROW);
            row.setPadding(new Insets(8));
            list.getChildren().add(row);
        }
    }
}
