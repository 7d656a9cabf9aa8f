package org.caravan.gui.catalog;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.caravan.core.client.AppEntry;
import org.caravan.core.client.PanelText;

/** State of the app list screen, as JavaFX properties only. Touched on the FX thread only. */
final class CatalogModel {

    private final ObservableList<AppEntry> apps = FXCollections.observableArrayList();
    private final ObservableList<String> categories = FXCollections.observableArrayList();
    private final StringProperty searchText = new SimpleStringProperty(this, "searchText", "");
    /** The category filter; {@link #ALL_CATEGORIES} for none. */
    private final StringProperty category = new SimpleStringProperty(this, "category", ALL_CATEGORIES);
    /** The category filter's value for "no filter" (shown in the words of the bundle's explore.category.all). */
    static final String ALL_CATEGORIES = "All categories";
    private final ObservableList<PanelText> panels = FXCollections.observableArrayList();
    private final ObjectProperty<AppEntry> selected = new SimpleObjectProperty<>(this, "selected");
    private final StringProperty summary = new SimpleStringProperty(this, "summary", "");
    private final BooleanProperty loading = new SimpleBooleanProperty(this, "loading");
    private final BooleanProperty installing = new SimpleBooleanProperty(this, "installing");
    private final DoubleProperty progress = new SimpleDoubleProperty(this, "progress");
    private final StringProperty progressStage = new SimpleStringProperty(this, "progressStage", "");
    private final BooleanProperty installDisabled = new SimpleBooleanProperty(this, "installDisabled", true);
    private final StringProperty installText = new SimpleStringProperty(this, "installText", org.caravan.gui.text.Texts.get("explore.install"));
    private final BooleanProperty changeDisabled = new SimpleBooleanProperty(this, "changeDisabled", true);
    private final StringProperty removeText = new SimpleStringProperty(this, "removeText", org.caravan.gui.text.Texts.get("explore.remove"));
    private final StringProperty installHint = new SimpleStringProperty(this, "installHint", "");
    private final StringProperty status = new SimpleStringProperty(this, "status", "");
    /** The magnet typed or pasted to add a store, and whether one is being added. */
    private final StringProperty storeMagnet = new SimpleStringProperty(this, "storeMagnet", "");
    private final BooleanProperty addingStore = new SimpleBooleanProperty(this, "addingStore");
    /** The subscribed stores, for the Stores menu. */
    private final javafx.collections.ObservableList<org.caravan.core.client.StoreRecord> stores =
            javafx.collections.FXCollections.observableArrayList();
    /** What the empty list says ("no results for X" is not "no apps yet"). */
    private final StringProperty emptyText = new SimpleStringProperty(this, "emptyText",
            org.caravan.gui.text.Texts.get("empty.noapps"));
    /** Run: only for an installed app, not while an install runs, and only where the client can launch. */
    private final BooleanProperty runDisabled = new SimpleBooleanProperty(this, "runDisabled", true);
    /** The app whose Remove was pressed and waits for its confirmation; null when none. */
    private final ObjectProperty<AppEntry> removeAsked = new SimpleObjectProperty<>(this, "removeAsked");
    private final BooleanProperty confirmingRemove = new SimpleBooleanProperty(this, "confirmingRemove");
    /** Installed apps with a trusted newer release (the Update all count). */
    private final ObservableList<AppEntry> updates = FXCollections.observableArrayList();
    /** The warning over the list while an installed app is spurious; empty otherwise. */
    private final StringProperty spuriousBanner = new SimpleStringProperty(this, "spuriousBanner", "");
    /** A Check now (a real sync) is running. */
    private final BooleanProperty syncing = new SimpleBooleanProperty(this, "syncing");
    private final ObjectProperty<StatusKind> statusKind = new SimpleObjectProperty<>(this, "statusKind", StatusKind.INFO);

    /** The app page of the selected app, once read (null: none, or still reading). */
    private final ObjectProperty<org.caravan.core.client.AppPage> page = new SimpleObjectProperty<>(this, "page");
    private final ObjectProperty<AppSort> sort = new SimpleObjectProperty<>(this, "sort", AppSort.RELEVANCE);

    ObjectProperty<org.caravan.core.client.AppPage> page() {
        return page;
    }

    /** The selected app's licence, or that it is locked; null when it is not known to be licensed. */
    private final ObjectProperty<org.caravan.core.client.AppLicence> licence = new SimpleObjectProperty<>(this,
            "licence");
    /** What is known of licensed apps, by app id: the licences held, and apps found locked. */
    private final javafx.collections.ObservableMap<String, org.caravan.core.client.AppLicence> licences =
            FXCollections.observableHashMap();

    ObjectProperty<org.caravan.core.client.AppLicence> licence() {
        return licence;
    }

    javafx.collections.ObservableMap<String, org.caravan.core.client.AppLicence> licences() {
        return licences;
    }

    /** Whether the selected app is licensed and no licence for it is held here. */
    boolean locked() {
        return licence.get() != null && licence.get().state() == org.caravan.core.client.AppLicence.State.LOCKED;
    }

    ObjectProperty<AppSort> sort() {
        return sort;
    }

    ObservableList<AppEntry> apps() {
        return apps;
    }

    /** The categories of every subscribed app, for the filter (first entry: all). */
    ObservableList<String> categories() {
        return categories;
    }

    StringProperty searchText() {
        return searchText;
    }

    StringProperty category() {
        return category;
    }

    /** The plugin panels for the selected app (enabled, trusted app-page plugins; failures included). */
    ObservableList<PanelText> panels() {
        return panels;
    }

    ObjectProperty<AppEntry> selected() {
        return selected;
    }

    StringProperty summary() {
        return summary;
    }

    BooleanProperty loading() {
        return loading;
    }

    BooleanProperty installing() {
        return installing;
    }

    DoubleProperty progress() {
        return progress;
    }

    StringProperty progressStage() {
        return progressStage;
    }

    BooleanProperty installDisabled() {
        return installDisabled;
    }

    StringProperty installText() {
        return installText;
    }

    /** Rollback and Remove: only for an installed app, and not while an install runs. */
    BooleanProperty changeDisabled() {
        return changeDisabled;
    }

    StringProperty removeText() {
        return removeText;
    }

    StringProperty installHint() {
        return installHint;
    }

    StringProperty storeMagnet() {
        return storeMagnet;
    }

    BooleanProperty addingStore() {
        return addingStore;
    }

    javafx.collections.ObservableList<org.caravan.core.client.StoreRecord> stores() {
        return stores;
    }

    StringProperty emptyText() {
        return emptyText;
    }

    BooleanProperty runDisabled() {
        return runDisabled;
    }

    ObjectProperty<AppEntry> removeAsked() {
        return removeAsked;
    }

    /** The confirmation of Remove is shown (for the selected app). */
    BooleanProperty confirmingRemove() {
        return confirmingRemove;
    }

    ObservableList<AppEntry> updates() {
        return updates;
    }

    StringProperty spuriousBanner() {
        return spuriousBanner;
    }

    BooleanProperty syncing() {
        return syncing;
    }

    StringProperty status() {
        return status;
    }

    ObjectProperty<StatusKind> statusKind() {
        return statusKind;
    }
}
