package org.caravan.gui.catalog;

import javafx.beans.value.ChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.caravan.core.client.AppEntry;
import org.caravan.core.client.PanelText;

/**
 * The app list screen, built in code: a header with the Refresh button, the table of apps, a detail
 * pane for the selected app with its Install button, and a status bar with the install progress.
 * It only binds to the {@link CatalogModel} and forwards user actions to the controller.
 */
public final class CatalogView {

    /** Node ids, for tests and for the stylesheet. */
    public static final String APPS = "apps";
    public static final String INSTALL = "install";
    public static final String PROGRESS = "progress";
    public static final String STATUS = "status";
    public static final String REFRESH = "refresh";
    /** Check now: a real sync of every store (F5). */
    public static final String SYNC = "sync";
    /** Update all, with the number of updates waiting in its text. */
    public static final String UPDATE_ALL = "update-all";
    /** The warning over the list while an installed app is spurious. */
    public static final String SPURIOUS_BANNER = "spurious-banner";
    /** What the app list says when it is empty. */
    public static final String EMPTY = "empty";
    /** The field for a store's magnet link and the button that adds the store. */
    public static final String STORE_MAGNET = "store-magnet";
    public static final String ADD_STORE = "add-store";
    /** The menu of subscribed stores; its items ("Leave NAME") end a subscription. */
    public static final String STORES = "stores";
    public static final String SEARCH = "search";
    public static final String CATEGORY = "category";
    public static final String SUMMARY = "summary";
    public static final String DETAILS = "details";
    public static final String EXPLANATION = "explanation";
    public static final String INSTALL_HINT = "install-hint";
    public static final String ROLLBACK = "rollback";
    public static final String REMOVE = "remove";
    /** Run the installed app. */
    public static final String RUN = "run";
    /** The confirmation shown after Remove: its question, the button that removes, the one that keeps. */
    public static final String REMOVE_QUESTION = "remove-question";
    public static final String CONFIRM_REMOVE = "confirm-remove";
    public static final String KEEP = "keep";
    /** The box of plugin panels on the app page; each panel's text label has style class {@code plugin-text}. */
    public static final String PLUGIN_PANELS = "plugin-panels";

    /** Style class of the trust column's cells and of the detail pane's badge. */
    public static final String TRUST_CELL = "trust-cell";

    private final CatalogModel model;
    private final CatalogController controller;

    private final BorderPane root = new BorderPane();
    private final javafx.scene.control.ListView<AppEntry> table = new javafx.scene.control.ListView<>();
    private final IconCache icons;
    /** Sort order of the cards. */
    private final javafx.scene.control.ComboBox<AppSort> sort = new javafx.scene.control.ComboBox<>();
    private final AppPageView page;
    private final ScrollPane detailsScroll = new ScrollPane();
    private final Button refresh = new Button(org.caravan.gui.text.Texts.get("explore.refresh"), icon(org.kordamp.ikonli.materialdesign2.MaterialDesignR.REFRESH));
    private final Button sync = new Button(org.caravan.gui.text.Texts.get("explore.checknow"), icon(org.kordamp.ikonli.materialdesign2.MaterialDesignC.CLOUD_SYNC_OUTLINE));
    private final HBox headerTools = new HBox(8);
    private final Button updateAll = new Button(org.caravan.gui.text.Texts.get("explore.updateall"), icon(org.kordamp.ikonli.materialdesign2.MaterialDesignU.UPDATE));
    private final Label spuriousBanner = new Label();
    private final Label empty = new Label();
    /**
     * Search as you type, every key: the controller searches in memory off the FX thread and shows only the newest
     * answer, so there is no pause to wait for.
     */
    private final javafx.beans.value.ChangeListener<String> searchTyped = (o, a, b) -> onFilter();
    private final javafx.scene.control.TextField storeMagnet = new javafx.scene.control.TextField();
    private final Button addStore = new Button(org.caravan.gui.text.Texts.get("explore.addstore"), icon(org.kordamp.ikonli.materialdesign2.MaterialDesignP.PLUS));
    private final javafx.scene.control.MenuButton storesMenu = new javafx.scene.control.MenuButton(org.caravan.gui.text.Texts.get("explore.stores"),
            icon(org.kordamp.ikonli.materialdesign2.MaterialDesignS.STOREFRONT_OUTLINE));
    private final javafx.collections.ListChangeListener<org.caravan.core.client.StoreRecord> storesChanged =
            change -> showStores();
    private final javafx.scene.control.TextField search = new javafx.scene.control.TextField();
    private final javafx.scene.control.ComboBox<String> category = new javafx.scene.control.ComboBox<>();
    private final javafx.beans.value.ChangeListener<String> filterChanged = (o, a, b) -> onFilter();
    private final Button install = new Button(org.caravan.gui.text.Texts.get("explore.install"), icon(org.kordamp.ikonli.materialdesign2.MaterialDesignD.DOWNLOAD));
    private final Button rollback = new Button(org.caravan.gui.text.Texts.get("explore.rollback"),
            icon(org.kordamp.ikonli.materialdesign2.MaterialDesignH.HISTORY));
    private final Button remove = new Button(org.caravan.gui.text.Texts.get("explore.remove"), icon(org.kordamp.ikonli.materialdesign2.MaterialDesignD.DELETE_OUTLINE));
    private final Button run = new Button(org.caravan.gui.text.Texts.get("explore.run"), icon(org.kordamp.ikonli.materialdesign2.MaterialDesignP.PLAY));
    private final Label removeQuestion = new Label();
    private final Button confirmRemove = new Button(org.caravan.gui.text.Texts.get("explore.remove"), icon(org.kordamp.ikonli.materialdesign2.MaterialDesignD.DELETE));
    private final Button keep = new Button(org.caravan.gui.text.Texts.get("explore.keep"));
    private final VBox confirmBox = new VBox(6);
    private final VBox pluginPanels = new VBox(4);
    private final javafx.collections.ListChangeListener<PanelText> panelsChanged = change -> showPanels();
    private final ProgressBar progress = new ProgressBar();
    private final Label progressStage = new Label();
    private final Label status = new Label();
    private final Label summary = new Label();

