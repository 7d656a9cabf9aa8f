package org.caravan.gui.catalog;

import java.io.ByteArrayInputStream;
import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.caravan.core.catalog.AppDetails;
import org.caravan.core.client.AppEntry;
import org.caravan.core.client.AppPage;
import org.caravan.core.client.ReleaseStanding;
import org.caravan.core.client.TrustState;
import org.caravan.gui.downloads.Sizes;
import org.caravan.gui.text.Texts;
import org.caravan.keyring.trust.KeyRef;
import org.caravan.keyring.trust.TrustDecision;

/**
 * The parts of the app page that come from {@link AppPage}: the icon, the description, screenshots, facts
 * (homepage, licence, size, keywords), the trust graph of the newest release, its co-signers, and the version
 * history with release notes, each older trusted release installable.
 */
final class AppPageView {
    /** Node ids, for tests. */
    static final String DESCRIPTION = "page-description";
    static final String SCREENSHOTS = "page-screenshots";
    static final String HOMEPAGE = "page-homepage";
    static final String LICENSE = "page-license";
    static final String SIZE = "page-size";
    static final String GRAPH = "trust-graph";
    static final String HISTORY = "version-history";
    static final String CO_SIGNERS = "co-signers";
    /** Style class of a history row's install button; its user data is the version. */
    static final String INSTALL_VERSION = "install-version";

    private final CatalogController controller;
    private final IconCache icons;
    private final AppIcon icon = new AppIcon(64);
    private final Label description = new Label();
    private final HBox shots = new HBox(8);
    private final ScrollPane shotsScroll = new ScrollPane(shots);
    private final Hyperlink homepage = new Hyperlink();
    private final Label license = new Label();
    private final Label size = new Label();
    private final Label keywords = new Label();
    private final GridPane facts = new GridPane();
    private final VBox about = new VBox(8);
    private final TrustGraph graph = new TrustGraph();
    private final Label coSigners = new Label();
    private final VBox history = new VBox(6);
    private String iconFor;

    AppPageView(CatalogController controller, IconCache icons) {
        this.controller = controller;
        this.icons = icons;
        description.setId(DESCRIPTION);
        description.setWrapText(true);
        description.getStyleClass().add("page-description");
        shots.setId(SCREENSHOTS);
        shotsScroll.setFitToHeight(true);
        shotsScroll.setVbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        shotsScroll.setPrefViewportHeight(150);
        shotsScroll.getStyleClass().add("screenshots");
        homepage.setId(HOMEPAGE);
        homepage.setWrapText(true);
        homepage.setOnAction(e -> controller.onHomepage(homepage.getText()));
        license.setId(LICENSE);
        license.setWrapText(true);
        size.setId(SIZE);
        keywords.setWrapText(true);
        facts.setHgap(10);
        facts.setVgap(4);
        facts.addRow(0, fact("page.homepage"), homepage);
        facts.addRow(1, fact("page.license"), license);
        facts.addRow(2, fact("page.size"), size);
        facts.addRow(3, fact("page.keywords"), keywords);
        about.getChildren().setAll(description, shotsScroll, facts);
        graph.setId(GRAPH);
        coSigners.setId(CO_SIGNERS);
        coSigners.setWrapText(true);
        history.setId(HISTORY);
    }

