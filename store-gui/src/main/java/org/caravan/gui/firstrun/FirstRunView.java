package org.caravan.gui.firstrun;

import javafx.beans.value.ChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Toggle;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.caravan.gui.text.Texts;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignE;
import org.kordamp.ikonli.materialdesign2.MaterialDesignL;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

/** The first-run screen, built in code: network choice, a first store's magnet, Continue. */
public final class FirstRunView {

    /** Node ids, for tests. */
    public static final String ROOT = "first-run";
    public static final String LOCAL = "first-run-local";
    public static final String NODES = "first-run-nodes";
    public static final String PUBLIC = "first-run-public";
    public static final String MAGNET = "first-run-magnet";
    public static final String CONTINUE = "first-run-continue";
    public static final String MESSAGE = "first-run-message";

    private final FirstRunModel model;
    private final FirstRunController controller;
    private final StackPane root = new StackPane();
    private final ToggleGroup group = new ToggleGroup();
    private final RadioButton local = new RadioButton(Texts.get("firstrun.local"));
    private final RadioButton pub = new RadioButton(Texts.get("firstrun.public"));
    private final TextField nodes = new TextField();
    private final TextField magnet = new TextField();
    private final Button next = new Button(Texts.get("firstrun.continue"));
    private final Label message = new Label();
    private final ChangeListener<Toggle> toggled = (o, a, b) -> onToggled(b);

    FirstRunView(FirstRunModel model, FirstRunController controller) {
        this.model = model;
        this.controller = controller;
        build();
    }

    Parent root() {
        return root;
    }

    void onActivate() {
        root.visibleProperty().bind(model.shown());
        root.managedProperty().bind(model.shown());
        nodes.textProperty().bindBidirectional(model.nodes());
        magnet.textProperty().bindBidirectional(model.magnet());
        nodes.disableProperty().bind(pub.selectedProperty());
        message.textProperty().bind(model.error());
        next.disableProperty().bind(model.working());
        group.selectToggle(model.choice().get() == FirstRunModel.Choice.PUBLIC ? pub : local);
        group.selectedToggleProperty().addListener(toggled);
        next.setOnAction(e -> controller.onContinue());
        nodes.setOnAction(e -> controller.onContinue());
        magnet.setOnAction(e -> controller.onContinue());
    }

    void onDeactivate() {
        root.visibleProperty().unbind();
        root.managedProperty().unbind();
        nodes.textProperty().unbindBidirectional(model.nodes());
        magnet.textProperty().unbindBidirectional(model.magnet());
        nodes.disableProperty().unbind();
        message.textProperty().unbind();
        next.disableProperty().unbind();
        group.selectedToggleProperty().removeListener(toggled);
        next.setOnAction(null);
        nodes.setOnAction(null);
        magnet.setOnAction(null);
    }

    private void onToggled(Toggle now) {
        model.choice().set(now == pub ? FirstRunModel.Choice.PUBLIC : FirstRunModel.Choice.LOCAL);
    }

    void focusFirst() {
        (model.choice().get() == FirstRunModel.Choice.PUBLIC ? pub : nodes).requestFocus();
    }

    private void build() {
        root.setId(ROOT);
        root.getStyleClass().add("first-run");
        root.setVisible(false);
        root.setManaged(false);

        Label title = new Label(Texts.get("firstrun.title"), new FontIcon(MaterialDesignS.STOREFRONT_OUTLINE));
        title.getStyleClass().add("first-run-title");
        Label intro = wrapped(Texts.get("firstrun.intro"), "first-run-intro");

        local.setId(LOCAL);
        local.setToggleGroup(group);
        local.setGraphic(new FontIcon(MaterialDesignL.LAN));
        nodes.setId(NODES);
        nodes.setPromptText(Texts.get("firstrun.local.prompt"));
        nodes.setAccessibleText(Texts.get("firstrun.local.help"));
        Label nodesHelp = wrapped(Texts.get("firstrun.local.help"), "first-run-help");
        VBox localBox = new VBox(6, local, nodes, nodesHelp);
        localBox.setPadding(new Insets(0, 0, 0, 0));
        VBox.setMargin(nodes, new Insets(0, 0, 0, 28));
        VBox.setMargin(nodesHelp, new Insets(0, 0, 0, 28));

        pub.setId(PUBLIC);
        pub.setToggleGroup(group);
        pub.setGraphic(new FontIcon(MaterialDesignE.EARTH));
        Label pubHelp = wrapped(Texts.get("firstrun.public.help"), "first-run-help");
        VBox.setMargin(pubHelp, new Insets(0, 0, 0, 28));
        VBox pubBox = new VBox(6, pub, pubHelp);

        Label magnetLabel = new Label(Texts.get("firstrun.magnet"));
        magnetLabel.setLabelFor(magnet);
        magnetLabel.getStyleClass().add("first-run-section");
        magnet.setId(MAGNET);
        magnet.setPromptText(Texts.get("firstrun.magnet.prompt"));
        magnet.setAccessibleText(Texts.get("firstrun.magnet"));

        next.setId(CONTINUE);
        next.setDefaultButton(true);
        next.getStyleClass().add("accent");
        message.setId(MESSAGE);
        message.setWrapText(true);
        message.getStyleClass().add("first-run-message");

        VBox card = new VBox(14, title, intro, localBox, pubBox, magnetLabel, magnet, next, message);
        card.getStyleClass().add("first-run-card");
        card.setMaxWidth(640);
        card.setAlignment(Pos.TOP_LEFT);
        VBox centre = new VBox(card);
        centre.setAlignment(Pos.TOP_CENTER);
        centre.setPadding(new Insets(24));
        ScrollPane scroll = new ScrollPane(centre);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("first-run-scroll");
        root.getChildren().add(scroll);
    }

    private static Label wrapped(String text, String styleClass) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.getStyleClass().add(styleClass);
        return l;
    }
}
