package org.caravan.core.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.caravan.core.client.ClientService;
import org.caravan.core.client.InstallOutcome;
import org.caravan.core.client.SyncReport;
import org.caravan.core.net.NetworkConfig;
import org.caravan.core.net.PeerAddress;
import org.caravan.core.net.StoreMagnet;
import org.caravan.core.testing.StoreFixture;

/**
 * The client side of the install benchmark, in its own JVM so that its peak RSS is the client's alone
 * (the store, its seeder and the DHT nodes live in the parent). Subscribes, syncs, then times one install
 * and prints {@code bench.KEY=VALUE} lines that {@link InstallBench} reads back.
 *
 * <p>Usage: {@code InstallClient HOME STORE_MAGNET BOOTSTRAP_NODES APP_ID}
 */
public final class InstallClient {
    static final String PREFIX = "bench.";

    private InstallClient() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: InstallClient HOME STORE_MAGNET BOOTSTRAP_NODES APP_ID");
            System.exit(2);
        }
        Path home = Path.of(args[0]);
        StoreMagnet magnet = StoreMagnet.parse(args[1]);
        List<PeerAddress> bootstrap = PeerAddress.parseList(args[2]);
        String appId = args[3];
        // The fixture's clock: the catalog was published at its fixed time and must not look expired.
        try (ClientService client = ClientService.open(home, StoreFixture.CLOCK)) {
            client.setNetwork(NetworkConfig.loopback(bootstrap));
            client.subscribe(magnet);
            long s0 = System.nanoTime();
            SyncReport sync = client.sync().get(0);
            print("sync_ms", ms(System.nanoTime() - s0));
            if (sync.outcome() != SyncReport.Outcome.UPDATED) {
                throw new IllegalStateException("sync of " + magnet + " did not update: " + sync.outcome() + " " + sync.message());
            }
            print("rss_before_install_kib", ProcStatus.self().rssKib());
            print("peak_before_install_kib", ProcStatus.self().peakRssKib());
            // First time each stage was reported, relative to the start of the install.
            Map<String, Long> stageStart = new ConcurrentHashMap<>();
            long t0 = System.nanoTime();
            InstallOutcome outcome = client.install(appId, (stage, fraction) -> {
                long now = System.nanoTime();
                stageStart.putIfAbsent(stage, now - t0);
                if (stage.equals("download") && fraction > 0) {
                    stageStart.putIfAbsent("first-data", now - t0);
                }
            });
            long took = System.nanoTime() - t0;
            ProcStatus after = ProcStatus.self();
            if (!(outcome instanceof InstallOutcome.Installed)) {
                throw new IllegalStateException("install of " + appId + " failed: " + outcome.message());
            }
            print("install_ms", ms(took));
            print("peak_after_install_kib", after.peakRssKib());
            print("rss_after_install_kib", after.rssKib());
            print("max_heap_mib", Runtime.getRuntime().maxMemory() / (1024 * 1024));
            for (Map.Entry<String, Long> e : stageStart.entrySet()) {
                print("stage." + e.getKey() + "_ms", ms(e.getValue()));
            }
            print("installed", ((InstallOutcome.Installed) outcome).location());
        }
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    private static void print(String key, Object value) {
        System.out.println(PREFIX + key + "=" + value);
        System.out.flush();
    }
}
