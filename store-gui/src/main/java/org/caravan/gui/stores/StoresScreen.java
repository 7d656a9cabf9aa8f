package org.caravan.gui.stores;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.caravan.core.client.CaravanClient;
import org.caravan.core.client.StoreRecord;
import org.caravan.core.client.SyncReport;
import org.caravan.gui.fx.FxBridge;
import org.caravan.gui.fx.Screen;
import org.caravan.gui.text.Texts;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignE;

/**
 * Stores: each subscription with its name (or, for a store that never answered, that fact and its key),
 * generation, last sync, expiry, the peers sharing its catalog with this home now, the magnet to copy, Sync now
 * and Leave (asked twice).
 */
public final class StoresScreen extends Screen {
    public static final String ROOT = "stores-screen";
    public static final String SYNC = "stores-sync";
    /** Style classes of each store's card and buttons. */
    public static final String CARD = "store-card";
    public static final String LEAVE = "store-leave";
    public static final String COPY = "store-copy";
    public static final String NAME = "store-name";
    /** Style class of the peers value on each card. */
    public static final String PEERS = "store-peers";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final BorderPane root = new BorderPane();
    private final VBox cards = new VBox(10);
    private final Button sync = new Button(Texts.get("stores.sync"), new FontIcon(MaterialDesignC.CLOUD_SYNC_OUTLINE));
    private final Runnable changed;

    /** {@code changed} runs after a sync or a leave (the app list reads itself again). */
    public StoresScreen(CaravanClient client, Executor background, FxBridge bridge, Runnable changed) {
        super(client, background, bridge);
        this.changed = changed;
        root.setId(ROOT);
        Label title = new Label(Texts.get("stores.title"));
        title.getStyleClass().add("title");
        sync.setId(SYNC);
        sync.setAccessibleText(Texts.get("stores.sync"));
        sync.setOnAction(e -> onSyncNow());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(12, title, spacer, sync);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add("header");
        ScrollPane scroll = new ScrollPane(cards);
        scroll.setFitToWidth(true);
        cards.setPadding(new Insets(12));
        root.setTop(header);
        root.setCenter(scroll);
        statusLabel.setPadding(new Insets(6, 12, 6, 12));
        root.setBottom(statusLabel);
    }

    @Override
    public Parent view() {
        return root;
    }

    @Override
    public void onActivate() {
        call(() -> client.stores().stream().map(s -> new Shown(s, client.storePeers(s.storeKey()))).toList(),
                this::show);
    }

    /** A store as the screen shows it: with the peers connected for its catalog now (-1: not known). */
    private record Shown(StoreRecord store, int peers) {}

    void onSyncNow() {
        sync.setDisable(true);
        say(false, Texts.get("stores.syncing"));
        call(client::sync, reports -> {
            sync.setDisable(false);
            boolean ok = reports.stream().allMatch(SyncReport::ok);
            say(!ok, reports.isEmpty() ? Texts.get("stores.none")
                    : String.join("; ", reports.stream().map(SyncReport::message).toList()));
            changed.run();
            onActivate();
        });
    }

    void onLeave(StoreRecord s) {
        call(() -> client.unsubscribe(s.storeKey()), left -> {
            say(false, Texts.get("stores.left", s.displayName()));
            changed.run();
            onActivate();
        });
    }

    private void show(List<Shown> stores) {
        cards.getChildren().clear();
        if (stores.isEmpty()) {
            Label none = new Label(Texts.get("stores.none"));
            none.setWrapText(true);
            none.getStyleClass().add("empty-state");
            cards.getChildren().add(none);
        }
        for (Shown s : stores) {
            cards.getChildren().add(card(s.store(), s.peers()));
        }
    }

    private Region card(StoreRecord s, int peers) {
        boolean answered = s.generation() > 0;
        Label name = new Label(answered ? s.displayName() : Texts.get("stores.never", s.storeKey().substring(0, 16)));
        name.getStyleClass().addAll(NAME, answered ? "store-answered" : "store-silent");
        name.setWrapText(true);
        GridPane facts = new GridPane();
        facts.setHgap(12);
        facts.setVgap(3);
        facts.addRow(0, fact("stores.generation"), value(answered ? Long.toString(s.generation()) : "—"));
        facts.addRow(1, fact("stores.synced"), value(when(s.syncedAt())));
        facts.addRow(2, fact("stores.expires"), value(s.expires() == null ? "—" : when(s.expires())));
        Label peersValue = value(peersText(peers));
        peersValue.getStyleClass().add(PEERS);
        facts.addRow(3, fact("stores.peers"), peersValue);
        facts.addRow(4, fact("stores.key"), value(s.storeKey()));
        String magnet = s.magnet().toString();
        Button copy = new Button(Texts.get("stores.copy"), new FontIcon(MaterialDesignC.CONTENT_COPY));
        copy.getStyleClass().add(COPY);
        copy.setAccessibleText(Texts.get("stores.copy.accessible", s.displayName()));
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(magnet);
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(c);
            say(false, Texts.get("stores.copied", s.displayName()));
        });
        Button leave = new Button(Texts.get("stores.leave"), new FontIcon(MaterialDesignE.EXIT_TO_APP));
        leave.getStyleClass().add(LEAVE);
        leave.setAccessibleText(Texts.get("stores.leave.accessible", s.displayName()));
        Label question = new Label(Texts.get("stores.leave.question", s.displayName()));
        question.setWrapText(true);
        Button yes = new Button(Texts.get("stores.leave.confirm"));
        yes.getStyleClass().addAll("danger", "store-leave-confirm");
        Button no = new Button(Texts.get("stores.leave.keep"));
        HBox confirm = new HBox(8, question, yes, no);
        confirm.setAlignment(Pos.CENTER_LEFT);
        confirm.setVisible(false);
        confirm.setManaged(false);
        leave.setOnAction(e -> {
            confirm.setVisible(true);
            confirm.setManaged(true);
        });
        no.setOnAction(e -> {
            confirm.setVisible(false);
            confirm.setManaged(false);
        });
        yes.setOnAction(e -> onLeave(s));
        HBox buttons = new HBox(8, copy, leave);
        VBox card = new VBox(6, name, facts, buttons, confirm);
        card.getStyleClass().add(CARD);
        card.setPadding(new Insets(10));
        return card;
    }

    /** "3 connected", or why the number is not known. */
    static String peersText(int peers) {
        return peers < 0 ? Texts.get("stores.peers.unknown") : Texts.get("stores.peers.count", peers);
    }

    private static String when(Instant t) {
        return t == null ? Texts.get("stores.never.synced") : WHEN.format(t);
    }

    private static Label fact(String key) {
        Label l = new Label(Texts.get(key));
        l.getStyleClass().add("fact");
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private static Label value(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        return l;
    }
}
