package org.caravan.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.caravan.core.pkg.PackageBuilder;
import org.caravan.core.pkg.PackageMetadata;
import org.caravan.core.pkg.PluginSpec;
import org.caravan.core.pkg.Version;
import org.caravan.core.plugin.testing.PluginJars;
import org.caravan.core.plugin.testing.ReleaseFactsPanel;
import org.caravan.core.plugin.testing.ThrowingPanel;
import org.caravan.core.store.StoreServer;
import org.caravan.core.testing.LoopbackNetworkTest;
import org.caravan.core.testing.StoreFixture;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.trust.RevocationReason;
import org.junit.jupiter.api.Test;

/** Plugins installed from a real store: loaded in their own class loader, isolated failures, disable, revoke. */
class PluginIT extends LoopbackNetworkTest {
    static final String HELLO = "org.example.hello";
    static final String FACTS = "org.example.facts";
    static final String BROKEN = "org.example.broken";
    static final String GHOST = "org.example.ghost";
    static final String FUTURE = "org.example.future";


    private void addPlugin(StoreFixture f, String id, String mainClass, Version requires, Class<?>... classes)
            throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src-" + id));
        PluginJars.jar(src.resolve("lib/plugin.jar"), classes);
        Path car = Files.createDirectories(tmp.resolve("out")).resolve(id + ".car");
        PackageBuilder.build(PackageMetadata.of(id, "1.0.0", "plugin", "Plugin " + id, "A test plugin", "utilities", ""),
                requires, new PluginSpec(PluginSpec.APP_PAGE_PANEL, mainClass, "lib/plugin.jar"), src, car);
        Files.writeString(car.resolveSibling(id + ".car.asc"),
                DetachedSignatures.sign(Personas.secretKey("developer"), car, StoreFixture.SIGNED), StandardCharsets.US_ASCII);
        f.store.add(car, StoreFixture.SIGNED);
    }

    private static Map<String, PanelText> panels(ClientService c) {
        AppEntry hello = c.apps().stream().filter(a -> a.appId().equals(HELLO)).findFirst().orElseThrow();
        return c.appPagePanels(hello).stream().collect(Collectors.toMap(PanelText::pluginId, p -> p));
    }

    @Test
    void trustedPluginsExtendTheAppPageFailuresStayInsideAndDisablingOrRevokingStopsThem() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("s"));
        f.addApp(HELLO, "1.0.0", "utilities");
        addPlugin(f, FACTS, ReleaseFactsPanel.class.getName(), null, ReleaseFactsPanel.class);
        addPlugin(f, BROKEN, ThrowingPanel.class.getName(), null, ThrowingPanel.class);
        addPlugin(f, GHOST, "org.example.NoSuchPanel", null, ReleaseFactsPanel.class);
        addPlugin(f, FUTURE, ReleaseFactsPanel.class.getName(), Version.parse("99.0.0"), ReleaseFactsPanel.class);
        StoreServer server = new StoreServer(f.store, storeNode, StoreFixture.CLOCK);
        server.step();
        Path home = tmp.resolve("home");
        try (ClientService c = client(home, StoreFixture.CLOCK)) {
            c.subscribe(f.store.magnet());
            assertEquals(SyncReport.Outcome.UPDATED, c.sync().get(0).outcome());
            for (String id : List.of(HELLO, FACTS, BROKEN, GHOST)) {
                InstallOutcome o = c.install(id, InstallProgress.NONE);
                assertInstanceOf(InstallOutcome.Installed.class, o, o.message());
            }
            InstallOutcome future = c.install(FUTURE, InstallProgress.NONE);
            assertTrue(assertInstanceOf(InstallOutcome.Failed.class, future).reason().contains("needs Caravan 99.0.0"),
                    future.message());

            Map<String, PanelText> p = panels(c);
            assertEquals(3, p.size(), p.toString());
            PanelText.Shown facts = assertInstanceOf(PanelText.Shown.class, p.get(FACTS), p.toString());
            assertEquals("Release facts", facts.title());
            assertEquals(HELLO + " 1.0.0 in utilities; loader plugin " + FACTS + "; sees client classes: false",
                    facts.text());
            PanelText.Failed broken = assertInstanceOf(PanelText.Failed.class, p.get(BROKEN));
            assertTrue(broken.reason().contains("IllegalStateException: boom on " + HELLO), broken.reason());
            PanelText.Failed ghost = assertInstanceOf(PanelText.Failed.class, p.get(GHOST));
            assertTrue(ghost.reason().contains("class not found") && ghost.reason().contains("org.example.NoSuchPanel"),
                    ghost.reason());
            assertInstanceOf(LaunchPlan.Refused.class, c.launchPlan(FACTS, false));

            c.setPluginEnabled(FACTS, false);
            assertEquals(PluginInfo.State.DISABLED, state(c, FACTS));
            assertTrue(!panels(c).containsKey(FACTS));
            IllegalArgumentException notPlugin = assertThrows(IllegalArgumentException.class,
                    () -> c.setPluginEnabled(HELLO, false));
            assertTrue(notPlugin.getMessage().contains(HELLO), notPlugin.getMessage());

            // The store revokes the signer now (published while this client runs: a put waits ~15 s for a
            // closed client's node); this client has not synced it yet.
            f.store.revoke(Personas.DEVELOPER, RevocationReason.COMPROMISED, "leaked", StoreFixture.NOW);
            server.step();
        }
        try (ClientService c = ClientService.open(home, StoreFixture.CLOCK)) {
            assertEquals(PluginInfo.State.DISABLED, state(c, FACTS), "the setting survives a restart");
            c.setPluginEnabled(FACTS, true);
            assertInstanceOf(PanelText.Shown.class, panels(c).get(FACTS));

            // Syncing the hard revocation of the signer stops every plugin it signed, without a new install.
            assertEquals(SyncReport.Outcome.UPDATED, c.sync().get(0).outcome());
            for (PluginInfo info : c.plugins()) {
                assertEquals(PluginInfo.State.REFUSED, info.state(), info.toString());
                assertTrue(info.detail().startsWith("spurious"), info.detail());
            }
            assertTrue(panels(c).isEmpty());
        }
    }

    private static PluginInfo.State state(ClientService c, String id) {
        return c.plugins().stream().filter(i -> i.pluginId().equals(id)).findFirst().orElseThrow().state();
    }
}
