package org.caravan.core.bench.catalog;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.caravan.core.catalog.CatalogApp;
import org.caravan.core.catalog.DeltaBundle;
import org.caravan.core.catalog.GenerationBundle;
import org.caravan.core.catalog.GenerationVerifier;
import org.caravan.core.catalog.Sha256;
import org.caravan.core.client.AppEntry;
import org.caravan.core.client.ClientService;
import org.caravan.core.client.SyncReport;
import org.caravan.core.net.ChannelPointer;
import org.caravan.core.net.InfoHash;
import org.caravan.core.net.PeerNode;
import org.caravan.core.net.StoreMagnet;
import org.caravan.core.net.TestNetwork;
import org.caravan.core.store.StoreServer;
import org.caravan.core.testing.StoreFixture;

/**
 * Issue 4's catalog benchmarks, on a loopback test network (every session on 127.0.0.1):
 * <ul>
 * <li>build + sign a generation, import it into a client's H2 (a real sync), search latency -- next to H2
 *     raw batch inserts of the same rows and {@code LIKE '%word%'} on them;</li>
 * <li>delta size for a one-app change, as a fraction of the full generation;</li>
 * <li>publish-to-synced latency with 1, 5 and 20 subscribers (ClientService instances in this JVM, each with
 *     its own home and session), timed from the pointer put to the last subscriber's import;</li>
 * <li>the publisher's uploaded bytes for a full generation and for a delta generation, per subscriber count.</li>
 * </ul>
 * A main class, not a test: figures are printed, never asserted. Usage:
 * {@code CatalogBench --work DIR [--sizes 1000,10000,100000] [--swarm-sizes 1000,10000] [--subscribers 1,5,20]}.
 */
public final class CatalogBench {
    static final Instant ISSUED = StoreFixture.PUBLISHED;
    private static final int RESULT_LIMIT = 20;
    private static final long POLL_PAUSE_MS = 50;
    /** 20 first syncs of 100 000 apps at once take minutes on 2 cores. */
    private static final long AWAIT_SECONDS = 900;

    private final Path work;
    private final long generationLimit;
    private final boolean superSeed;
    private final List<String> table = new ArrayList<>();

    CatalogBench(Path work, long generationLimit, boolean superSeed) {
        this.superSeed = superSeed;
        this.work = work.toAbsolutePath().normalize();
        this.generationLimit = generationLimit;
    }

