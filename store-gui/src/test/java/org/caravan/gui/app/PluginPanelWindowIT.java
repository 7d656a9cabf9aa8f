package org.caravan.gui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.stage.Stage;
import org.caravan.core.client.AppEntry;
import org.caravan.core.client.ClientService;
import org.caravan.core.client.InstallOutcome;
import org.caravan.core.client.InstallProgress;
import org.caravan.core.net.TestNetwork;
import org.caravan.core.pkg.PackageBuilder;
import org.caravan.core.pkg.PackageMetadata;
import org.caravan.core.pkg.PluginSpec;
import org.caravan.core.plugin.testing.PluginJars;
import org.caravan.core.plugin.testing.ReleaseFactsPanel;
import org.caravan.core.plugin.testing.ThrowingPanel;
import org.caravan.core.store.StoreServer;
import org.caravan.core.testing.StoreFixture;
import org.caravan.gui.catalog.CatalogView;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.testing.Personas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** A trusted app-page plugin shows its panel on the app page; a failing one shows why, and the window goes on. */
class PluginPanelWindowIT extends FxRobot {
    @TempDir
    Path tmp;

    private void addPlugin(StoreFixture f, String id, Class<?> panel) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src-" + id));
        PluginJars.jar(src.resolve("plugin.jar"), panel);
        Path car = Files.createDirectories(tmp.resolve("out")).resolve(id + ".car");
        PackageBuilder.build(PackageMetadata.of(id, "1.0.0", "plugin", "Plugin " + id, "", "utilities", ""), null,
                new PluginSpec(PluginSpec.APP_PAGE_PANEL, panel.getName(), "plugin.jar"), src, car);
        Files.writeString(car.resolveSibling(id + ".car.asc"),
                DetachedSignatures.sign(Personas.secretKey("developer"), car, StoreFixture.SIGNED), StandardCharsets.US_ASCII);
        f.store.add(car, StoreFixture.SIGNED);
    }

    @Test
    void theAppPageShowsEachPluginPanelOrWhyItFailed() throws Exception {
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupFixture(() -> Platform.setImplicitExit(false));
        try (TestNetwork net = TestNetwork.start(3, tmp.resolve("net"))) {
            StoreFixture f = StoreFixture.create(tmp.resolve("s"));
            f.addApp("org.example.hello", "1.0.0", "utilities");
            addPlugin(f, "org.example.facts", ReleaseFactsPanel.class);
            addPlugin(f, "org.example.broken", ThrowingPanel.class);
            new StoreServer(f.store, net.join(tmp.resolve("store-node")), StoreFixture.CLOCK).step();
            ClientService client = ClientService.open(tmp.resolve("home"), StoreFixture.CLOCK);
            client.setNetwork(net.config());
            client.subscribe(f.store.magnet());
            client.sync();
            for (String id : List.of("org.example.facts", "org.example.broken")) {
                InstallOutcome o = client.install(id, InstallProgress.NONE);
                assertInstanceOf(InstallOutcome.Installed.class, o, o.message());
            }
            Stage stage = FxToolkit.setupFixture(() -> {
                Stage window = new Stage();
                ClientWindow.open(window, client);
                return window;
            });
            try {
                waitUntil(5, () -> row("App org.example.hello") != null);
                clickOn(row("App org.example.hello"));
                waitUntil(10, () -> lookup("#" + CatalogView.PLUGIN_PANELS + " .label").queryAll().size() == 4);
                List<String> texts = lookup("#" + CatalogView.PLUGIN_PANELS + " .label").queryAllAs(Label.class).stream()
                        .map(Label::getText).toList();
                assertTrue(texts.contains("Release facts"), texts.toString());
                assertTrue(texts.contains("org.example.hello 1.0.0 in utilities; loader plugin org.example.facts; "
                        + "sees client classes: false"), texts.toString());
                assertTrue(texts.contains("Plugin org.example.broken"), texts.toString());
                assertTrue(texts.stream().anyMatch(t -> t.startsWith("This plugin failed: plugin org.example.broken failed: "
                        + "IllegalStateException: boom on org.example.hello")), texts.toString());
                assertEquals("org.example.hello", ((AppEntry) row("App org.example.hello").getItem()).appId(),
                        "the window still works after a plugin failed");

                // Plugins: the facts panel is switched off there, and the app page no longer shows it.
                javafx.scene.control.TabPane tabs = lookup("#" + ClientWindow.TABS).queryAs(javafx.scene.control.TabPane.class);
                clickOn(lookup("#" + ClientWindow.TABS + " .tab").queryAll().stream().toList().get(4));
                waitUntil(10, () -> lookup(".plugin-row").queryAll().size() == 2);
                javafx.scene.Node factsRow = lookup(".plugin-row").queryAll().stream()
                        .filter(n -> n.lookupAll(".label").stream().anyMatch(l -> ((Label) l).getText()
                                .startsWith("org.example.facts "))).findFirst().orElseThrow();
                clickOn(factsRow.lookup(".plugin-toggle"));
                waitUntil(10, () -> client.plugins().stream().anyMatch(p -> p.pluginId().equals("org.example.facts")
                        && p.state() == org.caravan.core.client.PluginInfo.State.DISABLED));
                waitUntil(10, () -> lookup(".plugin-state").queryAllAs(Label.class).stream()
                        .anyMatch(l -> l.getText().startsWith("disabled by you")));
                clickOn(lookup("#" + ClientWindow.TABS + " .tab").queryAll().stream().toList().get(0));
                assertEquals(ClientWindow.TAB_EXPLORE, tabs.getSelectionModel().getSelectedItem().getId());
                try {
                    waitUntil(10, () -> lookup("#" + CatalogView.PLUGIN_PANELS + " .label").queryAll().size() == 2);
                } catch (AssertionError e) {
                    throw new AssertionError(lookup("#" + CatalogView.PLUGIN_PANELS + " .label").queryAllAs(Label.class)
                            .stream().map(Label::getText).toList() + " " + client.plugins(), e);
                }
                assertTrue(lookup("#" + CatalogView.PLUGIN_PANELS + " .label").queryAllAs(Label.class).stream()
                        .noneMatch(l -> l.getText().equals("Release facts")), "a disabled plugin shows no panel");
            } finally {
                FxToolkit.setupFixture(() -> stage.close());
                waitUntil(30, () -> {
                    try {
                        client.apps();
                        return false;
                    } catch (IllegalStateException e) {
                        return true;
                    }
                });
            }
        }
    }

    private ListCell<?> row(String name) {
        return lookup("#" + CatalogView.APPS + " .list-cell").queryAllAs(ListCell.class).stream()
                .filter(r -> r.getItem() instanceof AppEntry a && a.name().equals(name) && r.isVisible())
                .findFirst().orElse(null);
    }

    private static void waitUntil(int seconds, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
        } catch (TimeoutException e) {
            throw new AssertionError("condition not met within " + seconds + " s", e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }
}
