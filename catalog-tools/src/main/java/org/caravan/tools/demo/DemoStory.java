package org.caravan.tools.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.caravan.core.client.PanelText;
import org.caravan.core.pkg.PackageMetadata;
import org.caravan.core.pkg.PluginSpec;
import org.caravan.tools.demo.plugin.ReleaseFactsPanel;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.caravan.core.client.AppEntry;
import org.caravan.core.client.ClientService;
import org.caravan.core.client.InstallOutcome;
import org.caravan.core.client.SyncReport;
import org.caravan.core.client.TrustState;
import org.caravan.core.net.PeerNode;
import org.caravan.core.net.TestNetwork;
import org.caravan.core.pkg.PackageBuilder;
import org.caravan.core.store.Publication;
import org.caravan.core.store.StoreDirectory;
import org.caravan.core.store.StoreServer;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.trust.Level;
import org.caravan.keyring.trust.RevocationReason;
import org.caravan.keyring.trust.Scope;

/**
 * The walking skeleton's story, told with the real parts on a loopback test network: a store, two
 * certified developers, three apps, a subscribed client, an install, a revocation and its effect.
 */
public final class DemoStory {
    /** Opens a window on a client home and returns when the user closed it. */
    @FunctionalInterface
    public interface Window {
        int open(Path home) throws IOException, InterruptedException;
    }

    static final String HELLO = "org.demo.hello";
    static final String CHESS = "org.demo.chess";
    static final String SUDOKU = "org.demo.sudoku";
    static final String FACTS = "org.demo.release-facts";

    private final Path work;
    private final int nodes;
    private final PrintWriter out;
    private final Clock clock = Clock.systemUTC();
    private int step;

    public DemoStory(Path work, int nodes, PrintWriter out) {
        this.work = work;
        this.nodes = nodes;
        this.out = out;
    }

    private void say(String line) {
        out.println("[" + (++step) + "/7] " + line);
        out.flush();
    }

    /** The client home the story fills and the window opens. */
    public Path clientHome() {
        return work.resolve("client");
    }

    /** Runs the story; with a window, opens it on the client at the end. Returns the exit code. */
    public int run(Window window) throws Exception {
        out.println("demo files in " + work);
        try (TestNetwork net = TestNetwork.start(nodes, work.resolve("testnet"))) {
            out.println("loopback test network: " + net.addresses());
            PeerNode storeNode = net.join(work.resolve("store-node"));
            try {
                return story(net, storeNode, window);
            } finally {
                storeNode.close();
            }
        }
    }

    private int story(TestNetwork net, PeerNode storeNode, Window window) throws Exception {
        Path keys = Files.createDirectories(work.resolve("keys"));
        Instant now = clock.instant();
        SecretKey root = write(keys.resolve("root.key"), SecretKey.generate("Demo Store Root <root@demo.example>", now));
        SecretKey alice = write(keys.resolve("alice.key"), SecretKey.generate("Alice Developer <alice@demo.example>", now));
        SecretKey bob = write(keys.resolve("bob.key"), SecretKey.generate("Bob Developer <bob@demo.example>", now));

        StoreDirectory store = StoreDirectory.init(work.resolve("store"), "Demo Store", keys.resolve("root.key"));
        store.certify(alice.certificate(), Level.DEVELOPER, Scope.GLOBAL, null, clock.instant());
        store.certify(bob.certificate(), Level.DEVELOPER, Scope.GLOBAL, null, clock.instant());
        say("store created: \"Demo Store\" " + store.magnet().format()
                + "\n      root " + root.fingerprint().hex() + "; certified developers Alice ["
                + alice.fingerprint().hex() + "] and Bob [" + bob.fingerprint().hex() + "]");

        addApp(store, alice, HELLO, "Hello", "Says hello to the world", "utilities");
        addApp(store, bob, CHESS, "Chess", "A chess board for two", "games");
        addApp(store, bob, SUDOKU, "Sudoku", "Number puzzles", "games");
        StoreServer server = new StoreServer(store, storeNode, clock);
        Publication gen1 = server.step();
        say("apps published: generation " + gen1.generation() + " (" + HELLO + " by Alice; " + CHESS + " and "
                + SUDOKU + " by Bob)");

        Path home = clientHome();
        try (ClientService client = ClientService.open(home, clock)) {
            client.setNetwork(net.config());
            client.subscribe(store.magnet());
            SyncReport s1 = syncOne(client);
            say("client subscribed and synced: generation " + s1.generation() + ", " + s1.apps() + " apps");

            InstallOutcome installed = client.install(CHESS, (stage, f) -> { });
            if (!(installed instanceof InstallOutcome.Installed ok)) {
                throw new IllegalStateException("demo install failed: " + installed.message());
            }
            say("installed " + CHESS + " " + ok.version() + " into " + ok.location()
                    + "\n      " + ok.trustExplanation());

            store.revoke(bob.fingerprint(), RevocationReason.COMPROMISED, "demo: Bob's key leaked", clock.instant());
            Publication gen2 = server.step();
            say("developer key Bob [" + bob.fingerprint().hex() + "] revoked (compromised); generation "
                    + gen2.generation() + " published");

            SyncReport s2 = syncOne(client);
            say("client synced: generation " + s2.generation() + ", " + s2.apps() + " apps");

            StringBuilder states = new StringBuilder();
            for (AppEntry a : client.apps()) {
                states.append("\n      ").append(a.appId()).append(' ').append(a.version()).append(' ')
                        .append(a.state().label())
                        .append(a.installedVersion() == null ? "" : " (installed " + a.installedVersion() + ")");
            }
            AppEntry chess = client.apps().stream().filter(a -> a.appId().equals(CHESS)).findFirst().orElseThrow();
            InstallOutcome refused = client.install(SUDOKU, (stage, f) -> { });
            if (chess.state() != TrustState.SPURIOUS || !(refused instanceof InstallOutcome.Failed)) {
                throw new IllegalStateException("revocation did not take effect: " + chess.state() + ", " + refused.message());
            }
            say("Bob's apps are now spurious: " + CHESS + " marked spurious, install of " + SUDOKU + " refused"
                    + "\n      " + refused.message() + states);

            // After the story: Alice publishes a plugin; the client installs it through the same checks.
            addPlugin(store, alice);
            server.step();
            syncOne(client);
            InstallOutcome plugin = client.install(FACTS, (stage, f) -> { });
            if (!(plugin instanceof InstallOutcome.Installed)) {
                throw new IllegalStateException("demo plugin install failed: " + plugin.message());
            }
            AppEntry hello = client.apps().stream().filter(a -> a.appId().equals(HELLO)).findFirst().orElseThrow();
            String panel = client.appPagePanels(hello).stream()
                    .map(p -> p instanceof PanelText.Shown shown ? shown.title() + ": " + shown.text() : p.toString())
                    .findFirst().orElse("(no panel)");
            out.println("plugin " + FACTS + " by Alice installed; on the page of " + HELLO + " it shows \"" + panel + "\"");
            out.flush();
        }
        if (window == null) {
            out.println("demo finished");
            return 0;
        }
        out.println("opening the client window on " + home + " (the store keeps serving until you close it)");
        out.flush();
        return window.open(home);
    }