    private final Label detailName = new Label();
    private final Label detailVersion = new Label();
    private final Label detailSummary = new Label();
    private final Label detailBadge = new Label();
    private final Label detailSigner = new Label();
    private final Label detailFingerprint = new Label();
    private final Label detailInstalled = new Label();
    private final Label explanation = new Label();
    private final Label installHint = new Label();
    private final VBox detailContent = new VBox(8);
    private final Label detailEmpty = new Label();

    private final ChangeListener<org.caravan.core.client.AppPage> pageShown = (obs, old, now) -> showPage(now);
    private final LicenceView licence = new LicenceView();
    private final ChangeListener<org.caravan.core.client.AppLicence> licenceShown = (obs, old, now) -> licence.show(now);
    /** A licence learnt or added: the cards on screen show their badges again. */
    private final javafx.collections.MapChangeListener<String, org.caravan.core.client.AppLicence> licencesChanged =
            change -> table.refresh();
    private final ChangeListener<AppSort> sortChanged = (obs, old, now) -> onSort();
    private final ChangeListener<AppEntry> tableSelection = (obs, old, now) -> onTableSelection(now);
    private final ChangeListener<AppEntry> modelSelection = (obs, old, now) -> showSelected(now);
    private final ChangeListener<StatusKind> statusKind = (obs, old, now) -> styleStatus(now);

    /** The sort order of the cards. */
    public static final String SORT = "sort";

    CatalogView(CatalogModel model, CatalogController controller, IconCache icons) {
        this.model = model;
        this.controller = controller;
        this.icons = icons;
        this.page = new AppPageView(controller, icons);
        root.getStyleClass().add("catalog");
        root.setTop(header());
        root.setCenter(table());
        root.setRight(details());
        root.setBottom(statusBar());
    }

    Parent root() {
        return root;
    }

    private static org.kordamp.ikonli.javafx.FontIcon icon(org.kordamp.ikonli.Ikon ikon) {
        return new org.kordamp.ikonli.javafx.FontIcon(ikon);
    }

    void addHeaderTool(javafx.scene.Node tool) {
        headerTools.getChildren().add(tool);
    }

    /** Styles and lays out the cards now rather than at the next pulse (the first cards, before the full read). */
    void layoutCards() {
        table.applyCss();
        table.layout();
    }

    void focusSearch() {
        search.requestFocus();
        search.selectAll();
    }

