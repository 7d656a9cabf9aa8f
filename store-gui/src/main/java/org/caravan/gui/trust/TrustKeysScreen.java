package org.caravan.gui.trust;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.caravan.core.client.AppEntry;
import org.caravan.core.client.CaravanClient;
import org.caravan.core.client.StoreRoot;
import org.caravan.gui.fx.FxBridge;
import org.caravan.gui.fx.Screen;
import org.caravan.gui.text.Texts;
import org.caravan.keyring.key.Fingerprint;
import org.caravan.keyring.trust.LocalOverride;

/**
 * Trust and keys: the roots of every store, the user's own overrides (trust a key for one app, distrust a key
 * everywhere) with Undo, and for each change the apps whose standing it changes, shown before it applies.
 */
public final class TrustKeysScreen extends Screen {
    public static final String ROOT = "trust-screen";
    public static final String KEY = "override-key";
    public static final String APP = "override-app";
    public static final String TRUST = "override-trust";
    public static final String DISTRUST = "override-distrust";
    public static final String APPLY = "override-apply";
    public static final String CANCEL = "override-cancel";
    public static final String CONSEQUENCES = "override-consequences";
    /** Style class of each override's Undo button. */
    public static final String UNDO = "override-undo";

    private final VBox root = new VBox(10);
    private final VBox roots = new VBox(4);
    private final VBox overrides = new VBox(4);
    private final TextField key = new TextField();
    private final TextField app = new TextField();
    private final Button trust = new Button(Texts.get("trust.trust"));
    private final Button distrust = new Button(Texts.get("trust.distrust"));
    private final Label consequences = new Label();
    private final Button apply = new Button(Texts.get("trust.apply"));
    private final Button cancel = new Button(Texts.get("trust.cancel"));
    private final VBox preview = new VBox(6);
    private final Runnable changed;
    /** The change shown for confirmation: applied by {@link #onApply()}. */
    private Runnable pending;

    public TrustKeysScreen(CaravanClient client, Executor background, FxBridge bridge, Runnable changed) {
        super(client, background, bridge);
        this.changed = changed;
        Label title = new Label(Texts.get("trust.title"));
        title.getStyleClass().add("title");
        Label rootsTitle = section("trust.roots");
        Label overridesTitle = section("trust.overrides");
        Label intro = new Label(Texts.get("trust.intro"));
        intro.setWrapText(true);
        key.setId(KEY);
        key.setPromptText(Texts.get("trust.key.prompt"));
        key.setAccessibleText(Texts.get("trust.key.prompt"));
        HBox.setHgrow(key, Priority.ALWAYS);
        app.setId(APP);
        app.setPromptText(Texts.get("trust.app.prompt"));
        app.setAccessibleText(Texts.get("trust.app.prompt"));
        trust.setId(TRUST);
        distrust.setId(DISTRUST);
        distrust.getStyleClass().add("danger");
        trust.setOnAction(e -> onTrust());
        distrust.setOnAction(e -> onDistrust());
        HBox form = new HBox(8, key, app, trust, distrust);
        form.setAlignment(Pos.CENTER_LEFT);
        consequences.setId(CONSEQUENCES);
        consequences.setWrapText(true);
        apply.setId(APPLY);
        apply.getStyleClass().add("accent");
        cancel.setId(CANCEL);
        apply.setOnAction(e -> onApply());
        cancel.setOnAction(e -> showPreview(null, null));
        preview.getChildren().setAll(consequences, new HBox(8, apply, cancel));
        preview.getStyleClass().add("confirm-box");
        showPreview(null, null);
        root.getChildren().setAll(title, rootsTitle, roots, overridesTitle, intro, overrides, form, preview, statusLabel);
        root.setPadding(new Insets(12));
        root.setId(ROOT);
    }

    private static Label section(String key) {
        Label l = new Label(Texts.get(key));
        l.getStyleClass().add("section");
        return l;
    }

    @Override
    public Parent view() {
        ScrollPane scroll = new ScrollPane(root);
        scroll.setFitToWidth(true);
        return scroll;
    }

    @Override
    public void onActivate() {
        call(() -> new Object[] {client.roots(), client.overrides()}, r -> {
            @SuppressWarnings("unchecked")
            List<StoreRoot> rs = (List<StoreRoot>) r[0];
            @SuppressWarnings("unchecked")
            List<LocalOverride> os = (List<LocalOverride>) r[1];
            roots.getChildren().clear();
            for (StoreRoot root : rs) {
                Label l = new Label(Texts.get("trust.root", root.storeName(), root.userId(), root.fingerprint()));
                l.setWrapText(true);
                l.getStyleClass().add("trust-root");
                roots.getChildren().add(l);
            }
            if (rs.isEmpty()) {
                roots.getChildren().add(new Label(Texts.get("trust.roots.none")));
            }
            overrides.getChildren().clear();
            for (LocalOverride o : os) {
                overrides.getChildren().add(overrideRow(o, os));
            }
            if (os.isEmpty()) {
                overrides.getChildren().add(new Label(Texts.get("trust.overrides.none")));
            }
        });
    }

