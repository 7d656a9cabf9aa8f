package org.caravan.gui.downloads;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.caravan.gui.text.Texts;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignB;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;

/** The Downloads panel: one row per install with its bar, numbers, Cancel or Retry, and the full outcome. */
final class DownloadsView {
    /** Node ids and style classes, for tests and the stylesheet. */
    static final String ROOT = "downloads";
    public static final String LIST = "downloads-list";
    public static final String CANCEL = "download-cancel";
    public static final String RETRY = "download-retry";
    public static final String MESSAGE = "download-message";
    public static final String TRANSFER = "download-transfer";
    public static final String STAGE = "download-stage";

    private final BorderPane root = new BorderPane();

    DownloadsView(Downloads downloads) {
        root.setId(ROOT);
        Label title = new Label(Texts.get("downloads.title"));
        title.getStyleClass().add("title");
        Button clear = new Button(Texts.get("downloads.clear"), new FontIcon(MaterialDesignB.BROOM));
        clear.setOnAction(e -> downloads.onClearFinished());
        clear.setAccessibleText(Texts.get("downloads.clear"));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(12, title, spacer, clear);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add("header");
        ListView<Download> list = new ListView<>(downloads.items());
        list.setId(LIST);
        list.setAccessibleText(Texts.get("downloads.title"));
        Label empty = new Label(Texts.get("downloads.empty"));
        empty.setWrapText(true);
        empty.getStyleClass().add("empty-state");
        list.setPlaceholder(empty);
        list.setCellFactory(l -> new Row());
        BorderPane.setMargin(list, new Insets(12));
        root.setTop(header);
        root.setCenter(list);
    }

    Parent root() {
        return root;
    }

    /** A row: title and stage, the bar, bytes/speed/peers/ETA, Cancel or Retry, and the outcome in full. */
    private static final class Row extends ListCell<Download> {
        private final Label title = new Label();
        private final Label stage = new Label();
        private final ProgressBar bar = new ProgressBar();
        private final Label transfer = new Label();
        private final Label message = new Label();
        private final Button cancel = new Button(Texts.get("download.cancel"), new FontIcon(MaterialDesignB.BLOCK_HELPER));
        private final Button retry = new Button(Texts.get("download.retry"), new FontIcon(MaterialDesignR.REFRESH));
        private final VBox box;

        Row() {
            title.getStyleClass().add("download-title");
            stage.getStyleClass().add(STAGE);
            transfer.getStyleClass().add(TRANSFER);
            message.getStyleClass().add(MESSAGE);
            // A failure is read in full: wrapped, never cut with "...".
            message.setWrapText(true);
            message.setMinHeight(Region.USE_PREF_SIZE);
            cancel.getStyleClass().add(CANCEL);
            retry.getStyleClass().add(RETRY);
            bar.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(bar, Priority.ALWAYS);
            Region spacer = new Region();
            HBox.setHgrow(spacer, Priority.ALWAYS);
            HBox top = new HBox(10, title, stage, spacer, cancel, retry);
            top.setAlignment(Pos.CENTER_LEFT);
            box = new VBox(4, top, bar, transfer, message);
            box.setMinWidth(0);
            setPrefWidth(0);
        }

        @Override
        protected void updateItem(Download d, boolean empty) {
            super.updateItem(d, empty);
            bar.progressProperty().unbind();
            stage.textProperty().unbind();
            transfer.textProperty().unbind();
            message.textProperty().unbind();
            cancel.visibleProperty().unbind();
            cancel.managedProperty().unbind();
            retry.visibleProperty().unbind();
            retry.managedProperty().unbind();
            bar.visibleProperty().unbind();
            if (empty || d == null) {
                setGraphic(null);
                return;
            }
            title.setText(d.title());
            stage.textProperty().bind(d.stage());
            bar.progressProperty().bind(d.fraction());
            transfer.textProperty().bind(d.transfer());
            message.textProperty().bind(d.message());
            var running = Bindings.equal(d.state(), Download.State.RUNNING);
            var ended = Bindings.equal(d.state(), Download.State.FAILED).or(Bindings.equal(d.state(), Download.State.CANCELLED));
            cancel.visibleProperty().bind(running);
            cancel.managedProperty().bind(running);
            retry.visibleProperty().bind(ended);
            retry.managedProperty().bind(ended);
            bar.visibleProperty().bind(running.or(Bindings.equal(d.state(), Download.State.DONE)));
            cancel.setOnAction(e -> d.onCancel());
            retry.setOnAction(e -> d.onRetry());
            cancel.setAccessibleText(Texts.get("download.cancel.accessible", d.title()));
            retry.setAccessibleText(Texts.get("download.retry.accessible", d.title()));
            message.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("failed"),
                    d.state().get() == Download.State.FAILED);
            d.state().addListener((o, a, b) -> message.pseudoClassStateChanged(
                    javafx.css.PseudoClass.getPseudoClass("failed"), b == Download.State.FAILED));
            setGraphic(box);
        }
    }
}