    void onActivate() {
        table.setItems(model.apps());
        summary.textProperty().bind(model.summary());
        refresh.disableProperty().bind(model.loading());
        sync.disableProperty().bind(model.syncing());
        sync.setOnAction(e -> controller.onSyncNow());
        empty.textProperty().bind(model.emptyText());
        updateAll.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> model.updates().isEmpty() ? org.caravan.gui.text.Texts.get("explore.updates.none") : org.caravan.gui.text.Texts.get("explore.updateall.count", model.updates().size()),
                model.updates()));
        updateAll.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(model.updates()).or(model.installing()));
        updateAll.setOnAction(e -> controller.onUpdateAll());
        spuriousBanner.textProperty().bind(model.spuriousBanner());
        spuriousBanner.visibleProperty().bind(model.spuriousBanner().isNotEmpty());
        spuriousBanner.managedProperty().bind(model.spuriousBanner().isNotEmpty());
        install.disableProperty().bind(model.installDisabled());
        install.textProperty().bind(model.installText());
        rollback.disableProperty().bind(model.changeDisabled());
        remove.disableProperty().bind(model.changeDisabled());
        remove.textProperty().bind(model.removeText());
        run.disableProperty().bind(model.runDisabled());
        run.setOnAction(e -> controller.onRun());
        confirmBox.visibleProperty().bind(model.confirmingRemove());
        confirmBox.managedProperty().bind(model.confirmingRemove());
        removeQuestion.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            AppEntry a = model.removeAsked().get();
            return a == null ? "" : org.caravan.gui.text.Texts.get("explore.remove.question", a.name());
        }, model.removeAsked()));
        confirmRemove.setOnAction(e -> controller.onConfirmRemove());
        keep.setOnAction(e -> controller.onKeep());
        installHint.textProperty().bind(model.installHint());
        progress.progressProperty().bind(model.progress());
        progress.visibleProperty().bind(model.installing());
        progressStage.textProperty().bind(model.progressStage());
        progressStage.visibleProperty().bind(model.installing());
        status.textProperty().bind(model.status());
        table.getSelectionModel().selectedItemProperty().addListener(tableSelection);
        model.page().addListener(pageShown);
        model.licence().addListener(licenceShown);
        model.licences().addListener(licencesChanged);
        licence.show(model.licence().get());
        sort.valueProperty().bindBidirectional(model.sort());
        model.sort().addListener(sortChanged);
        model.selected().addListener(modelSelection);
        model.panels().addListener(panelsChanged);
        model.statusKind().addListener(statusKind);
        refresh.setOnAction(e -> controller.onRefresh());
        storeMagnet.textProperty().bindBidirectional(model.storeMagnet());
        addStore.disableProperty().bind(model.addingStore());
        addStore.setOnAction(e -> controller.onAddStore());
        storeMagnet.setOnAction(e -> controller.onAddStore());
        model.stores().addListener(storesChanged);
        showStores();
        search.textProperty().bindBidirectional(model.searchText());
        category.setItems(model.categories());
        category.valueProperty().bindBidirectional(model.category());
        model.searchText().addListener(searchTyped);
        model.category().addListener(filterChanged);
        install.setOnAction(e -> controller.onInstall());
        rollback.setOnAction(e -> controller.onRollback());
        remove.setOnAction(e -> controller.onRemove());
        styleStatus(model.statusKind().get());
        showSelected(model.selected().get());
    }

    void onDeactivate() {
        table.setItems(null);
        for (var label : new Label[] {summary, installHint, progressStage, status}) {
            label.textProperty().unbind();
        }
        refresh.disableProperty().unbind();
        sync.disableProperty().unbind();
        sync.setOnAction(null);
        empty.textProperty().unbind();
        updateAll.textProperty().unbind();
        updateAll.disableProperty().unbind();
        updateAll.setOnAction(null);
        spuriousBanner.textProperty().unbind();
        spuriousBanner.visibleProperty().unbind();
        spuriousBanner.managedProperty().unbind();
        install.disableProperty().unbind();
        install.textProperty().unbind();
        rollback.disableProperty().unbind();
        remove.disableProperty().unbind();
        remove.textProperty().unbind();
        run.disableProperty().unbind();
        run.setOnAction(null);
        confirmBox.visibleProperty().unbind();
        confirmBox.managedProperty().unbind();
        removeQuestion.textProperty().unbind();
        confirmRemove.setOnAction(null);
        keep.setOnAction(null);
        progress.progressProperty().unbind();
        progress.visibleProperty().unbind();
        progressStage.visibleProperty().unbind();
        table.getSelectionModel().selectedItemProperty().removeListener(tableSelection);
        model.page().removeListener(pageShown);
        model.licence().removeListener(licenceShown);
        model.licences().removeListener(licencesChanged);
        sort.valueProperty().unbindBidirectional(model.sort());
        model.sort().removeListener(sortChanged);
        model.selected().removeListener(modelSelection);
        model.panels().removeListener(panelsChanged);
        model.statusKind().removeListener(statusKind);
        refresh.setOnAction(null);
        storeMagnet.textProperty().unbindBidirectional(model.storeMagnet());
        addStore.disableProperty().unbind();
        addStore.setOnAction(null);
        storeMagnet.setOnAction(null);
        model.stores().removeListener(storesChanged);
        model.searchText().removeListener(searchTyped);
        model.category().removeListener(filterChanged);
        search.textProperty().unbindBidirectional(model.searchText());
        category.valueProperty().unbindBidirectional(model.category());
        install.setOnAction(null);
        rollback.setOnAction(null);
        remove.setOnAction(null);
    }

    /** One "Leave NAME" item per subscribed store. */
    private void showStores() {
        storesMenu.getItems().clear();
        for (org.caravan.core.client.StoreRecord s : model.stores()) {
            javafx.scene.control.MenuItem leave = new javafx.scene.control.MenuItem(org.caravan.gui.text.Texts.get("explore.stores.leave", s.displayName()));
            leave.setOnAction(e -> controller.onLeave(s));
            storesMenu.getItems().add(leave);
        }
        storesMenu.setText(org.caravan.gui.text.Texts.get("explore.stores.count", model.stores().size()));
        storesMenu.setDisable(model.stores().isEmpty());
    }

    private void showPage(org.caravan.core.client.AppPage now) {
        page.show(now);
    }

    private void onSort() {
        controller.onSort();
    }

    private void onFilter() {
        controller.onFilter();
    }

    private Region header() {
        Label title = new Label(org.caravan.gui.text.Texts.get("explore.title"));
        title.getStyleClass().add("title");
        summary.setId(SUMMARY);
        summary.getStyleClass().add("summary");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        refresh.setId(REFRESH);
        refresh.getStyleClass().add("header-button");
        sync.setId(SYNC);
        sync.getStyleClass().add("header-button");
        sync.setTooltip(new Tooltip(org.caravan.gui.text.Texts.get("explore.checknow.tooltip")));
        search.setId(SEARCH);
        search.setPromptText(org.caravan.gui.text.Texts.get("search.prompt"));
        search.setAccessibleText(org.caravan.gui.text.Texts.get("explore.search.accessible"));
        search.setPrefColumnCount(14);
        category.setId(CATEGORY);
        category.setAccessibleText(org.caravan.gui.text.Texts.get("explore.category.accessible"));
        category.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(String id) {
                return id == null || CatalogModel.ALL_CATEGORIES.equals(id) ? org.caravan.gui.text.Texts.get("explore.category.all")
                        : CatalogController.readableCategory(id);
            }

            @Override
            public String fromString(String text) {
                return text;
            }
        });
        headerTools.setAlignment(Pos.CENTER_RIGHT);
        title.setGraphic(icon(org.kordamp.ikonli.materialdesign2.MaterialDesignS.STOREFRONT_OUTLINE));
        // At 1024 px the header holds search, filters and tools: the window title names the app, the buttons
        // show their icons and say their words in tooltips and to screen readers.
        title.setContentDisplay(javafx.scene.control.ContentDisplay.GRAPHIC_ONLY);
        title.setAccessibleText(org.caravan.gui.text.Texts.get("explore.title"));
        for (Button b : new Button[] {refresh, sync}) {
            b.setContentDisplay(javafx.scene.control.ContentDisplay.GRAPHIC_ONLY);
            b.setAccessibleText(b.getText());
        }
        refresh.setTooltip(new Tooltip(org.caravan.gui.text.Texts.get("refresh.tooltip")));
        summary.setMaxWidth(140);
        sort.setId(SORT);
        sort.getItems().setAll(AppSort.values());
        sort.setAccessibleText(org.caravan.gui.text.Texts.get("sort.accessible"));
        sort.setTooltip(new Tooltip(org.caravan.gui.text.Texts.get("sort.accessible")));
        summary.setMinWidth(0);
        HBox header = new HBox(10, title, summary, spacer, search, category, sort, refresh, sync, headerTools);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add("header");
        // A second, thin bar: where a new user starts, adding a store by its magnet link.
        Label addLabel = new Label(org.caravan.gui.text.Texts.get("explore.addstore.label"));
        addLabel.getStyleClass().add("add-store-label");
        storeMagnet.setId(STORE_MAGNET);
        storeMagnet.setPromptText(org.caravan.gui.text.Texts.get("explore.addstore.prompt"));
        HBox.setHgrow(storeMagnet, Priority.ALWAYS);
        addStore.setId(ADD_STORE);
        storesMenu.setId(STORES);
        updateAll.setId(UPDATE_ALL);
        updateAll.setAccessibleText(org.caravan.gui.text.Texts.get("explore.updateall.accessible"));
        HBox addBar = new HBox(8, addLabel, storeMagnet, addStore, storesMenu, updateAll);
        addBar.setAlignment(Pos.CENTER_LEFT);
        addBar.getStyleClass().add("add-store-bar");
        addBar.setPadding(new Insets(6, 12, 0, 12));
        spuriousBanner.setId(SPURIOUS_BANNER);
        spuriousBanner.setWrapText(true);
        spuriousBanner.setMaxWidth(Double.MAX_VALUE);
        spuriousBanner.getStyleClass().add("spurious-banner");
        spuriousBanner.setVisible(false);
        spuriousBanner.setManaged(false);
        VBox.setMargin(spuriousBanner, new Insets(8, 12, 0, 12));
        return new VBox(header, addBar, spuriousBanner);
    }

    private Region table() {
        table.setId(APPS);
        empty.setId(EMPTY);
        empty.setWrapText(true);
        empty.getStyleClass().add("empty-state");
        table.setPlaceholder(empty);
        table.setAccessibleText(org.caravan.gui.text.Texts.get("apps.accessible"));
        // Fixed card height: the virtual flow then lays out only the visible cards, whatever the list's length.
        table.setFixedCellSize(72);
        table.setCellFactory(l -> new AppCard(icons, model.licences()::get));
        table.getStyleClass().add("app-cards");
        BorderPane.setMargin(table, new Insets(12, 0, 0, 12));
        return table;
    }

    private Region details() {
        detailName.getStyleClass().add("detail-name");
        detailName.setWrapText(true);
        detailVersion.getStyleClass().add("detail-meta");
        detailVersion.setWrapText(true);
        detailSummary.setWrapText(true);
        detailSummary.getStyleClass().add("detail-summary");
        detailBadge.getStyleClass().addAll("trust-badge", TRUST_CELL);
        detailSigner.setWrapText(true);
        detailFingerprint.getStyleClass().add("fingerprint");
        detailFingerprint.setWrapText(true);
        detailInstalled.getStyleClass().add("detail-meta");
        explanation.setId(EXPLANATION);
        explanation.getStyleClass().add("explanation");
        explanation.setWrapText(true);
        installHint.setId(INSTALL_HINT);
        installHint.getStyleClass().add("install-hint");
        installHint.setWrapText(true);
        install.setId(INSTALL);
        install.getStyleClass().add("install-button");
        install.setMaxWidth(Double.MAX_VALUE);
        rollback.setId(ROLLBACK);
        rollback.setMaxWidth(Double.MAX_VALUE);
        remove.setId(REMOVE);
        remove.getStyleClass().add("remove-button");
        remove.setMaxWidth(Double.MAX_VALUE);
        run.setId(RUN);
        run.setMaxWidth(Double.MAX_VALUE);
        removeQuestion.setId(REMOVE_QUESTION);
        removeQuestion.setWrapText(true);
        confirmRemove.setId(CONFIRM_REMOVE);
        confirmRemove.getStyleClass().add("danger");
        keep.setId(KEEP);
        HBox confirmButtons = new HBox(8, confirmRemove, keep);
        confirmBox.getChildren().setAll(removeQuestion, confirmButtons);
        confirmBox.getStyleClass().add("confirm-box");
        confirmBox.setVisible(false);
        confirmBox.setManaged(false);

        Label why = new Label(org.caravan.gui.text.Texts.get("page.why"));
        why.getStyleClass().add("section");
        Label signed = new Label(org.caravan.gui.text.Texts.get("page.signed"));
        signed.getStyleClass().add("section");
        HBox titleRow = new HBox(12, page.icon(), new VBox(2, detailName, detailVersion, new HBox(8, detailBadge,
                licence.badge())));
        titleRow.setAlignment(Pos.CENTER_LEFT);
        detailContent.getChildren().setAll(titleRow, detailSummary, detailInstalled, install, installHint, run,
                rollback, remove, confirmBox, licence.section(), page.about(), why, page.graph(), explanation, signed, detailSigner,
                detailFingerprint, page.coSigners(), page.history(), pluginPanels);
        pluginPanels.setId(PLUGIN_PANELS);

        detailEmpty.setText(org.caravan.gui.text.Texts.get("page.none"));
        detailEmpty.setWrapText(true);
        detailEmpty.getStyleClass().add("detail-empty");

        VBox pane = new VBox(detailEmpty, detailContent);
        pane.setFillWidth(true);
        pane.getStyleClass().add("details");
        ScrollPane scroll = detailsScroll;
        scroll.setContent(pane);
        scroll.setId(DETAILS);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setPrefWidth(360);
        scroll.setMinWidth(300);
        scroll.getStyleClass().add("details-scroll");
        scroll.setAccessibleText(org.caravan.gui.text.Texts.get("page.accessible"));
        BorderPane.setMargin(scroll, new Insets(12, 12, 0, 12));
        return scroll;
    }

    private Region statusBar() {
        progress.setId(PROGRESS);
        progress.setPrefWidth(180);
        progress.setVisible(false);
        progressStage.getStyleClass().add("progress-stage");
        status.setId(STATUS);
        status.getStyleClass().add("status");
        status.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(status, Priority.ALWAYS);
        HBox bar = new HBox(10, progress, progressStage, status);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("status-bar");
        return bar;
    }

    private void onTableSelection(AppEntry app) {
        controller.onSelect(app);
    }

    /** One titled section per plugin; a failed plugin shows why, in place of its text. */
    private void showPanels() {
        pluginPanels.getChildren().clear();
        for (PanelText p : model.panels()) {
            Label title = new Label(p instanceof PanelText.Shown s ? s.title() : org.caravan.gui.text.Texts.get("explore.plugin.title", p.pluginId()));
            title.getStyleClass().add("section");
            Label text = new Label(p instanceof PanelText.Shown s ? s.text()
                    : org.caravan.gui.text.Texts.get("explore.plugin.failed", ((PanelText.Failed) p).reason()));
            text.setWrapText(true);
            text.getStyleClass().add(p instanceof PanelText.Shown ? "plugin-text" : "plugin-failure");
            pluginPanels.getChildren().addAll(title, text);
        }
    }

    private String shownApp;

    private void showSelected(AppEntry app) {
        if (table.getSelectionModel().getSelectedItem() != app) {
            if (app == null) {
                table.getSelectionModel().clearSelection();
            } else {
                table.getSelectionModel().select(app);
            }
        }
        boolean shown = app != null;
        detailContent.setVisible(shown);
        detailContent.setManaged(shown);
        detailEmpty.setVisible(!shown);
        detailEmpty.setManaged(!shown);
        if (!shown) {
            TrustStyle.apply(detailBadge, null);
            page.show(null);
            return;
        }
        page.showIcon(app);
        if (shownApp == null || !shownApp.equals(app.appId())) {
            // Another app's page starts at its top, where its name and Install are.
            detailsScroll.setVvalue(0);
        }
        shownApp = app.appId();
        detailName.setText(AppText.orDash(app.name()));
        detailVersion.setText(org.caravan.gui.text.Texts.get("explore.detail.version", AppText.orDash(app.version()),
                AppText.orDash(app.storeName()), AppText.orDash(app.category())));
        detailSummary.setText(AppText.orDash(app.summary()));
        detailBadge.setText(TrustStyle.badge(app.state()));
        TrustStyle.apply(detailBadge, app.state());
        detailSigner.setText(app.signerUserId() == null || app.signerUserId().isBlank()
                ? org.caravan.gui.text.Texts.get("explore.signer.unknown") : app.signerUserId());
        detailFingerprint.setText(AppText.fullFingerprint(app.signerFingerprint()));
        explanation.setText(AppText.orDash(app.explanation()));
        detailInstalled.setText(AppText.isInstalled(app)
                ? org.caravan.gui.text.Texts.get("explore.installed.version", app.installedVersion()) : org.caravan.gui.text.Texts.get("explore.installed.none"));
    }

    private void styleStatus(StatusKind kind) {
        for (StatusKind each : StatusKind.values()) {
            status.pseudoClassStateChanged(each.pseudoClass(), each == kind);
        }
    }
}
