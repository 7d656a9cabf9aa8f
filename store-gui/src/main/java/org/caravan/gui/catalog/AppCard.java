package org.caravan.gui.catalog;

import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.caravan.core.client.AppEntry;
import org.caravan.gui.text.Texts;

/**
 * One app as a card in the Explore list: icon, name, summary, store and version, trust badge, installed mark.
 * The list reuses a screenful of these while scrolling (ListView's virtual flow), so 100 000 apps cost about
 * twenty cards; each shows its app's icon when the {@link IconCache} has it.
 */
final class AppCard extends ListCell<AppEntry> {
    /** Style class of a card's parts, for the stylesheet and tests. */
    static final String CARD = "app-card";
    static final String NAME = "card-name";
    static final String BADGE = "card-badge";
    /** The licensed/locked mark of a licensed app. */
    static final String LICENCE = "card-licence";

    private final IconCache icons;
    /** The licence known for an app id (null: not known to be licensed). */
    private final java.util.function.Function<String, org.caravan.core.client.AppLicence> licences;
    private final Label licence = new Label();
    private final AppIcon icon = new AppIcon(44);
    private final Label name = new Label();
    private final Label summary = new Label();
    private final Label meta = new Label();
    private final Label badge = new Label();
    private final Label installed = new Label();
    private final HBox box;
    private final Tooltip tooltip = new Tooltip();
    private String shownId;
    private final Consumer<Image> onIcon = image -> {
        if (getItem() != null && getItem().appId().equals(shownId)) {
            icon.show(image);
        }
    };

    AppCard(IconCache icons, java.util.function.Function<String, org.caravan.core.client.AppLicence> licences) {
        this.icons = icons;
        this.licences = licences;
        licence.getStyleClass().addAll(LICENCE, LicenceView.BADGE_CLASS);
        name.getStyleClass().add(NAME);
        summary.getStyleClass().add("card-summary");
        meta.getStyleClass().add("card-meta");
        badge.getStyleClass().addAll(BADGE, CatalogView.TRUST_CELL, "trust-badge");
        installed.getStyleClass().add("card-installed");
        VBox text = new VBox(2, name, summary, meta);
        text.setMinWidth(0);
        HBox.setHgrow(text, Priority.ALWAYS);
        VBox right = new VBox(4, badge, licence, installed);
        right.setAlignment(Pos.CENTER_RIGHT);
        box = new HBox(12, icon, text, right);
        box.setAlignment(Pos.CENTER_LEFT);
        getStyleClass().add(CARD);
        tooltip.setWrapText(true);
        tooltip.setMaxWidth(420);
        tooltip.setShowDelay(Duration.millis(400));
    }

    @Override
    protected void updateItem(AppEntry app, boolean empty) {
        super.updateItem(app, empty);
        if (shownId != null) {
            icons.forget(shownId, onIcon);
        }
        setText(null);
        if (empty || app == null) {
            shownId = null;
            setGraphic(null);
            setTooltip(null);
            setAccessibleText(null);
            TrustStyle.apply(this, null);
            return;
        }
        shownId = app.appId();
        name.setText(AppText.orDash(app.name()));
        summary.setText(app.summary() == null || app.summary().isBlank() ? "" : app.summary());
        meta.setText(Texts.get("card.meta", AppText.orDash(app.version()), AppText.orDash(app.storeName()),
                CatalogController.readableCategory(app.category())));
        badge.setText(TrustStyle.badge(app.state()));
        TrustStyle.apply(badge, app.state());
        org.caravan.core.client.AppLicence l = licences.apply(app.appId());
        licence.setText(l == null ? "" : LicenceView.badgeText(l));
        licence.setVisible(l != null);
        licence.setManaged(l != null);
        licence.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("locked"),
                l != null && (l.state() == org.caravan.core.client.AppLicence.State.LOCKED || l.expired()));
        boolean isInstalled = AppText.isInstalled(app);
        installed.setText(isInstalled ? Texts.get("card.installed", app.installedVersion()) : "");
        installed.setVisible(isInstalled);
        TrustStyle.apply(this, app.state());
        icon.placeholder(app.appId(), app.name());
        icons.icon(app.appId(), onIcon);
        setGraphic(box);
        setAccessibleText(Texts.get("card.accessible", AppText.orDash(app.name()), TrustStyle.badge(app.state()),
                app.summary() == null ? "" : app.summary()));
        if (app.explanation() != null && !app.explanation().isBlank()) {
            tooltip.setText(app.explanation());
            setTooltip(tooltip);
        } else {
            setTooltip(null);
        }
    }

    /** The card's icon (tests check the placeholder or the app's own icon). */
    AppIcon icon() {
        return icon;
    }
}