    private static Label fact(String key) {
        Label l = new Label(Texts.get(key));
        l.getStyleClass().add("fact");
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    AppIcon icon() {
        return icon;
    }

    VBox about() {
        return about;
    }

    TrustGraph graph() {
        return graph;
    }

    Label coSigners() {
        return coSigners;
    }

    VBox history() {
        return history;
    }

    /** The selected app's icon at once (from the cache), before its page has loaded. */
    void showIcon(AppEntry app) {
        iconFor = app.appId();
        icon.placeholder(app.appId(), app.name());
        icons.icon(app.appId(), image -> {
            if (app.appId().equals(iconFor)) {
                icon.show(image);
            }
        });
    }

    void show(AppPage page) {
        shots.getChildren().clear();
        history.getChildren().clear();
        graph.show(null);
        if (page == null) {
            description.setText("");
            coSigners.setText("");
            return;
        }
        AppDetails d = page.details();
        description.setText(d == null || d.description().isEmpty() ? Texts.get("page.nodescription") : d.description());
        if (d != null) {
            for (AppDetails.Shot s : d.screenshots()) {
                ImageView view = new ImageView(new Image(new ByteArrayInputStream(s.bytes())));
                view.setFitHeight(130);
                view.setPreserveRatio(true);
                view.setSmooth(true);
                view.setAccessibleText(s.caption());
                Label caption = new Label(s.caption());
                caption.getStyleClass().add("caption");
                VBox shot = new VBox(2, view, caption);
                shot.getStyleClass().add("screenshot");
                shots.getChildren().add(shot);
            }
        }
        shotsScroll.setVisible(!shots.getChildren().isEmpty());
        shotsScroll.setManaged(!shots.getChildren().isEmpty());
        homepage.setText(d == null || d.homepage().isEmpty() ? "" : d.homepage());
        homepage.setDisable(d == null || d.homepage().isEmpty());
        license.setText(d == null || d.license().isEmpty() ? Texts.get("page.license.none") : d.license());
        keywords.setText(d == null || d.keywords().isEmpty() ? "—" : String.join(", ", d.keywords()));
        List<ReleaseStanding> releases = page.releases();
        ReleaseStanding newest = releases.isEmpty() ? null : releases.get(0);
        size.setText(newest == null ? "—" : Texts.get("page.size.value", Sizes.bytes(newest.release().size())));
        graph.show(shownRelease(page));
        coSigners.setText(coSignerText(shownRelease(page)));
        history.getChildren().add(sectionLabel("page.history"));
        for (ReleaseStanding r : releases) {
            history.getChildren().add(historyRow(page, r));
        }
    }

    /** The installed release when it is spurious (that is what the user must hear of), else the newest. */
    private static ReleaseStanding shownRelease(AppPage page) {
        String installed = page.app().installedVersion();
        for (ReleaseStanding r : page.releases()) {
            if (r.release().version().equals(installed) && r.state() == TrustState.SPURIOUS) {
                return r;
            }
        }
        return page.releases().isEmpty() ? null : page.releases().get(0);
    }

    private static String coSignerText(ReleaseStanding r) {
        if (r == null) {
            return "";
        }
        if (r.decision() instanceof TrustDecision.Trusted t && !t.coSigners().isEmpty()) {
            return Texts.get("page.cosigners", String.join(", ", t.coSigners().stream().map(KeyRef::userId).toList()));
        }
        int others = r.release().signers().size() - 1;
        return others > 0 ? Texts.get("page.cosigners.count", others) : Texts.get("page.cosigners.none");
    }

    private static Label sectionLabel(String key) {
        Label l = new Label(Texts.get(key));
        l.getStyleClass().add("section");
        return l;
    }

    private Region historyRow(AppPage page, ReleaseStanding r) {
        String v = r.release().version();
        Label version = new Label(Texts.get("page.history.version", v, Sizes.bytes(r.release().size())));
        version.getStyleClass().add("history-version");
        Label badge = new Label(TrustStyle.badge(r.state()));
        badge.getStyleClass().addAll("trust-badge", CatalogView.TRUST_CELL);
        TrustStyle.apply(badge, r.state());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox top = new HBox(8, version, badge, spacer);
        top.setAlignment(Pos.CENTER_LEFT);
        boolean installed = v.equals(page.app().installedVersion());
        if (installed) {
            Label here = new Label(Texts.get("page.history.installed"));
            here.getStyleClass().add("card-installed");
            top.getChildren().add(here);
        } else if (r.state() == TrustState.TRUSTED) {
            Button install = new Button(Texts.get("page.history.install", v));
            install.getStyleClass().add(INSTALL_VERSION);
            install.setUserData(v);
            install.setAccessibleText(Texts.get("page.history.install.accessible", page.app().name(), v));
            install.setOnAction(e -> controller.onInstallVersion(v));
            top.getChildren().add(install);
        }
        VBox row = new VBox(2, top);
        if (!r.release().notes().isEmpty()) {
            Label notes = new Label(r.release().notes());
            notes.setWrapText(true);
            notes.getStyleClass().add("release-notes");
            row.getChildren().add(notes);
        }
        if (r.decision() instanceof TrustDecision.Refused f) {
            Label why = new Label(TrustGraph.plainReason(f));
            why.setWrapText(true);
            why.getStyleClass().add(TrustGraph.REASON);
            row.getChildren().add(why);
        }
        row.getStyleClass().add("history-row");
        return row;
    }
}
