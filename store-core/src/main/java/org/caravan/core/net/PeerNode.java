package org.caravan.core.net;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One libtorrent session: seeds and fetches files as torrents and puts/gets BEP 46 channel pointers.
 * The only door to libtorrent in Caravan; create one with {@link TorrentSessions#start}.
 */
public interface PeerNode extends AutoCloseable {

    /** The port the session listens on (TCP and the DHT's UDP) on its interface. */
    int listenPort();

    /** This node's address for others on the same network. */
    PeerAddress address();

    /** Adds a DHT node to the routing table (how test networks are wired). */
    void addDhtNode(PeerAddress node);

    /** Builds a v1 torrent of one file in Java, seeds it (seed mode, no re-hash) and announces it to the DHT. */
    InfoHash seed(Path file) throws IOException;

    /** Stops sharing a torrent this node holds; the file stays on disk. False if the node does not hold it. */
    boolean stopSeeding(InfoHash infoHash);

    /**
     * Downloads the single-file torrent {@code infoHash} (peers from the DHT) into {@code targetDir} and
     * returns the file's path; refuses a torrent whose metadata announces more than {@code maxBytes}
     * before any data is written. Keeps seeding it afterwards.
     */
    default Path fetch(InfoHash infoHash, Path targetDir, long maxBytes, Duration timeout, TransferProgress progress)
            throws IOException {
        return fetch(infoHash, targetDir, maxBytes, timeout, progress, List.of());
    }

    /**
     * As {@link #fetch(InfoHash, Path, long, Duration, TransferProgress)}, with HTTP(S) URLs of the same file
     * used as BEP 19 web seeds next to the peers. The metadata comes from a peer or from {@code URL.torrent}
     * on a mirror (accepted only if its info-hash is {@code infoHash}), so a mirror alone suffices. A loopback
     * node ignores mirrors outside 127.0.0.0/8.
     */
    default Path fetch(InfoHash infoHash, Path targetDir, long maxBytes, Duration timeout, TransferProgress progress,
                       List<String> webSeeds) throws IOException {
        return fetch(infoHash, targetDir, maxBytes, timeout, progress, webSeeds, List.of());
    }

    /**
     * As {@link #fetch(InfoHash, Path, long, Duration, TransferProgress, List)}, connecting also, at once and again
     * while no peer is connected, to {@code likelyPeers}: peers that served something that usually travels with this
     * torrent (the peers a store's catalog generation came from hold its packages), so a torrent announced a moment
     * ago is fetched without waiting for the DHT to know its peers. The DHT is asked as usual beside them. A loopback
     * node ignores addresses outside 127.0.0.0/8.
     */
    Path fetch(InfoHash infoHash, Path targetDir, long maxBytes, Duration timeout, TransferProgress progress,
               List<String> webSeeds, List<PeerAddress> likelyPeers) throws IOException;

    /**
     * The peers the last fetch of {@code infoHash} by this node connected to (their listening addresses, as the swarm
     * gave them), empty when it fetched none or did not fetch it: where to look first for what travels with it.
     */
    default List<PeerAddress> sourcesOf(InfoHash infoHash) {
        return List.of();
    }

    /** Caps what this node uploads, over all its torrents, in bytes per second; 0 removes the cap. */
    void setUploadLimit(long bytesPerSecond);

    /** The current upload cap in bytes per second, 0 for none. */
    long uploadLimit();

    /**
     * Caps what this node uploads of one torrent it holds, in bytes per second; 0 removes the cap. Throws
     * when the node does not hold the torrent.
     */
    void setUploadLimit(InfoHash infoHash, long bytesPerSecond);

    /**
     * Turns BEP 16 super seeding of a torrent this node seeds on or off: each peer is offered only pieces no
     * other peer was given, so peers take the rest from each other and this node sends about one copy
     * whatever their number, at the price of a slower download for a peer that is alone (one piece per round
     * trip). Throws for a torrent the node does not hold.
     */
    void setSuperSeeding(InfoHash infoHash, boolean on);

    /** Signs and puts the pointer under (public key of {@code ed25519Seed}, salt); throws if no node stored it. */
    void putPointer(byte[] ed25519Seed, byte[] salt, ChannelPointer pointer) throws IOException;

    /**
     * Collects DHT answers for the channel until the authoritative one or the deadline and returns the
     * pointer with the highest generation, or empty when none was found. Items with a bad signature or an
     * undecodable value are ignored.
     */
    Optional<ChannelPointer> getPointer(byte[] publicKey, byte[] salt, Duration deadline);

    /**
     * As {@link #getPointer}, saying also whether any DHT node answered: {@link PointerLookup.Unreachable} when none
     * did, whatever this node itself holds of the channel. This default cannot tell and never answers so.
     */
    default PointerLookup lookupPointer(byte[] publicKey, byte[] salt, Duration deadline) {
        return getPointer(publicKey, salt, deadline).<PointerLookup>map(PointerLookup.Found::new)
                .orElseGet(PointerLookup.NotFound::new);
    }

    /**
     * Bytes this node has sent to peers (payload and peer-protocol overhead, not DHT messages) for the
     * torrents it holds, since the session started: what seeding costs this node, read fresh on each call.
     */
    long uploadedBytes();

    /**
     * Stops the session (takes ~750 ms inside libtorrent4j; close several nodes in parallel).
     * Re-putting an item signed by someone else (subscribers keeping a channel alive) is not done here:
     * libtorrent4j 2.0.6 only puts mutable items with the owner's secret key; {@link DhtRepublisher} does it.
     */
    /**
     * How many peers this node is connected to for {@code infoHash} now; -1 when it holds no such torrent (the
     * Stores screen says "not shared yet" rather than "no peers").
     */
    default int connectedPeers(InfoHash infoHash) {
        return -1;
    }

    @Override
    void close();
}
