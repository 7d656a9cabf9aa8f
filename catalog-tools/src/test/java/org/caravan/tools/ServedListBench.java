package org.caravan.tools;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.caravan.core.client.ClientService;
import org.caravan.core.client.InstallOutcome;
import org.caravan.core.client.InstallProgress;
import org.caravan.core.net.NetworkConfig;
import org.caravan.core.net.PeerAddress;

/**
 * Makes the home bench/service-bench.sh measures: a store of N signed apps published on a loopback test network,
 * a client subscribed, synced and with every app installed (real packages, real downloads, real H2). All in one
 * process so that the N packages cost seconds, not N process starts.
 * Usage: ServedListBench --work DIR --apps N   (the home is DIR/home)
 */
public final class ServedListBench {
    private ServedListBench() {}

    static void ok(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), args).execute(args);
        if (code != 0) {
            throw new IllegalStateException(String.join(" ", args) + " failed: " + err);
        }
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[1]);
        int apps = Integer.parseInt(args[3]);
        Files.createDirectories(work);
        try (PublishSubscribeCycleIT.Background testnet = new PublishSubscribeCycleIT.Background("testnet", "--nodes", "3")) {
            testnet.awaitOutput("\n", Duration.ofSeconds(30));
            Thread.sleep(300);
            List<String> nodes = testnet.out.toString().lines().toList();
            String w = work.toString();
            String store = w + "/STORE";
            // A run cut short (a download that found no peer under load) is resumed: the store is kept.
            if (!Files.exists(work.resolve("STORE.done"))) {
                ok("key", "generate", "--uid", "Root <root@example.org>", "--out", w + "/root.key", "--no-passphrase");
                ok("key", "generate", "--uid", "Alice <alice@example.org>", "--out", w + "/alice.key", "--no-passphrase");
                StringWriter asc = new StringWriter();
                Main.commandLine(new PrintWriter(asc, true), new PrintWriter(new StringWriter()), new String[0])
                        .execute("key", "export", w + "/alice.key");
                Files.writeString(work.resolve("alice.asc"), asc.toString());
                ok("store", "init", "--dir", store, "--name", "Bench Store", "--root-key", w + "/root.key");
                ok("store", "certify", "--dir", store, "--cert", w + "/alice.asc", "--level", "developer", "--scope", "global");
                for (int i = 0; i < apps; i++) {
                    String id = String.format("org.example.app%04d", i);
                    Path src = Files.createDirectories(work.resolve("src").resolve(id));
                    Files.writeString(src.resolve("README.txt"), "app " + i + "\n", StandardCharsets.UTF_8);
                    String car = w + "/cars/" + id + ".car";
                    Files.createDirectories(work.resolve("cars"));
                    ok("package", "build", "--id", id, "--version", "1.0.0", "--from", src.toString(), "--out", car);
                    ok("package", "sign", "--key", w + "/alice.key", car);
                    ok("store", "add", "--dir", store, car);
                    if ((i + 1) % 50 == 0) {
                        System.err.println("packages: " + (i + 1));
                    }
                }
                Files.writeString(work.resolve("STORE.done"), "");
            }
            try (PublishSubscribeCycleIT.Background serve = new PublishSubscribeCycleIT.Background("store", "serve",
                    "--dir", store, "--bootstrap", String.join(",", nodes), "--interval", "5")) {
                serve.awaitOutput("generation ", Duration.ofSeconds(300)); // published, or unchanged when resumed
                String magnet = serve.out.toString().lines().findFirst().orElseThrow();
                try (ClientService client = ClientService.open(work.resolve("home"))) {
                    client.setNetwork(NetworkConfig.loopback(List.of(PeerAddress.parseList(nodes.get(0)).get(0))));
                    client.subscribe(magnet); // false when resumed
                    System.err.println(client.sync());
                    long installDeadline = System.nanoTime() + Long.getLong("bench.installMinutes", 8) * 60_000_000_000L;
                    for (int i = 0; i < apps; i++) {
                        String id = String.format("org.example.app%04d", i);
                        if (client.installed(id).isPresent()) {
                            continue;
                        }
                        if (System.nanoTime() > installDeadline) {
                            break;
                        }
                        InstallOutcome o = client.install(id, InstallProgress.NONE);
                        if (o instanceof InstallOutcome.Failed) {
                            System.err.println("again: " + o.message());
                            o = client.install(id, InstallProgress.NONE);
                        }
                        if (!(o instanceof InstallOutcome.Installed)) {
                            // Seen with 1 000 packages on one publisher: a package nobody seeds within 25 s
                            // (docs/benchmarks.md). The list is measured over what got installed.
                            System.err.println("skipped: " + o.message());
                        }
                        if ((i + 1) % 50 == 0) {
                            System.err.println("installed: " + (i + 1));
                        }
                    }
                    System.err.println("installed " + client.installedApps().size() + " of " + apps + " apps");
                }
            }
        }
        System.exit(0);
    }
}
