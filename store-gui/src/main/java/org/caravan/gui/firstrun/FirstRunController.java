package org.caravan.gui.firstrun;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.scene.Parent;
import org.caravan.core.client.CaravanClient;
import org.caravan.core.client.SyncReport;
import org.caravan.core.net.NetworkConfig;
import org.caravan.core.net.PeerAddress;
import org.caravan.gui.fx.FxBridge;
import org.caravan.gui.text.Texts;

/**
 * The first-run screen: shown while the home has no network chosen (a new home sits on a loopback
 * network without nodes, where nothing can be found). The user picks a local test network with its
 * bootstrap nodes or the public DHT, and may add a first store; nothing touches a network before
 * Continue. Client calls run on {@code background}; all methods run on the FX thread.
 */
public final class FirstRunController {

    private final CaravanClient client;
    private final NetworkSetting network;
    private final Executor background;
    private final FxBridge bridge;
    private final BiConsumer<Boolean, String> onDone;
    private final FirstRunModel model = new FirstRunModel();
    private final FirstRunView view;

    /**
     * @param network the port to the network setting; null when the client cannot change it (never shown)
     * @param onDone  told (on the FX thread) whether all went well and what to say, once the screen closes
     */
    public FirstRunController(CaravanClient client, NetworkSetting network, Executor background, FxBridge bridge,
            BiConsumer<Boolean, String> onDone) {
        this.client = Objects.requireNonNull(client, "client");
        this.network = network;
        this.background = Objects.requireNonNull(background, "background");
        this.bridge = Objects.requireNonNull(bridge, "bridge");
        this.onDone = Objects.requireNonNull(onDone, "onDone");
        this.view = new FirstRunView(model, this);
    }

    public Parent view() {
        return view.root();
    }

    /** True while the screen is shown (the window hides the app list behind it). */
    public ReadOnlyBooleanProperty shown() {
        return model.shown();
    }

    /** Reads, off the FX thread, whether a network was chosen, and shows the screen if not. */
    public void onActivate() {
        view.onActivate();
        if (network == null) {
            return;
        }
        background.execute(() -> {
            boolean chosen;
            try {
                chosen = network.chosen();
            } catch (RuntimeException e) {
                chosen = false;
            }
            boolean show = !chosen;
            bridge.run(() -> {
                model.shown().set(show);
                if (show) {
                    view.focusFirst();
                }
            });
        });
    }

    public void onDeactivate() {
        view.onDeactivate();
    }

    void onContinue() {
        if (model.working().get()) {
            return;
        }
        NetworkConfig config;
        try {
            config = chosenConfig();
        } catch (IllegalArgumentException e) {
            model.error().set(e.getMessage());
            return;
        }
        String magnet = model.magnet().get() == null ? "" : model.magnet().get().trim();
        model.error().set(Texts.get("firstrun.working"));
        model.working().set(true);
        background.execute(() -> {
            Outcome outcome;
            try {
                network.choose(config);
                String where = config.mode() == NetworkConfig.Mode.MAINLINE ? Texts.get("firstrun.network.public")
                        : Texts.get("firstrun.network.local",
                                String.join(", ", config.bootstrap().stream().map(PeerAddress::toString).toList()));
                if (magnet.isEmpty()) {
                    outcome = new Outcome(true, true, where);
                } else {
                    outcome = addStore(where, magnet);
                }
            } catch (RuntimeException e) {
                outcome = new Outcome(false, false, Texts.get("firstrun.failed", describe(e)));
            }
            Outcome done = outcome;
            bridge.run(() -> finish(done));
        });
    }

    /** What Continue came to: whether the network was saved, whether everything went well, what to say. */
    private record Outcome(boolean saved, boolean ok, String message) {}

    /** Runs off the FX thread once the network is saved; a bad magnet or silent store does not undo it. */
    private Outcome addStore(String where, String magnet) {
        try {
            boolean added = client.subscribe(magnet);
            List<SyncReport> reports = client.sync();
            return new Outcome(true, reports.stream().allMatch(SyncReport::ok), where + " "
                    + (added ? "Store added. " : "Store already added. ")
                    + String.join("; ", reports.stream().map(SyncReport::message).toList()));
        } catch (RuntimeException e) {
            return new Outcome(true, false, where + " Store not added: " + describe(e));
        }
    }

    private void finish(Outcome outcome) {
        model.working().set(false);
        if (!outcome.saved()) {
            model.error().set(outcome.message());
            return;
        }
        // The network is saved even when the store did not answer: the screen closes, the status says why.
        model.error().set("");
        model.shown().set(false);
        onDone.accept(outcome.ok(), outcome.message());
    }

    private static String describe(RuntimeException e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The network the form describes; refuses a local network without (valid) nodes, naming what is wrong. */
    private NetworkConfig chosenConfig() {
        if (model.choice().get() == FirstRunModel.Choice.PUBLIC) {
            return NetworkConfig.mainline();
        }
        String nodes = model.nodes().get() == null ? "" : model.nodes().get().trim();
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException(Texts.get("firstrun.nodes.missing"));
        }
        try {
            return NetworkConfig.loopback(PeerAddress.parseList(nodes));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(Texts.get("firstrun.nodes.bad", e.getMessage()));
        }
    }
}
