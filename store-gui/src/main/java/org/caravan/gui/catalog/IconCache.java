package org.caravan.gui.catalog;

import java.io.ByteArrayInputStream;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.scene.image.Image;
import org.caravan.core.client.CaravanClient;
import org.caravan.gui.fx.FxBridge;

/**
 * App icons for the cards, read from the client off the FX thread the first time a card shows an app, and kept
 * for the most recently shown few hundred: a list of 100 000 apps holds only the icons of the cards on screen
 * and around them. Touched on the FX thread only.
 */
final class IconCache {
    static final int CAPACITY = 400;
    /** The image an app without an icon is remembered by, so that it is not asked for again. */
    private static final Image NONE = new javafx.scene.image.WritableImage(1, 1);

    private final CaravanClient client;
    private final Executor background;
    private final FxBridge bridge;
    private final Map<String, Image> images = new LinkedHashMap<>(CAPACITY, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Image> eldest) {
            return size() > CAPACITY;
        }
    };
    private final Set<String> loading = new HashSet<>();
    private final Map<String, java.util.List<Consumer<Image>>> waiting = new java.util.HashMap<>();

    IconCache(CaravanClient client, Executor background, FxBridge bridge) {
        this.client = client;
        this.background = background;
        this.bridge = bridge;
    }

    /**
     * Hands the app's icon to {@code then} (on the FX thread, now when known, else once read); null when the app
     * has none and its placeholder should stay.
     */
    void icon(String appId, Consumer<Image> then) {
        Image known = images.get(appId);
        if (known != null) {
            then.accept(known == NONE ? null : known);
            return;
        }
        waiting.computeIfAbsent(appId, k -> new java.util.ArrayList<>()).add(then);
        if (!loading.add(appId)) {
            return;
        }
        background.execute(() -> {
            Image image;
            try {
                byte[] png = client.icon(appId);
                image = png.length == 0 ? NONE : new Image(new ByteArrayInputStream(png));
                if (image.isError()) {
                    image = NONE;
                }
            } catch (RuntimeException e) {
                image = NONE;
            }
            Image done = image;
            bridge.run(() -> {
                loading.remove(appId);
                images.put(appId, done);
                for (Consumer<Image> c : Objects.requireNonNullElse(waiting.remove(appId),
                        java.util.List.<Consumer<Image>>of())) {
                    c.accept(done == NONE ? null : done);
                }
            });
        });
    }

    /** Forgets a card's wish when it shows another app meanwhile (cells are reused while scrolling). */
    void forget(String appId, Consumer<Image> then) {
        java.util.List<Consumer<Image>> list = waiting.get(appId);
        if (list != null) {
            list.remove(then);
        }
    }

    /** A sync may have brought new icons. */
    void clear() {
        images.clear();
    }
}
