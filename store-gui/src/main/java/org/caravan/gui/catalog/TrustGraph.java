package org.caravan.gui.catalog;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;
import org.caravan.core.catalog.SignerClaim;
import org.caravan.core.client.ReleaseStanding;
import org.caravan.gui.text.Texts;
import org.caravan.keyring.trust.KeyRef;
import org.caravan.keyring.trust.TrustDecision;

/**
 * The trust path of a release drawn as a graph, top to bottom: the store's root, the keys that certified on the
 * way (maintainer, mentor) and the developer who signed, each a box with its role, user id and short fingerprint,
 * joined by arrows that say what each certification grants (level, scope); co-signers hang beside the signer. A
 * refused release ends in a red box that says in plain words why; a revoked key is red.
 */
final class TrustGraph extends VBox {
    static final String NODE = "trust-node";
    static final String EDGE = "trust-edge";
    static final String REASON = "trust-reason";
    static final PseudoClass BAD = PseudoClass.getPseudoClass("bad");
    static final PseudoClass ROOT = PseudoClass.getPseudoClass("store-root");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    TrustGraph() {
        setSpacing(0);
        setAlignment(Pos.TOP_LEFT);
        getStyleClass().add("trust-graph");
        setAccessibleText(Texts.get("graph.accessible"));
    }

    void show(ReleaseStanding r) {
        getChildren().clear();
        if (r == null) {
            return;
        }
        TrustDecision d = r.decision();
        String signed = r.release().signers().isEmpty() ? ""
                : Texts.get("graph.signed", DAY.format(r.release().signers().get(0).signedAt()));
        if (d instanceof TrustDecision.Trusted t) {
            List<KeyRef> path = t.path();
            for (int i = 0; i < path.size(); i++) {
                boolean last = i == path.size() - 1;
                String role = i == 0 ? Texts.get("graph.role.root", r.storeName())
                        : last ? Texts.get("graph.role.developer") : Texts.get("graph.role.certifier");
                if (i > 0) {
                    getChildren().add(edge(last ? Texts.get("graph.edge.grant", t.level(), t.scope())
                            : Texts.get("graph.edge.certified"), false));
                }
                Node box = box(role, path.get(i).userId(), path.get(i).fingerprint().hex(),
                        last ? signed : "", false, i == 0);
                if (last && !t.coSigners().isEmpty()) {
                    HBox row = new HBox(10, box);
                    for (KeyRef co : t.coSigners()) {
                        row.getChildren().add(box(Texts.get("graph.role.cosigner"), co.userId(), co.fingerprint().hex(),
                                "", false, false));
                    }
                    getChildren().add(row);
                } else {
                    getChildren().add(box);
                }
            }
            if (!t.basis().isEmpty()) {
                Label basis = new Label(t.basis());
                basis.setWrapText(true);
                basis.getStyleClass().add("trust-basis");
                getChildren().add(basis);
            }
        } else if (d instanceof TrustDecision.Refused f) {
            getChildren().add(box(Texts.get("graph.role.root", r.storeName()), Texts.get("graph.rootset"), null, "",
                    false, true));
            boolean revoked = f.rule() == TrustDecision.Rule.REVOKED;
            getChildren().add(edge(Texts.get("graph.edge.broken." + f.rule().name()), true));
            String fpr = f.key() != null ? f.key().hex()
                    : r.release().signers().isEmpty() ? null : r.release().signers().get(0).fingerprint();
            String who = r.signerUserId() == null || r.signerUserId().isBlank() ? Texts.get("graph.unknown")
                    : r.signerUserId();
            getChildren().add(box(revoked ? Texts.get("graph.role.revoked") : Texts.get("graph.role.developer"), who, fpr,
                    signed, true, false));
            Label reason = new Label(plainReason(f));
            reason.setWrapText(true);
            reason.getStyleClass().add(REASON);
            reason.pseudoClassStateChanged(BAD, true);
            getChildren().add(reason);
            for (SignerClaim co : r.release().signers().stream().skip(1).toList()) {
                getChildren().add(box(Texts.get("graph.role.cosigner"), Texts.get("graph.unknown"), co.fingerprint(), "",
                        false, false));
            }
        }
    }

    /** Why a release is refused, for someone who never heard of OpenPGP. */
    static String plainReason(TrustDecision.Refused f) {
        String plain = Texts.get("refusal." + f.rule().name());
        return plain.startsWith("!") ? f.reason() : plain;
    }

    private static Node box(String role, String userId, String fingerprint, String note, boolean bad, boolean root) {
        Label r = new Label(role);
        r.getStyleClass().add("trust-role");
        Label who = new Label(userId);
        who.setWrapText(true);
        who.getStyleClass().add("trust-who");
        VBox box = new VBox(1, r, who);
        if (fingerprint != null) {
            Label f = new Label(AppText.shortFingerprint(fingerprint));
            f.getStyleClass().add("fingerprint");
            box.getChildren().add(f);
        }
        if (!note.isEmpty()) {
            Label n = new Label(note);
            n.getStyleClass().add("trust-note");
            box.getChildren().add(n);
        }
        box.getStyleClass().add(NODE);
        box.pseudoClassStateChanged(BAD, bad);
        box.pseudoClassStateChanged(ROOT, root);
        box.setMaxWidth(Double.MAX_VALUE);
        return box;
    }

    private static Node edge(String text, boolean broken) {
        Line line = new Line(0, 0, 0, 18);
        line.getStyleClass().add("trust-line");
        line.pseudoClassStateChanged(BAD, broken);
        if (broken) {
            line.getStrokeDashArray().setAll(4.0, 4.0);
        }
        Polygon head = new Polygon(-5, 0, 5, 0, 0, 7);
        head.getStyleClass().add("trust-arrow");
        head.pseudoClassStateChanged(BAD, broken);
        VBox arrow = new VBox(0, line, head);
        arrow.setAlignment(Pos.TOP_CENTER);
        arrow.setMinWidth(14);
        Label label = new Label(text);
        label.setWrapText(true);
        label.getStyleClass().add(EDGE);
        label.pseudoClassStateChanged(BAD, broken);
        HBox edge = new HBox(8, arrow, label);
        edge.setAlignment(Pos.CENTER_LEFT);
        edge.setPadding(new javafx.geometry.Insets(0, 0, 0, 16));
        return edge;
    }
}
