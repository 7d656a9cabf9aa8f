package org.caravan.gui.catalog;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;

/**
 * An app's icon, or while it has none a placeholder made from its name: a rounded square in a colour taken
 * from the app id (the same app always looks the same) with the name's first letter.
 */
final class AppIcon extends StackPane {
    private final Rectangle tile;
    private final Label letter = new Label();
    private final ImageView image = new ImageView();

    AppIcon(double size) {
        tile = new Rectangle(size, size);
        tile.setArcWidth(size / 3);
        tile.setArcHeight(size / 3);
        letter.getStyleClass().add("app-icon-letter");
        letter.setStyle("-fx-font-size: " + Math.round(size * 0.5) + "px;");
        image.setFitWidth(size);
        image.setFitHeight(size);
        image.setPreserveRatio(true);
        image.setSmooth(true);
        setMinSize(size, size);
        setPrefSize(size, size);
        setMaxSize(size, size);
        setAlignment(Pos.CENTER);
        getChildren().addAll(tile, letter, image);
        getStyleClass().add("app-icon");
    }

    /** Shows the placeholder of this app. */
    void placeholder(String appId, String name) {
        int hash = appId == null ? 0 : appId.hashCode();
        tile.setFill(Color.hsb(Math.floorMod(hash, 360), 0.45, 0.75));
        String n = name == null || name.isBlank() ? (appId == null ? "?" : appId) : name;
        letter.setText(n.substring(0, 1).toUpperCase(java.util.Locale.ROOT));
        tile.setVisible(true);
        letter.setVisible(true);
        image.setImage(null);
    }

    /** Shows the app's own icon (null: keep the placeholder). */
    void show(Image icon) {
        if (icon == null) {
            return;
        }
        image.setImage(icon);
        tile.setVisible(false);
        letter.setVisible(false);
    }

    /** Whether the app's own icon is shown (not the placeholder). */
    boolean hasImage() {
        return image.getImage() != null;
    }
}