    private HBox overrideRow(LocalOverride o, List<LocalOverride> all) {
        Fingerprint k = o instanceof LocalOverride.TrustForApp t ? t.key() : ((LocalOverride.Distrust) o).key();
        Label l = new Label(o instanceof LocalOverride.TrustForApp t ? Texts.get("trust.override.trust", k.hex(), t.appId())
                : Texts.get("trust.override.distrust", k.hex()));
        l.setWrapText(true);
        HBox.setHgrow(l, Priority.ALWAYS);
        Button undo = new Button(Texts.get("trust.undo"));
        undo.getStyleClass().add(UNDO);
        undo.setAccessibleText(Texts.get("trust.undo.accessible", k.hex()));
        undo.setOnAction(e -> {
            List<LocalOverride> after = new ArrayList<>(all);
            after.removeIf(x -> (x instanceof LocalOverride.TrustForApp t ? t.key() : ((LocalOverride.Distrust) x).key())
                    .equals(k));
            preview(after, Texts.get("trust.preview.undo", k.hex()), () -> client.forgetOverrides(k));
        });
        HBox row = new HBox(8, l, undo);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    void onTrust() {
        Fingerprint k = fingerprint();
        String appId = app.getText() == null ? "" : app.getText().trim();
        if (k == null) {
            return;
        }
        if (appId.isEmpty()) {
            say(true, Texts.get("trust.app.missing"));
            return;
        }
        withCurrent(current -> {
            List<LocalOverride> after = new ArrayList<>(current);
            after.add(new LocalOverride.TrustForApp(k, appId));
            preview(after, Texts.get("trust.preview.trust", k.hex(), appId), () -> client.trustKeyForApp(k, appId));
        });
    }

    void onDistrust() {
        Fingerprint k = fingerprint();
        if (k == null) {
            return;
        }
        withCurrent(current -> {
            List<LocalOverride> after = new ArrayList<>(current);
            after.add(new LocalOverride.Distrust(k));
            preview(after, Texts.get("trust.preview.distrust", k.hex()), () -> client.distrustKey(k));
        });
    }

    void onApply() {
        Runnable change = pending;
        if (change == null) {
            return;
        }
        showPreview(null, null);
        call(() -> {
            change.run();
            return Boolean.TRUE;
        }, ok -> {
            say(false, Texts.get("trust.applied"));
            key.clear();
            app.clear();
            changed.run();
            onActivate();
        });
    }

    private void withCurrent(java.util.function.Consumer<List<LocalOverride>> then) {
        call(client::overrides, then);
    }

    /** Works out which apps change state under {@code after}, then shows that and waits for Apply. */
    private void preview(List<LocalOverride> after, String what, Runnable change) {
        call(() -> new Object[] {client.apps(), client.previewOverrides(after)}, r -> {
            @SuppressWarnings("unchecked")
            List<AppEntry> now = (List<AppEntry>) r[0];
            @SuppressWarnings("unchecked")
            List<AppEntry> then = (List<AppEntry>) r[1];
            Map<String, AppEntry> before = new HashMap<>();
            now.forEach(a -> before.put(a.storeName() + "/" + a.appId(), a));
            List<String> lines = new ArrayList<>();
            for (AppEntry a : then) {
                AppEntry b = before.get(a.storeName() + "/" + a.appId());
                if (b != null && b.state() != a.state()) {
                    lines.add(Texts.get("trust.preview.line", a.name(), b.state().label(), a.state().label()));
                }
            }
            String text = what + "\n" + (lines.isEmpty() ? Texts.get("trust.preview.nothing")
                    : Texts.get("trust.preview.changes") + "\n" + String.join("\n", lines));
            showPreview(text, change);
        });
    }

    private void showPreview(String text, Runnable change) {
        pending = change;
        boolean shown = text != null;
        consequences.setText(shown ? text : "");
        preview.setVisible(shown);
        preview.setManaged(shown);
    }

    private Fingerprint fingerprint() {
        String text = key.getText() == null ? "" : key.getText().replace(" ", "").trim();
        try {
            return Fingerprint.of(text);
        } catch (IllegalArgumentException e) {
            say(true, Texts.get("trust.key.bad", text, e.getMessage()));
            return null;
        }
    }
}