    public static void main(String[] args) throws Exception {
        Path work = null;
        int[] sizes = {1_000, 10_000, 100_000};
        int[] swarmSizes = {1_000, 10_000};
        int[] subscribers = {1, 5, 20};
        long generationLimit = StoreServer.GENERATION_UPLOAD_LIMIT;
        boolean superSeed = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--work" -> work = Path.of(args[++i]);
                case "--sizes" -> sizes = ints(args[++i]);
                case "--swarm-sizes" -> swarmSizes = ints(args[++i]);
                case "--subscribers" -> subscribers = ints(args[++i]);
                case "--generation-upload-limit" -> generationLimit = Long.parseLong(args[++i]);
                case "--super-seed" -> superSeed = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (use --work DIR [--sizes N,..] [--swarm-sizes N,..] [--subscribers K,..]"
                        + " [--generation-upload-limit BYTES_PER_S, 0 = none] [--super-seed])");
            }
        }
        if (work == null) {
            throw new IllegalArgumentException("--work DIR is required");
        }
        CatalogBench bench = new CatalogBench(work, generationLimit, superSeed);
        System.out.printf(Locale.ROOT, "publisher's upload cap per full generation: %s%n",
                generationLimit == 0 ? "none" : generationLimit + " B/s");
        System.out.printf(Locale.ROOT, "publisher super-seeds full generations: %s%n", superSeed ? "yes" : "no");
        for (int n : sizes) {
            bench.buildImportSearch(n);
        }
        for (int n : swarmSizes) {
            for (int k : subscribers) {
                bench.swarm(n, k);
            }
        }
        System.out.println();
        System.out.println(String.format(Locale.ROOT, "%-44s %8s %14s %22s %s", "measure", "apps", "caravan",
                "baseline", "goal"));
        bench.table.forEach(System.out::println);
        System.exit(0);
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(v -> !v.isEmpty())
                .mapToInt(Integer::parseInt).toArray();
    }

    private void row(String measure, int apps, String value, String baseline, String goal) {
        String line = String.format(Locale.ROOT, "%-44s %8d %14s %22s %s", measure, apps, value, baseline, goal);
        table.add(line);
        System.out.println(line);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static String fmtMs(double ms) {
        return String.format(Locale.ROOT, "%.1f ms", ms);
    }

    // ------------------------------------------------------------------ build, delta, import, search

    void buildImportSearch(int n) throws Exception {
        Path dir = Files.createDirectories(work.resolve("size-" + n));
        SyntheticCatalog cat = SyntheticCatalog.create(dir.resolve("store"));
        System.out.printf(Locale.ROOT, "%n== %d apps ==%n", n);
        String name = "Bench " + n;

        long t0 = System.nanoTime();
        List<CatalogApp> apps = cat.apps(n);
        long t1 = System.nanoTime();
        GenerationBundle g1 = cat.generation(name, 1, null, apps, ISSUED);
        long t2 = System.nanoTime();
        Path pub = Files.createDirectories(dir.resolve("pub"));
        Path g1File = pub.resolve(GenerationBundle.fileName(1));
        g1.write(g1File);
        long t3 = System.nanoTime();
        long signStart = System.nanoTime();
        org.caravan.keyring.sign.DetachedSignatures.sign(org.caravan.keyring.testing.Personas.secretKey("root"),
                g1.catalogJson(), ISSUED);
        long signOnly = System.nanoTime() - signStart;
        long fileSize = Files.size(g1File);
        System.out.printf(Locale.ROOT, "model %.0f ms, catalog+encode+sign %.0f ms (sign alone %.0f ms), zip %.0f ms; "
                + "catalog.json %d bytes, generation file %d bytes%n", ms(t1 - t0), ms(t2 - t1), ms(signOnly),
                ms(t3 - t2), g1.catalogJson().length, fileSize);
        row("build + sign + write generation", n, fmtMs(ms(t3 - t1)), "-", "-");
        row("  generation file size", n, kib(fileSize), "json " + kib(g1.catalogJson().length), "-");

        long v0 = System.nanoTime();
        GenerationVerifier.verify(GenerationBundle.read(g1File, GenerationBundle.MAX_BUNDLE_BYTES), cat.storeKey());
        long verifyNs = System.nanoTime() - v0;
        System.out.printf(Locale.ROOT, "read + verify the generation in-process: %.0f ms%n", ms(verifyNs));

        // Generation 2: one app gets a new release.
        List<CatalogApp> apps2 = new ArrayList<>(apps);
        int changed = n / 2;
        apps2.set(changed, cat.app(changed, "1.0.1"));
        GenerationBundle g2 = cat.generation(name, 2, Sha256.hex(g1.catalogJson()), apps2, ISSUED.plusSeconds(60));
        Path g2File = pub.resolve(GenerationBundle.fileName(2));
        g2.write(g2File);
        long d0 = System.nanoTime();
        DeltaBundle delta = DeltaBundle.between(g1, g2);
        long deltaNs = System.nanoTime() - d0;
        Path deltaFile = pub.resolve(DeltaBundle.fileName(2));
        delta.write(deltaFile);
        double fraction = (double) Files.size(deltaFile) / Files.size(g2File);
        row("delta for one changed app / full generation", n,
                String.format(Locale.ROOT, "%.3f%%", 100 * fraction),
                Files.size(deltaFile) + " B of " + kib(Files.size(g2File)),
                "< 1% " + (fraction < 0.01 ? "met" : "MISSED"));
        System.out.printf(Locale.ROOT, "delta computed in %.0f ms; delta.json %d bytes of catalog.json %d (%.3f%%)%n",
                ms(deltaNs), delta.deltaJson().length, g2.catalogJson().length,
                100.0 * delta.deltaJson().length / g2.catalogJson().length);

        // Baseline: the same rows into a plain H2 file.
        long b0 = System.nanoTime();
        int rows;
        List<Long> likeNs = new ArrayList<>();
        Samples like = new Samples();
        Samples fullText = new Samples();
        long ftIndexNs;
        List<Query> queries = Query.set(cat, n);
        try (H2Baseline h2 = new H2Baseline(Files.createDirectories(dir.resolve("baseline")))) {
            rows = h2.insert(apps);
            long b1 = System.nanoTime();
            likeNs.add(b1 - b0);
            for (int rep = 0; rep < 2; rep++) {
                for (Query q : queries) {
                    h2.like(q.words(), q.category());
                }
            }
            for (int rep = 0; rep < 3; rep++) {
                for (Query q : queries) {
                    long s = System.nanoTime();
                    h2.like(q.words(), q.category());
                    like.add(System.nanoTime() - s);
                }
            }
            long f0 = System.nanoTime();
            h2.createFullTextIndex();
            ftIndexNs = System.nanoTime() - f0;
            for (int rep = 0; rep < 2; rep++) {
                for (Query q : queries) {
                    h2.fullText(q.words(), q.category());
                }
            }
            for (int rep = 0; rep < 3; rep++) {
                for (Query q : queries) {
                    long s = System.nanoTime();
                    h2.fullText(q.words(), q.category());
                    fullText.add(System.nanoTime() - s);
                }
            }
        }
        long baselineInsert = likeNs.get(0);

        try (TestNetwork net = TestNetwork.start(3, dir.resolve("net"))) {
            PeerNode publisher = net.join(dir.resolve("publisher"));
            byte[] salt = ("bench-" + n).getBytes(StandardCharsets.UTF_8);
            InfoHash ih1 = StoreServer.seedGeneration(publisher, g1File, generationLimit, superSeed);
            publisher.putPointer(cat.channelSeed(), salt, new ChannelPointer(ih1, 1));
            try (ClientService client = ClientService.open(dir.resolve("home"), StoreFixture.CLOCK)) {
                client.setNetwork(net.config());
                client.subscribe(new StoreMagnet(cat.storeKey(), salt));
                long s0 = System.nanoTime();
                SyncReport r = client.sync().get(0);
                long syncNs = System.nanoTime() - s0;
                check(r, SyncReport.Outcome.UPDATED, 1);
                long u0 = System.nanoTime();
                SyncReport same = client.sync().get(0);
                long upToDateNs = System.nanoTime() - u0;
                check(same, SyncReport.Outcome.UP_TO_DATE, 1);
                System.out.printf(Locale.ROOT, "first sync %.0f ms (%s); an up-to-date sync (pointer only) %.0f ms%n",
                        ms(syncNs), r.message(), ms(upToDateNs));
                row("import: first sync (fetch+verify+H2+index)", n, fmtMs(ms(syncNs)),
                        "H2 raw batch " + fmtMs(ms(baselineInsert)), String.format(Locale.ROOT, "(%d rows)", rows));
                row("  up-to-date sync (pointer + count)", n, fmtMs(ms(upToDateNs)), "-", "-");
                row("  read + verify generation in-process", n, fmtMs(ms(verifyNs)), "-", "-");

                Samples search = new Samples();
                for (Query q : queries) {
                    List<AppEntry> hits = client.search(q.text(), q.category(), RESULT_LIMIT);
                    if (q.mustHit() && hits.isEmpty()) {
                        throw new IllegalStateException("search for '" + q.text() + "' found nothing in " + n + " apps");
                    }
                }
                for (int rep = 0; rep < 3; rep++) {
                    for (Query q : queries) {
                        long s = System.nanoTime();
                        client.search(q.text(), q.category(), RESULT_LIMIT);
                        search.add(System.nanoTime() - s);
                    }
                }
                row("search median (" + queries.size() + " queries x3, top " + RESULT_LIMIT + ")", n,
                        fmtMs(search.median()), "LIKE " + fmtMs(like.median()),
                        n == 100_000 ? "< 20 ms " + (search.median() < 20 ? "met" : "MISSED") : "-");
                row("search p95", n, fmtMs(search.p95()), "LIKE " + fmtMs(like.p95()), "-");
                row("  H2 full-text index (FT_SEARCH_DATA) median / p95", n, "-",
                        "H2 FT " + fmtMs(fullText.median()) + " / " + fmtMs(fullText.p95()), "(whole words only)");
                row("  H2 full-text index build (FT_CREATE_INDEX)", n, "-", "H2 FT " + fmtMs(ms(ftIndexNs)), "-");

                // Publish generation 2 with its delta; the one subscriber polls until it has it.
                long up0 = publisher.uploadedBytes();
                InfoHash ih2 = StoreServer.seedGeneration(publisher, g2File, generationLimit, superSeed);
                InfoHash ihd = publisher.seed(deltaFile);
                Poller poller = new Poller(client, 2);
                poller.start();
                Thread.sleep(300);
                long put = System.nanoTime();
                publisher.putPointer(cat.channelSeed(), salt, new ChannelPointer(ih2, 2, Optional.of(ihd)));
                long at = poller.await();
                System.out.printf(Locale.ROOT, "one subscriber: generation 2 synced %.0f ms after the put (%s)%n",
                        ms(at - put), poller.last.message());
                row("publish-to-synced, 1 subscriber", n, fmtMs(ms(at - put)), "-", "-");
            }
        }
    }

    private static String kib(long bytes) {
        return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }

    private static void check(SyncReport r, SyncReport.Outcome expected, long generation) {
        if (r.outcome() != expected || r.generation() != generation) {
            throw new IllegalStateException("expected " + expected + " at generation " + generation + ", got: "
                    + r.outcome() + " " + r.message());
        }
    }

    // ------------------------------------------------------------------ swarm: k subscribers

    void swarm(int n, int k) throws Exception {
        Path dir = Files.createDirectories(work.resolve("swarm-" + n + "-" + k));
        System.out.printf(Locale.ROOT, "%n== %d apps, %d subscribers ==%n", n, k);
        SyntheticCatalog cat = SyntheticCatalog.create(dir.resolve("store"));
        String name = "Swarm " + n + " x" + k;
        List<CatalogApp> apps = cat.apps(n);
        GenerationBundle g1 = cat.generation(name, 1, null, apps, ISSUED);
        List<CatalogApp> apps2 = new ArrayList<>(apps);
        apps2.set(n / 3, cat.app(n / 3, "1.0.1"));
        GenerationBundle g2 = cat.generation(name, 2, Sha256.hex(g1.catalogJson()), apps2, ISSUED.plusSeconds(60));
        Path pub = Files.createDirectories(dir.resolve("pub"));
        Path g1File = pub.resolve(GenerationBundle.fileName(1));
        Path g2File = pub.resolve(GenerationBundle.fileName(2));
        Path deltaFile = pub.resolve(DeltaBundle.fileName(2));
        g1.write(g1File);
        g2.write(g2File);
        DeltaBundle.between(g1, g2).write(deltaFile);
        byte[] salt = ("swarm-" + n + "-" + k).getBytes(StandardCharsets.UTF_8);

        List<ClientService> clients = new ArrayList<>();
        try (TestNetwork net = TestNetwork.start(3, dir.resolve("net"))) {
            PeerNode publisher = net.join(dir.resolve("publisher"));
            try {
                for (int i = 0; i < k; i++) {
                    ClientService c = ClientService.open(dir.resolve("home-" + i), StoreFixture.CLOCK);
                    c.setNetwork(net.config());
                    c.subscribe(new StoreMagnet(cat.storeKey(), salt));
                    clients.add(c);
                }
                // Generation 1, full, to k subscribers that start together.
                InfoHash ih1 = StoreServer.seedGeneration(publisher, g1File, generationLimit, superSeed);
                List<Poller> first = new ArrayList<>();
                for (ClientService c : clients) {
                    first.add(new Poller(c, 1));
                }
                first.forEach(Poller::start);
                Thread.sleep(200);
                long put1 = System.nanoTime();
                publisher.putPointer(cat.channelSeed(), salt, new ChannelPointer(ih1, 1));
                Samples full = new Samples();
                for (Poller p : first) {
                    full.add(p.await() - put1);
                }
                Thread.sleep(1_000);
                long upFull = publisher.uploadedBytes();
                long g1Size = Files.size(g1File);
                row(String.format(Locale.ROOT, "first sync, %d subscribers: last", k), n, fmtMs(full.max()),
                        "median " + fmtMs(full.median()), "-");
                row(String.format(Locale.ROOT, "publisher upload, full gen, %d subs", k), n,
                        String.format(Locale.ROOT, "%.2fx", (double) upFull / g1Size),
                        kib(upFull) + " / " + kib(g1Size),
                        "<= 2x " + (upFull <= 2 * g1Size ? "met" : "MISSED"));

                // Generation 2 (one app changed) while every subscriber polls back to back.
                InfoHash ih2 = StoreServer.seedGeneration(publisher, g2File, generationLimit, superSeed);
                InfoHash ihd = publisher.seed(deltaFile);
                List<Poller> second = new ArrayList<>();
                for (ClientService c : clients) {
                    second.add(new Poller(c, 2));
                }
                second.forEach(Poller::start);
                Thread.sleep(500);
                long upBefore = publisher.uploadedBytes();
                long put2 = System.nanoTime();
                publisher.putPointer(cat.channelSeed(), salt, new ChannelPointer(ih2, 2, Optional.of(ihd)));
                long putDone = System.nanoTime();
                Samples latency = new Samples();
                int viaDelta = 0;
                for (Poller p : second) {
                    latency.add(p.await() - put2);
                    viaDelta += p.last.message().contains("delta of") ? 1 : 0;
                }
                Thread.sleep(1_000);
                long upDelta = publisher.uploadedBytes() - upBefore;
                long dSize = Files.size(deltaFile);
                System.out.printf(Locale.ROOT, "put took %.0f ms; %d of %d subscribers took the delta (%d bytes); "
                        + "publisher uploaded %d bytes for generation 2%n", ms(putDone - put2), viaDelta, k, dSize,
                        upDelta);
                String goal = n == 10_000 ? "< 2 s " + (latency.max() < 2_000 ? "met" : "MISSED") : "-";
                row(String.format(Locale.ROOT, "publish-to-synced, %d subs: last", k), n, fmtMs(latency.max()),
                        "median " + fmtMs(latency.median()), goal);
                // The goal is against the catalog's size: a delta generation costs k x the delta, at most.
                long g2Size = Files.size(g2File);
                row(String.format(Locale.ROOT, "publisher upload, delta gen, %d subs", k), n,
                        String.format(Locale.ROOT, "%.3fx", (double) upDelta / g2Size),
                        upDelta + " B (delta " + dSize + " B)", "<= 2x " + (upDelta <= 2 * g2Size ? "met" : "MISSED"));
            } finally {
                List<CompletableFuture<Void>> closing = new ArrayList<>();
                for (ClientService c : clients) {
                    closing.add(CompletableFuture.runAsync(c::close));
                }
                CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0])).join();
            }
        }
    }

    /** One subscriber syncing back to back until it holds {@code generation}; records when it got there. */
    static final class Poller {
        private final ClientService client;
        private final long generation;
        private final CountDownLatch done = new CountDownLatch(1);
        private final AtomicBoolean stop = new AtomicBoolean();
        private volatile long at;
        private volatile RuntimeException failure;
        volatile SyncReport last;

        Poller(ClientService client, long generation) {
            this.client = client;
            this.generation = generation;
        }

        void start() {
            Thread t = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        SyncReport r = client.sync().get(0);
                        last = r;
                        if (r.generation() >= generation) {
                            at = System.nanoTime();
                            return;
                        }
                        if (r.outcome() == SyncReport.Outcome.REFUSED || r.outcome() == SyncReport.Outcome.FAILED) {
                            throw new IllegalStateException("sync of " + client.home() + ": " + r.message());
                        }
                        Thread.sleep(POLL_PAUSE_MS);
                    }
                } catch (RuntimeException e) {
                    failure = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }, "bench-poller");
            t.setDaemon(true);
            t.start();
        }

        long await() throws InterruptedException {
            if (!done.await(AWAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS)) {
                stop.set(true);
                throw new IllegalStateException("subscriber " + client.home() + " did not reach generation "
                        + generation + " within " + AWAIT_SECONDS + " s; last: " + (last == null ? "nothing" : last.message()));
            }
            if (failure != null) {
                throw failure;
            }
            return at;
        }
    }

    /** A search: text, an optional category, and whether it must find something. */
    record Query(String text, String category, boolean mustHit) {
        List<String> words() {
            return text.isBlank() ? List.of() : List.of(text.toLowerCase(Locale.ROOT).split("\\s+"));
        }

        /** Common words, rare words from the catalog, prefixes, two words, and category filters. */
        static List<Query> set(SyntheticCatalog cat, int n) {
            List<Query> out = new ArrayList<>();
            for (String w : List.of("editor", "music", "photo", "terminal", "calendar", "backup")) {
                out.add(new Query(w, null, true));
            }
            for (String p : List.of("edi", "pho", "calen", "term")) {
                out.add(new Query(p, null, true));
            }
            for (int i = 0; i < 8; i++) {
                CatalogApp a = cat.app((int) ((long) n * (2 * i + 1) / 17), "1.0.0");
                String rare = a.name().split(" ")[0].toLowerCase(Locale.ROOT);
                out.add(new Query(rare, null, true));
                out.add(new Query(rare.substring(0, Math.min(4, rare.length())), null, true));
                out.add(new Query(rare + " " + a.name().split(" ")[1].toLowerCase(Locale.ROOT), null, true));
            }
            for (String c : List.of("audio", "games", "office")) {
                out.add(new Query("simple", c, true));
                out.add(new Query("", c, true));
            }
            out.add(new Query("photo editor", null, true));
            out.add(new Query("fast music player", null, false));
            out.add(new Query("nonexistentword", null, false));
            return out;
        }
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
