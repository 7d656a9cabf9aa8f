package org.caravan.core.store;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.caravan.core.net.ChannelPointer;
import org.caravan.core.net.InfoHash;
import org.caravan.core.net.PeerNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a store on one peer node: publishes a generation when the store changed, seeds it and every
 * package, and puts the pointer to it in the store's DHT channel, again well within the DHT's 2-hour
 * expiry. One publisher upload per generation is enough: subscribers seed what they hold.
 */
public final class StoreServer {
    private static final Logger LOG = LoggerFactory.getLogger(StoreServer.class);
    /** BEP 44 items expire after 2 hours; re-put at a third of that. */
    public static final Duration REPUT_INTERVAL = Duration.ofMinutes(40);
    /**
     * What the publisher uploads of each full generation, per second, by default: 0, no cap. A cap
     * ({@link #generationUploadLimit(long)}) was meant to let subscribers who fetch a generation at once
     * fill in from each other, but on loopback (issue 4, 10 000 apps, 20 subscribers at once) it only
     * brought the publisher's upload from ~6.5x the generation to 5.1x at 1 MiB/s and 3.4x at 256 KiB/s,
     * while a lone new subscriber waits size / cap for its first catalog: every subscriber asks the one
     * full seed for the same rarest pieces at once, whatever its rate. Subscribers holding the previous
     * generation take the delta, which is never capped.
     */
    public static final long GENERATION_UPLOAD_LIMIT = 0;

    private final StoreDirectory store;
    private final PeerNode node;
    private final Clock clock;
    private final Map<Path, InfoHash> seeded = new HashMap<>();
    private ChannelPointer announced;
    private Instant announcedAt = Instant.MIN;
    private long generationUploadLimit = GENERATION_UPLOAD_LIMIT;
    private boolean superSeed;

    public StoreServer(StoreDirectory store, PeerNode node, Clock clock) {
        this.store = store;
        this.node = node;
        this.clock = clock;
    }

    /** Publishes if anything changed, seeds, and puts the pointer if it is new or due again. */
    public Publication step() throws IOException {
        Instant now = clock.instant();
        Publication pub = store.publish(now);
        // The generation first, then the pointer, then the packages: a node announces what it seeds at a bounded
        // rate, in order, and a new subscriber needs the catalog before any package (at 2 000 apps the packages'
        // announces take ~10 s).
        InfoHash ih = seeded.get(pub.file());
        if (ih == null) {
            ih = seedGeneration(node, pub.file(), generationUploadLimit, superSeed);
            seeded.put(pub.file(), ih);
        }
        Optional<InfoHash> delta = pub.delta().isPresent() ? Optional.of(seed(pub.delta().get())) : Optional.empty();
        ChannelPointer pointer = new ChannelPointer(ih, pub.generation(), delta);
        IOException putFailed = null;
        if (!pointer.equals(announced) || !now.isBefore(announcedAt.plus(REPUT_INTERVAL))) {
            try {
                putUnderEveryRootSetVersion(pointer);
                announced = pointer;
                announcedAt = now;
                LOG.debug("put pointer generation {} -> {}", pub.generation(), ih);
            } catch (IOException e) {
                putFailed = e; // the packages are seeded all the same; the next step puts again
            }
        }
        for (ReleaseRecord r : store.releases()) {
            // A private store's packages are served sealed only (StoreDirectory#servedFile).
            Optional<Path> served = store.servedFile(r);
            if (served.isPresent()) {
                seed(served.get());
            }
        }
        if (putFailed != null) {
            throw putFailed;
        }
        return pub;
    }

    /**
     * Puts the pointer under the salt of the current root set version (it must be stored: a failure fails the step),
     * then, best effort, under the salt of every earlier version: a subscriber reads the salt of the version it holds
     * and of the next one (docs/protocol.md, section 2), so one that missed several rotations still finds the newest
     * generation, whose catalog carries the whole root history. An earlier salt a thief spoiled (an item with a
     * sequence number the store cannot top) only costs its failed put.
     */
    private void putUnderEveryRootSetVersion(ChannelPointer pointer) throws IOException {
        byte[] seed = store.channelKey().ed25519Seed();
        org.caravan.core.net.StoreMagnet magnet = store.magnet();
        List<org.caravan.core.catalog.SignedRootSet> history = store.rootHistory();
        long current = history.get(history.size() - 1).version();
        node.putPointer(seed, magnet.saltFor(current), pointer);
        for (long v = current - 1; v >= 1; v--) {
            try {
                node.putPointer(seed, magnet.saltFor(v), pointer);
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot put the pointer to generation {} under the salt of root set version {} too (subscribers"
                        + " still on that version find it under version {}'s): {}", pointer.generation(), v, v + 1,
                        e.getMessage());
            }
        }
    }

