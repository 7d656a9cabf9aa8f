package org.caravan.gui.catalog;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.caravan.core.client.AppLicence;
import org.caravan.gui.text.Texts;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignK;
import org.kordamp.ikonli.materialdesign2.MaterialDesignL;

/**
 * A licensed app on its page: a badge by the trust badge (licensed to you, licence expired, or locked) and a
 * Licence section with the terms of the licence held (issuer, versions, expiry, devices) or, when locked, whose
 * licence it needs and the command that adds one. Hidden for apps not known to be licensed.
 */
final class LicenceView {
    /** Ids, for tests and the stylesheet. */
    static final String BADGE = "licence-badge";
    static final String SECTION = "page-licence";
    /** Style class of the badge on pages and cards. */
    static final String BADGE_CLASS = "licence-badge";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final Label badge = new Label();
    private final VBox section = new VBox(4);

    LicenceView() {
        badge.setId(BADGE);
        badge.getStyleClass().add(BADGE_CLASS);
        section.setId(SECTION);
        section.getStyleClass().add("page-licence");
        show(null);
    }

    Label badge() {
        return badge;
    }

    VBox section() {
        return section;
    }

    void show(AppLicence licence) {
        boolean known = licence != null;
        for (javafx.scene.Node n : new javafx.scene.Node[] {badge, section}) {
            n.setVisible(known);
            n.setManaged(known);
        }
        section.getChildren().clear();
        if (!known) {
            badge.setText("");
            return;
        }
        badge.setText(badgeText(licence));
        badge.setGraphic(new FontIcon(licence.state() == AppLicence.State.LOCKED ? MaterialDesignL.LOCK_OUTLINE
                : MaterialDesignK.KEY_OUTLINE));
        badge.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("locked"),
                licence.state() == AppLicence.State.LOCKED || licence.expired());
        Label title = new Label(Texts.get("licence.title"));
        title.getStyleClass().add("section");
        section.getChildren().add(title);
        if (licence.state() == AppLicence.State.LOCKED) {
            section.getChildren().add(line(Texts.get("licence.locked", licence.licensor(), AppLicence.ADD_COMMAND)));
            return;
        }
        section.getChildren().addAll(
                line(Texts.get("licence.issuer", licence.issuer())),
                line(Texts.get("licence.versions", "*".equals(licence.versions()) ? Texts.get("licence.versions.all")
                        : licence.versions())),
                line(licence.expires() == null ? Texts.get("licence.expires.never")
                        : Texts.get(licence.expired() ? "licence.expired" : "licence.expires",
                                WHEN.format(licence.expires()))),
                line(Texts.get("licence.devices", licence.devices())));
    }

    /** The words of the badge, on the page and on the card. */
    static String badgeText(AppLicence licence) {
        if (licence.state() == AppLicence.State.LOCKED) {
            return Texts.get("licence.badge.locked");
        }
        return Texts.get(licence.expired() ? "licence.badge.expired" : "licence.badge.held");
    }

    private static Label line(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.getStyleClass().add("licence-line");
        return l;
    }
}