    private SyncReport syncOne(ClientService client) {
        List<SyncReport> reports = client.sync();
        SyncReport r = reports.get(0);
        if (!r.ok()) {
            throw new IllegalStateException("demo sync failed: " + r.message());
        }
        return r;
    }

    private void addApp(StoreDirectory store, SecretKey dev, String id, String name, String summary, String category)
            throws IOException {
        Path src = Files.createDirectories(work.resolve("src").resolve(id));
        Files.writeString(src.resolve("README.txt"), name + ": " + summary + "\n", StandardCharsets.UTF_8);
        Files.writeString(src.resolve("run.sh"), "#!/bin/sh\necho '" + name + " from the Caravan demo store'\n",
                StandardCharsets.UTF_8);
        Path car = Files.createDirectories(work.resolve("packages")).resolve(id + "-1.0.0.car");
        PackageBuilder.build(id, "1.0.0", "app", name, summary, category, "run.sh", src, car);
        Files.writeString(car.resolveSibling(car.getFileName() + ".asc"),
                DetachedSignatures.sign(dev, car, clock.instant()), StandardCharsets.US_ASCII);
        store.add(car, clock.instant());
    }

    /** Packs {@link ReleaseFactsPanel}'s class file into a jar, as a plugin author's build would, and admits it. */
    private void addPlugin(StoreDirectory store, SecretKey dev) throws IOException {
        Path src = Files.createDirectories(work.resolve("src").resolve(FACTS).resolve("lib"));
        String entry = ReleaseFactsPanel.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(src.resolve("release-facts.jar"));
                JarOutputStream jar = new JarOutputStream(file);
                InputStream in = ReleaseFactsPanel.class.getClassLoader().getResourceAsStream(entry)) {
            jar.putNextEntry(new JarEntry(entry));
            in.transferTo(jar);
            jar.closeEntry();
        }
        Path car = Files.createDirectories(work.resolve("packages")).resolve(FACTS + "-1.0.0.car");
        PackageBuilder.build(PackageMetadata.of(FACTS, "1.0.0", "plugin", "Release facts",
                        "Adds a panel of release facts to every app page", "utilities", ""), null,
                new PluginSpec(PluginSpec.APP_PAGE_PANEL, ReleaseFactsPanel.class.getName(), "lib/release-facts.jar"),
                src.getParent(), car);
        Files.writeString(car.resolveSibling(car.getFileName() + ".asc"),
                DetachedSignatures.sign(dev, car, clock.instant()), StandardCharsets.US_ASCII);
        store.add(car, clock.instant());
    }

    private static SecretKey write(Path file, SecretKey key) throws IOException {
        Files.writeString(file, key.armored(), StandardCharsets.US_ASCII);
        return key;
    }
}
