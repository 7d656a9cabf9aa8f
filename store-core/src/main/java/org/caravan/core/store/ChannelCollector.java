package org.caravan.core.store;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.caravan.core.catalog.CatalogCodec;
import org.caravan.core.channel.DeveloperChannel;
import org.caravan.core.channel.ListedRelease;
import org.caravan.core.channel.ReleaseList;
import org.caravan.core.channel.ReleaseListBundle;
import org.caravan.core.catalog.CatalogFormatException;
import org.caravan.core.catalog.Sha256;
import org.caravan.core.net.ChannelPointer;
import org.caravan.core.net.InfoHash;
import org.caravan.core.net.PeerNode;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.KeyFormatException;

/**
 * The store's side of developer channels: reads the channel of every key the store certified, and
 * admits each new release through {@link StoreDirectory#add} -- the same signature and trust checks as
 * a maintainer's {@code store add}. What was seen is kept in {@code STORE/channels/seen.json}.
 */
public final class ChannelCollector {
    private static final Duration POINTER_DEADLINE = Duration.ofSeconds(3);
    private static final Duration FETCH_TIMEOUT = Duration.ofMinutes(2);

    private final StoreDirectory store;
    private final PeerNode node;

    public ChannelCollector(StoreDirectory store, PeerNode node) {
        this.store = store;
        this.node = node;
    }

    /** One round over every certified key's channel; returns one line per event, for the log. */
    public List<String> collect(Instant now) throws IOException {
        Path dir = Files.createDirectories(store.dir().resolve("channels"));
        Map<String, Long> seen = readSeen(dir);
        List<String> events = new ArrayList<>();
        // The store's own developers, and those of the stores it cross-certified (judged by that store's web).
        List<Certificate> developers = new ArrayList<>(store.keyring());
        for (org.caravan.keyring.trust.TrustWeb other : store.otherStores().values()) {
            developers.addAll(other.keys());
        }
        for (Certificate dev : developers) {
            byte[] pk;
            try {
                pk = dev.ed25519PublicKey();
            } catch (KeyFormatException e) {
                continue; // not an Ed25519 key: it has no channel
            }
            Optional<ChannelPointer> p = node.getPointer(pk, DeveloperChannel.SALT, POINTER_DEADLINE);
            String fpr = dev.fingerprint().hex();
            if (p.isEmpty() || p.get().generation() <= seen.getOrDefault(fpr, 0L)) {
                continue;
            }
            try {
                events.addAll(admit(dev, p.get(), dir.resolve(fpr), now));
            } catch (IOException | RuntimeException e) {
                events.add("channel of " + dev.userId() + " refused: " + e.getMessage());
            }
            seen.put(fpr, p.get().generation());
            writeSeen(dir, seen);
        }
        return events;
    }

    private List<String> admit(Certificate dev, ChannelPointer p, Path devDir, Instant now) throws IOException {
        Path incoming = Files.createDirectories(devDir.resolve(Long.toString(p.generation())));
        Path listFile = node.fetch(p.infoHash(), incoming, ReleaseListBundle.MAX_BYTES, FETCH_TIMEOUT, (d, t) -> { });
        ReleaseList list = ReleaseListBundle.read(listFile).verify(dev);
        if (list.sequence() != p.generation()) {
            throw new CatalogFormatException("the pointer announces list " + p.generation() + " but the list is "
                    + list.sequence());
        }
        Set<String> held = store.releases().stream().map(r -> r.id() + " " + r.version()).collect(Collectors.toSet());
        List<String> events = new ArrayList<>();
        for (ListedRelease r : list.releases()) {
            if (held.contains(r.id() + " " + r.version())) {
                continue;
            }
            try {
                Path car = node.fetch(new InfoHash(r.infoHash()), incoming, r.size(), FETCH_TIMEOUT, (d, t) -> { });
                if (Files.size(car) != r.size() || !Sha256.hex(car).equals(r.sha256())) {
                    throw new CatalogFormatException("downloaded bytes do not match the list's size and SHA-256");
                }
                for (int i = 0; i < r.signatures().size(); i++) {
                    String name = car.getFileName() + (i == 0 ? "" : "." + i) + ".asc";
                    Files.writeString(car.resolveSibling(name), r.signatures().get(i), StandardCharsets.US_ASCII);
                }
                ReleaseRecord rec = store.add(car, now);
                events.add("admitted " + rec.id() + " " + rec.version() + " from the channel of " + dev.userId());
            } catch (StoreException | CatalogFormatException | IOException e) {
                events.add("not admitted " + r.id() + " " + r.version() + " from the channel of " + dev.userId() + ": "
                        + e.getMessage());
            }
        }
        return events;
    }

    private static Map<String, Long> readSeen(Path dir) throws IOException {
        Path f = dir.resolve("seen.json");
        if (!Files.exists(f)) {
            return new TreeMap<>();
        }
        return new TreeMap<>(CatalogCodec.mapper().readValue(f.toFile(), new TypeReference<Map<String, Long>>() { }));
    }

    private static void writeSeen(Path dir, Map<String, Long> seen) throws IOException {
        Path tmp = dir.resolve("seen.json.tmp");
        Files.write(tmp, CatalogCodec.mapper().writeValueAsBytes(seen));
        Files.move(tmp, dir.resolve("seen.json"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