    /**
     * Seeds a full generation with its upload capped at {@code bytesPerSecond} (0: uncapped; see
     * {@link #GENERATION_UPLOAD_LIMIT}), super-seeded or not (see {@link #superSeedGenerations}).
     */
    public static InfoHash seedGeneration(PeerNode node, Path file, long bytesPerSecond, boolean superSeed)
            throws IOException {
        InfoHash ih = node.seed(file);
        node.setUploadLimit(ih, bytesPerSecond);
        if (superSeed) {
            node.setSuperSeeding(ih, true);
        }
        return ih;
    }

    /**
     * Super-seeds (BEP 16) the full generations this server seeds from now on: new subscribers arriving together
     * fetch most of a generation from each other, and the publisher uploads about one copy whatever their number;
     * a subscriber alone in the swarm downloads it more slowly. Subscribers holding the previous generation take
     * the delta and are not affected. Off by default.
     */
    public StoreServer superSeedGenerations(boolean on) {
        this.superSeed = on;
        return this;
    }

    /**
     * Sets the upload cap of the generations this server seeds from now on, in bytes per second; 0 for none.
     * A publisher on a line slower than the cap is not held back by it.
     */
    public StoreServer generationUploadLimit(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("generation upload limit must be >= 0 bytes/s (0 = none), not "
                    + bytesPerSecond);
        }
        this.generationUploadLimit = bytesPerSecond;
        return this;
    }

    private InfoHash seed(Path file) throws IOException {
        InfoHash ih = seeded.get(file);
        if (ih == null) {
            ih = node.seed(file);
            seeded.put(file, ih);
        }
        return ih;
    }

    /**
     * Reads the channels of the store's certified developers and admits their new releases (through the
     * same checks as {@code store add}); the next {@link #step()} publishes them.
     */
    public List<String> collectChannels() throws IOException {
        return new ChannelCollector(store, node).collect(clock.instant());
    }

    /** As {@link #serve(Duration, Duration, Consumer)}, reading developer channels every 30 seconds. */
    public void serve(Duration interval, Consumer<String> events) throws InterruptedException {
        serve(interval, Duration.ofSeconds(30), events);
    }

    /**
     * Runs {@link #step()} every {@code interval} and {@link #collectChannels()} every {@code collectEvery}
     * until the thread is interrupted, telling {@code events} about every new generation and admission.
     * A failed step is reported and retried at the next interval.
     */
    public void serve(Duration interval, Duration collectEvery, Consumer<String> events) throws InterruptedException {
        long last = -1;
        String lastFailure = null;
        Instant nextCollect = Instant.MIN;
        while (!Thread.currentThread().isInterrupted()) {
            if (!clock.instant().isBefore(nextCollect)) {
                try {
                    collectChannels().forEach(events);
                } catch (IOException | RuntimeException e) {
                    if (Thread.currentThread().isInterrupted()) {
                        break;
                    }
                    events.accept("reading developer channels failed, will retry: " + e.getMessage());
                }
                nextCollect = clock.instant().plus(collectEvery);
            }
            try {
                Publication pub = step();
                if (pub.generation() != last) {
                    // Counted in what was published: the folder may already hold a package added meanwhile.
                    events.accept("published generation " + pub.generation() + " (" + store.releasesIn(pub.generation())
                            + " releases)");
                    last = pub.generation();
                }
                lastFailure = null;
            } catch (IOException | RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    break; // stopped (Ctrl-C) in the middle of a step: not a failure to tell
                }
                // Told once, not at every interval, while the same failure goes on (an unreachable DHT, say).
                String failure = "publish failed, will retry every " + (interval.toMillis() % 1000 == 0
                        ? interval.toSeconds() + " s" : interval.toMillis() + " ms") + ": " + e.getMessage();
                if (!failure.equals(lastFailure)) {
                    events.accept(failure);
                    lastFailure = failure;
                }
            }
            Thread.sleep(interval.toMillis());
        }
    }
}
