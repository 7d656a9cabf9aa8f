package org.caravan.core.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.libtorrent4j.AddTorrentParams;
import org.libtorrent4j.AlertListener;
import org.libtorrent4j.DhtRoutingBucket;
import org.libtorrent4j.Ed25519;
import org.libtorrent4j.Entry;
import org.libtorrent4j.ErrorCode;
import org.libtorrent4j.Pair;
import org.libtorrent4j.SessionHandle;
import org.libtorrent4j.SessionManager;
import org.libtorrent4j.SessionParams;
import org.libtorrent4j.SettingsPack;
import org.libtorrent4j.Sha1Hash;
import org.libtorrent4j.TorrentFlags;
import org.libtorrent4j.TorrentHandle;
import org.libtorrent4j.TorrentInfo;
import org.libtorrent4j.TorrentStatus;
import org.libtorrent4j.TcpEndpoint;
import org.libtorrent4j.UdpEndpoint;
import org.libtorrent4j.alerts.Alert;
import org.libtorrent4j.alerts.AlertType;
import org.libtorrent4j.alerts.DhtDirectResponseAlert;
import org.libtorrent4j.alerts.DhtGetPeersReplyAlert;
import org.libtorrent4j.alerts.DhtMutableItemAlert;
import org.libtorrent4j.alerts.DhtPutAlert;
import org.libtorrent4j.alerts.DhtStatsAlert;
import org.libtorrent4j.alerts.ListenFailedAlert;
import org.libtorrent4j.alerts.ListenSucceededAlert;
import org.libtorrent4j.alerts.SocketType;
import org.libtorrent4j.alerts.TorrentAlert;
import org.libtorrent4j.swig.bdecode_node;
import org.libtorrent4j.swig.error_code;
import org.libtorrent4j.swig.peer_info;
import org.libtorrent4j.swig.peer_info_vector;
import org.libtorrent4j.swig.tcp_endpoint;
import org.libtorrent4j.swig.torrent_flags_t;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PeerNode} on one libtorrent4j {@link SessionManager}. libtorrent calls the alert listener on its
 * own thread and frees each alert after the call, so the listener only copies what it needs into
 * records and hands them to queues and semaphores; all waiting happens on the caller's thread.
 */
final class LibtorrentPeerNode implements PeerNode {
    private static final Logger LOG = LoggerFactory.getLogger(LibtorrentPeerNode.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PUT_TIMEOUT = Duration.ofSeconds(20);
    /**
     * How long libtorrent's put may take before the node puts the item itself (DhtRepublisher): on loopback a put
     * takes milliseconds, on the public DHT several seconds; one that takes longer waits for vanished nodes.
     */
    private static final Duration FAST_PUT = Duration.ofSeconds(3);
    private static final Duration FAST_PUT_MAINLINE = Duration.ofSeconds(10);
    private static final Duration OWN_PUT_DEADLINE = Duration.ofSeconds(8);
    private static final Duration BOOTSTRAP_WAIT = Duration.ofSeconds(3);
    /**
     * Once a valid item arrived, how long to wait for a newer one before taking it. libtorrent reports
     * the authoritative answer only when every queried node answered or timed out, and one dead node in
     * a routing table holds that up ~15 s; live nodes answer within milliseconds on loopback and within
     * a second or two on the public DHT. A stale answer is still caught: the client refuses generations
     * older than the one it holds.
     */
    private static final Duration SETTLE_AFTER_FIRST = Duration.ofSeconds(2);
    /** As {@link #SETTLE_AFTER_FIRST} on a loopback network, where a live node answers within milliseconds. */
    private static final Duration SETTLE_AFTER_FIRST_LOOPBACK = Duration.ofMillis(500);
    private static final long PROGRESS_PERIOD_MS = 200;
    private static final long REANNOUNCE_PERIOD_MS = 2_000;
    /**
     * How often a fetch asks again for a connection to its likely peers while it has none: a peer that did not hold
     * the torrent yet when first asked (a publisher seeding what it just published) drops the connection.
     */
    private static final long HINT_PERIOD_MS = 250;
    /**
     * A fetch gives up when no peer and no web seed has been connected, and nothing arrived, for this long:
     * everyone who holds the torrent is offline, and waiting minutes would only hide that (issue 11). On a loopback
     * network a seeder is found within about a second of its start: it announces itself straight to the network's
     * configured nodes and a fetch asks them straight every second ({@link #announceDirectly}, {@link #lookUpDirectly}),
     * where libtorrent's own announce and lookup wait ~12-15 s for each vanished node in the routing tables (a
     * publisher gone, every one-shot client that closed; it was 25 s for that reason). The public DHT needs a few
     * rounds of lookups and re-announces (every REANNOUNCE_PERIOD_MS) to find a rare torrent's peers, and has no
     * configured nodes to ask straight: it keeps a minute.
     */
    static final Duration NO_PEER_LOOPBACK = Duration.ofSeconds(6);
    static final Duration NO_PEER_MAINLINE = Duration.ofSeconds(60);

    private static final int[] ALERT_TYPES = {
            AlertType.LISTEN_SUCCEEDED.swig(), AlertType.LISTEN_FAILED.swig(),
            AlertType.METADATA_RECEIVED.swig(), AlertType.TORRENT_FINISHED.swig(),
            AlertType.TORRENT_ERROR.swig(), AlertType.STATE_CHANGED.swig(),
            AlertType.PEER_CONNECT.swig(), AlertType.PIECE_FINISHED.swig(),
            AlertType.DHT_PUT.swig(), AlertType.DHT_MUTABLE_ITEM.swig(), AlertType.DHT_STATS.swig(),
            AlertType.HASH_FAILED.swig(), AlertType.URL_SEED.swig(), AlertType.PEER_ERROR.swig(),
            AlertType.DHT_GET_PEERS_REPLY.swig(), AlertType.DHT_DIRECT_RESPONSE.swig(),
    };

    /** Copied out of alerts, which do not outlive the listener call. */
    record Listened(String address, int port, boolean tcp) {}

    record PutDone(int numSuccess, long seq) {}

    record MutableItem(long seq, byte[] signature, byte[] value, boolean authoritative) {}

    /** A node's answer to a query sent with {@link #directQueries}: its write token and the peers it named, if any. */
    record DirectReply(long id, PeerAddress node, byte[] token, List<PeerAddress> peers) {}

    private final NetworkConfig config;
    private final Path workDir;
    private final SessionManager session;
    private final ScheduledExecutorService executor;
    private final CountDownLatch listening = new CountDownLatch(1);
    private final AtomicReference<String> listenError = new AtomicReference<>();
    private final List<Listened> listenedOn = new CopyOnWriteArrayList<>();
    private final Map<String, Semaphore> torrentSignals = new ConcurrentHashMap<>();
    /** What went wrong with the sources of each running fetch, to name in its failure (by info-hash hex). */
    private final Map<String, FetchTrouble> troubles = new ConcurrentHashMap<>();
    /** Torrents a fetch is looking up peers for (hex info-hash): the peers a lookup finds are connected at once. */
    private final java.util.Set<String> lookingUp = ConcurrentHashMap.newKeySet();
    private final Map<String, List<BlockingQueue<Object>>> dhtWaiters = new ConcurrentHashMap<>();
    private final List<BlockingQueue<Integer>> dhtStatsWaiters = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Torrents waiting for their direct announce ({@link #announceDirectly}), and whether a drain is running. */
    private final java.util.concurrent.ConcurrentLinkedQueue<byte[]> directQueue = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final AtomicBoolean directRunning = new AtomicBoolean();
    private final Map<Long, BlockingQueue<DirectReply>> directWaiters = new ConcurrentHashMap<>();
    /** The get_peers of a direct announce in flight, by request id: the torrent to announce once it is answered. */
    private final Map<Long, byte[]> announcing = new ConcurrentHashMap<>();
    /** Per torrent fetched (hex info-hash): the peers it was fetched from, see {@link #sourcesOf}. */
    private final Map<String, List<PeerAddress>> sources = new ConcurrentHashMap<>();
    private final DhtAnnouncer announcer;
    private volatile int port;
    private volatile PeerAddress address;

    private LibtorrentPeerNode(NetworkConfig config, Path workDir) {
        this.config = config;
        this.workDir = workDir;
        this.session = new SessionManager(false);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "caravan-peer-node");
            t.setDaemon(true);
            return t;
        });
        this.announcer = new DhtAnnouncer(executor, closed::get);
    }

    /** Starts a session with the settings of {@link SessionSettingsFactory} and waits until it listens. */
    static LibtorrentPeerNode start(NetworkConfig config, Path workDir) {
        LibtorrentPeerNode node = new LibtorrentPeerNode(config, workDir);
        try {
            node.open();
            return node;
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
    }

    private void open() {
        session.addListener(new AlertListener() {
            @Override
            public int[] types() {
                return ALERT_TYPES;
            }

            @Override
            public void alert(Alert<?> alert) {
                onAlert(alert);
            }
        });
        SettingsPack settings = SessionSettingsFactory.settingsFor(config);
        SessionParams params = new SessionParams(settings);
        // libtorrent 2.0's default mmap disk I/O installs a SIGSEGV/SIGBUS handler that kills the JVM.
        params.setPosixDiskIO();
        session.start(params);
        try {
            if (!listening.await(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("libtorrent session in " + workDir + " did not start listening within "
                        + START_TIMEOUT + (listenError.get() == null ? "" : ": " + listenError.get()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the libtorrent session in " + workDir, e);
        }
        Listened tcp = listenedOn.stream().filter(Listened::tcp).findFirst().orElseThrow();
        port = tcp.port();
        String host = tcp.address();
        if (config.mode() == NetworkConfig.Mode.LOOPBACK && !host.equals(config.listenHost())) {
            throw new IllegalStateException("loopback session listens on " + host + ":" + port + ", not "
                    + config.listenHost());
        }
        address = new PeerAddress(host.equals("0.0.0.0") ? "127.0.0.1" : host, port);
        for (PeerAddress node : config.bootstrap()) {
            addDhtNode(node);
        }
        if (config.mode() == NetworkConfig.Mode.LOOPBACK && !config.bootstrap().isEmpty()) {
            // A node that knows nobody yet answers every lookup with "nothing": wait (briefly) until the
            // bootstrap nodes have answered, so a freshly started client can read a channel at once.
            long end = System.nanoTime() + BOOTSTRAP_WAIT.toNanos();
            while (System.nanoTime() < end && dhtNodeCount(Duration.ofMillis(500)) == 0) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        LOG.debug("libtorrent session listening on {} ({} mode)", address, config.mode());
    }

    // ---------------------------------------------------------------- alerts (libtorrent's thread)

    private void onAlert(Alert<?> alert) {
        try {
            if (alert instanceof ListenSucceededAlert a) {
                listenedOn.add(new Listened(a.address().toString(), a.port(), a.socketType() == SocketType.TCP));
                if (a.socketType() == SocketType.TCP) {
                    listening.countDown();
                }
            } else if (alert instanceof ListenFailedAlert a) {
                listenError.set(a.message());
            } else if (alert instanceof DhtPutAlert a) {
                offer(key(a.publicKey(), a.salt()), new PutDone(a.swig().getNum_success(), a.seq()));
            } else if (alert instanceof DhtMutableItemAlert a) {
                byte[] value;
                try {
                    value = a.seq() > 0 ? a.item().bencode() : null;
                } catch (RuntimeException undecodable) {
                    value = null;
                }
                offer(key(a.key(), a.salt()),
                        new MutableItem(a.seq(), a.signature(), value, a.swig().getAuthoritative()));
            } else if (alert instanceof DhtDirectResponseAlert a) {
                byte[] announced = announcing.remove(a.userdata());
                BlockingQueue<DirectReply> q = directWaiters.get(a.userdata());
                if (announced != null) {
                    DirectReply r = directReply(a);
                    if (r.token() != null) {
                        // implied_port 0: the port named is where peers connect (TCP), whatever the DHT socket's.
                        runDirect(() -> directRequest(r.node(), Map.of("q", "announce_peer", "a", Map.of("info_hash",
                                announced, "port", (long) port, "token", r.token(), "implied_port", 0L)), -1));
                    }
                } else if (q != null) {
                    q.offer(directReply(a));
                }
            } else if (alert instanceof DhtStatsAlert a) {
                int nodes = 0;
                for (DhtRoutingBucket b : a.routingTable()) {
                    nodes += b.numNodes();
                }
                for (BlockingQueue<Integer> q : dhtStatsWaiters) {
                    q.offer(nodes);
                }
            } else if (alert instanceof DhtGetPeersReplyAlert a) {
                connectFound(a.infoHash(), a.peers());
            } else if (alert instanceof TorrentAlert<?> a) {
                String ih = a.handle().infoHash().toHex();
                FetchTrouble trouble = troubles.get(ih);
                if (trouble != null && alert instanceof org.libtorrent4j.alerts.HashFailedAlert) {
                    trouble.pieceFailed();
                } else if (trouble != null && alert instanceof org.libtorrent4j.alerts.UrlSeedAlert u) {
                    trouble.mirrorFailed(u.serverUrl(), u.errorMessage() == null || u.errorMessage().isEmpty()
                            ? u.error().getMessage() : u.errorMessage());
                } else if (trouble != null && alert instanceof org.libtorrent4j.alerts.PeerErrorAlert p) {
                    // A web seed's errors (a file cut short: "invalid HTTP range") come as peer errors.
                    trouble.peerFailed(p.endpoint().address().toString(), p.endpoint().port(), p.error().getMessage());
                }
                Semaphore s = torrentSignals.get(ih);
                if (s != null) {
                    s.release();
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("ignored libtorrent alert {}: {}", alert.type(), e.toString());
        }
    }

    private void offer(String key, Object event) {
        List<BlockingQueue<Object>> queues = dhtWaiters.get(key);
        if (queues != null) {
            for (BlockingQueue<Object> q : queues) {
                q.offer(event);
            }
        }
    }

    private static String key(byte[] publicKey, byte[] salt) {
        return HexFormat.of().formatHex(publicKey) + "/" + HexFormat.of().formatHex(salt == null ? new byte[0] : salt);
    }

    private BlockingQueue<Object> subscribe(String key) {
        BlockingQueue<Object> q = new LinkedBlockingQueue<>();
        dhtWaiters.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(q);
        return q;
    }

    private void unsubscribe(String key, BlockingQueue<Object> q) {
        dhtWaiters.computeIfPresent(key, (k, list) -> {
            list.remove(q);
            return list.isEmpty() ? null : list;
        });
    }

    // ---------------------------------------------------------------- PeerNode

    @Override
    public int listenPort() {
        return port;
    }

    @Override
    public PeerAddress address() {
        return address;
    }

    /** Every endpoint libtorrent reported listening on, e.g. {@code TCP 127.0.0.1:40001}. */
    List<String> listenEndpoints() {
        List<String> out = new ArrayList<>();
        for (Listened l : listenedOn) {
            out.add((l.tcp() ? "TCP " : "UDP ") + l.address() + ":" + l.port());
        }
        return out;
    }

    /** The settings the running session actually uses (for tests). */
    SettingsPack runningSettings() {
        return session.settings();
    }

    @Override
    public void addDhtNode(PeerAddress node) {
        Objects.requireNonNull(node, "DHT node");
        if (config.mode() == NetworkConfig.Mode.LOOPBACK && !node.host().startsWith("127.")) {
            throw new IllegalArgumentException("a loopback node only talks to 127.0.0.0/8, not " + node);
        }
        handle().addDhtNode(new Pair<>(node.host(), node.port()));
    }

    /** Nodes in this session's DHT routing table, asked of libtorrent (waits at most {@code timeout}). */
    int dhtNodeCount(Duration timeout) {
        return Math.max(0, routingTableSize(timeout));
    }

    /** As {@link #dhtNodeCount}, but -1 when libtorrent did not answer in time (unknown, not empty). */
    private int routingTableSize(Duration timeout) {
        BlockingQueue<Integer> q = new LinkedBlockingQueue<>();
        dhtStatsWaiters.add(q);
        try {
            session.postDhtStats();
            Integer n = q.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return n == null ? -1 : n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } finally {
            dhtStatsWaiters.remove(q);
        }
    }

    @Override
    public InfoHash seed(Path file) throws IOException {
        Objects.requireNonNull(file, "file to seed");
        ensureOpen();
        Path abs = file.toAbsolutePath().normalize();
        Metainfo meta = Metainfo.of(abs);
        TorrentHandle held = handle().findTorrent(Sha1Hash.parseHex(meta.infoHash().hex()));
        if (held != null && held.isValid()) {
            return meta.infoHash();
        }
        seedMetainfo(meta, abs.getParent());
        LOG.debug("seeding {} as {}", abs, meta.infoHash());
        return meta.infoHash();
    }

    private TorrentHandle seedMetainfo(Metainfo meta, Path dir) throws IOException {
        TorrentInfo ti = new TorrentInfo(meta.torrent());
        AddTorrentParams p = new AddTorrentParams();
        p.setTorrentInfo(ti);
        p.setSavePath(dir.toString());
        // We hashed the bytes ourselves a moment ago: seed mode skips libtorrent's check of the whole file.
        torrent_flags_t flags = p.getFlags().and_(TorrentFlags.PAUSED.inv()).and_(TorrentFlags.AUTO_MANAGED.inv())
                .or_(TorrentFlags.SEED_MODE);
        p.setFlags(flags);
        // Every piece was hashed in Java a moment ago (Metainfo.of): mark them verified, or seed mode hashes each
        // again on its first request, a second SHA-1 pass that competed with the downloaders for the CPU (a 512 MiB
        // download went from ~450 to ~570 MiB/s on 2 cores without it).
        p.swig().set_verified_pieces(new org.libtorrent4j.swig.bitfield(meta.pieceCount(), true));
        TorrentHandle th = add(p, meta.infoHash());
        announcer.add(th);
        announceDirectly(meta.infoHash());
        return th;
    }

    /**
     * For tests only: seeds the bytes of {@code badFile} under the torrent of {@code goodFile} (same name and
     * length, other content), so this node plays a peer that corrupts pieces. The node stops checking what it
     * serves for the rest of its life; never use it for anything else.
     */
    InfoHash seedCorrupted(Path goodFile, Path badFile) throws IOException {
        ensureOpen();
        Metainfo meta = Metainfo.of(goodFile.toAbsolutePath().normalize());
        Path bad = badFile.toAbsolutePath().normalize();
        if (!bad.getFileName().toString().equals(meta.name()) || Files.size(bad) != meta.length()) {
            throw new IllegalArgumentException("the corrupted copy " + bad + " must be named " + meta.name()
                    + " and hold " + meta.length() + " bytes, like " + goodFile);
        }
        session.applySettings(SessionSettingsFactory.servingUncheckedData());
        seedMetainfo(meta, bad.getParent());
        return meta.infoHash();
    }

    @Override
    public int connectedPeers(InfoHash infoHash) {
        ensureOpen();
        TorrentHandle th = handle().findTorrent(Sha1Hash.parseHex(infoHash.hex()));
        return th == null || !th.isValid() ? -1 : th.status().numPeers();
    }

    /**
     * For tests: bytes of {@code infoHash} this node received that failed their piece hash (a peer sent wrong
     * data), 0 when it holds no such torrent.
     */
    long hashFailedBytes(InfoHash infoHash) {
        ensureOpen();
        TorrentHandle th = handle().findTorrent(Sha1Hash.parseHex(infoHash.hex()));
        return th == null || !th.isValid() ? 0 : th.status(true).totalFailedBytes();
    }

    @Override
    public boolean stopSeeding(InfoHash infoHash) {
        Objects.requireNonNull(infoHash, "info-hash");
        ensureOpen();
        TorrentHandle th = handle().findTorrent(Sha1Hash.parseHex(infoHash.hex()));
        if (th == null || !th.isValid()) {
            return false;
        }
        handle().removeTorrent(th);
        return true;
    }

    @Override
    public void setUploadLimit(long bytesPerSecond) {
        ensureOpen();
        session.applySettings(SessionSettingsFactory.uploadLimit(bytesPerSecond));
    }

    @Override
    public long uploadLimit() {
        ensureOpen();
        return session.settings().uploadRateLimit();
    }

    @Override
    public void setUploadLimit(InfoHash infoHash, long bytesPerSecond) {
        Objects.requireNonNull(infoHash, "info-hash");
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("upload limit of torrent " + infoHash
                    + " must be >= 0 bytes/s (0 = unlimited), not " + bytesPerSecond);
        }
        ensureOpen();
        TorrentHandle th = handle().findTorrent(Sha1Hash.parseHex(infoHash.hex()));
        if (th == null || !th.isValid()) {
            throw new IllegalArgumentException("this node holds no torrent " + infoHash);
        }
        // libtorrent: -1 is unlimited; the limit applies to every peer, loopback and LAN ones included.
        th.setUploadLimit(bytesPerSecond == 0 ? -1 : (int) Math.min(Integer.MAX_VALUE, bytesPerSecond));
    }

    @Override
    public void setSuperSeeding(InfoHash infoHash, boolean on) {
        Objects.requireNonNull(infoHash, "info-hash");
        ensureOpen();
        TorrentHandle th = handle().findTorrent(Sha1Hash.parseHex(infoHash.hex()));
        if (th == null || !th.isValid()) {
            throw new IllegalArgumentException("this node holds no torrent " + infoHash);
        }
        if (on) {
            th.setFlags(TorrentFlags.SUPER_SEEDING);
        } else {
            th.unsetFlags(TorrentFlags.SUPER_SEEDING);
        }
    }

    private TorrentHandle add(AddTorrentParams p, InfoHash ih) throws IOException {
        ErrorCode ec = new ErrorCode(new error_code());
        TorrentHandle th = handle().addTorrent(p, ec);
        if (ec.isError() || th == null || !th.isValid()) {
            throw new IOException("libtorrent refused torrent " + ih + ": " + ec.getMessage());
        }
        return th;
    }

    @Override
    public Path fetch(InfoHash infoHash, Path targetDir, long maxBytes, Duration timeout, TransferProgress progress,
                      List<String> webSeeds, List<PeerAddress> likelyPeers) throws IOException {
        Objects.requireNonNull(infoHash, "info-hash");
        Objects.requireNonNull(targetDir, "target directory");
        Objects.requireNonNull(timeout, "timeout");
        TransferProgress listener = progress == null ? TransferProgress.NONE : progress;
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be >= 1 for torrent " + infoHash + ": " + maxBytes);
        }
        ensureOpen();
        Path dir = targetDir.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        long deadline = System.nanoTime() + timeout.toNanos();
        Semaphore signal = torrentSignals.computeIfAbsent(infoHash.hex(), k -> new Semaphore(0));
        FetchTrouble trouble = troubles.computeIfAbsent(infoHash.hex(), k -> new FetchTrouble());
        trouble.mirrors(webSeeds);
        TorrentHandle th = handle().findTorrent(Sha1Hash.parseHex(infoHash.hex()));
        boolean added = th == null || !th.isValid();
        List<String> mirrors = usableMirrors(infoHash, webSeeds);
        if (added) {
            // Mirrors that hang get at most half the time (and 10 s), so that peers are still asked in time.
            long mirrorDeadline = Math.min(deadline, System.nanoTime()
                    + Math.min(MIRROR_METADATA_TIMEOUT.toNanos(), timeout.toNanos() / 2));
            TorrentInfo fromMirror = mirrors.isEmpty() ? null
                    : metadataFromMirrors(infoHash, mirrors, maxBytes, mirrorDeadline, trouble);
            AddTorrentParams p;
            torrent_flags_t flags;
            if (fromMirror != null) {
                // Size and shape were checked on the mirror's metainfo: data may be written at once.
                p = new AddTorrentParams();
                p.setTorrentInfo(fromMirror);
                flags = p.getFlags();
            } else {
                p = AddTorrentParams.parseMagnetUri("magnet:?xt=urn:btih:" + infoHash.hex());
                // Upload mode: fetch the metadata but write no data until its size has been checked.
                flags = p.getFlags().or_(TorrentFlags.UPLOAD_MODE);
            }
            p.setSavePath(dir.toString());
            p.setFlags(flags.and_(TorrentFlags.PAUSED.inv()).and_(TorrentFlags.AUTO_MANAGED.inv()));
            if (!mirrors.isEmpty()) {
                p.setUrlSeeds(mirrors);
            }
            th = add(p, infoHash);
        } else {
            for (String m : mirrors) {
                th.addUrlSeed(m);
            }
        }
        List<PeerAddress> hinted = usablePeers(infoHash, likelyPeers);
        Seeking seeking = new Seeking(th, infoHash, hinted);
        ScheduledFuture<?> sampler = null;
        boolean done = false;
        boolean keepPieces = false;
        try {
            long started = System.nanoTime();
            TorrentStatus st = awaitMetadata(th, signal, infoHash, deadline, timeout, new Idle(noPeerLimit()), listener,
                    seeking);
            LOG.debug("metadata of {} after {} ms ({} peers, {} likely peers named)", infoHash,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), st.numPeers(), hinted.size());
            // Those who sent the metadata are sources too: a connection may be gone (or turned around) by the end.
            List<PeerAddress> metadataFrom = outgoingPeers(th);
            TorrentInfo ti = th.torrentFile();
            long total = ti.totalSize();
            if (total > maxBytes) {
                throw new TorrentTooLargeException(infoHash, total, maxBytes);
            }
            if (ti.numFiles() != 1) {
                throw new IOException("torrent " + infoHash + " has " + ti.numFiles()
                        + " files; Caravan fetches single-file torrents only");
            }
            if (added) {
                th.unsetFlags(TorrentFlags.UPLOAD_MODE);
            }
            final TorrentHandle handle = th;
            sampler = executor.scheduleAtFixedRate(() -> {
                if (handle.isValid()) {
                    TorrentStatus s = handle.status(true);
                    listener.sample(s.totalWantedDone(), total, s.downloadPayloadRate(), s.numPeers());
                }
            }, 0, PROGRESS_PERIOD_MS, TimeUnit.MILLISECONDS);
            st = awaitData(th, signal, infoHash, deadline, timeout, total, new Idle(noPeerLimit()), listener, seeking);
            if (added) {
                java.util.LinkedHashSet<PeerAddress> from = new java.util.LinkedHashSet<>(outgoingPeers(th));
                from.addAll(metadataFrom);
                sources.put(infoHash.hex(), from.stream().limit(MAX_SOURCES).toList());
            }
            Path stored = Path.of(th.savePath()).resolve(ti.files().filePath(0)).normalize();
            Path result = dir.resolve(stored.getFileName().toString()).normalize();
            if (!result.getParent().equals(dir)) {
                throw new IOException("torrent " + infoHash + " names a file outside " + dir + ": " + stored);
            }
            if (!stored.equals(result)) {
                // Already in this session elsewhere (we seed or fetched it before): hand out a copy.
                Files.copy(stored, result, StandardCopyOption.REPLACE_EXISTING);
            }
            sampler.cancel(false);
            finalProgress(listener, total, st.numPeers());
            done = true;
            if (added) {
                announceDirectly(infoHash); // it seeds what it fetched: the next newcomer may find it here
            }
            LOG.debug("fetched {} ({} bytes, {} peers) into {}", infoHash, total, st.numPeers(), result);
            return result;
        } catch (NoPeerException e) {
            // Nothing was wrong with what arrived, only nobody is left to send the rest: the verified pieces stay
            // in targetDir, and the next fetch into it re-checks them and asks peers only for the others.
            keepPieces = true;
            throw trouble.explain(e);
        } catch (FetchCancelledException | TorrentTooLargeException e) {
            throw e;
        } catch (IOException e) {
            throw trouble.explain(e);
        } finally {
            if (sampler != null) {
                sampler.cancel(false);
            }
            if (!done && added && th.isValid()) {
                // Leave no half-fetched torrent in the session; on disk, nothing refused (too large, a torrent
                // error such as a full disk) and only the pieces of a fetch that ran out of peers.
                if (keepPieces) {
                    handle().removeTorrent(th);
                } else {
                    handle().removeTorrent(th, SessionHandle.DELETE_FILES);
                }
            }
            torrentSignals.remove(infoHash.hex(), signal);
            troubles.remove(infoHash.hex(), trouble);
            lookingUp.remove(infoHash.hex());
        }
    }

    /**
     * Looks up the torrent's peers in the DHT now (get_peers, then announce_peer) and connects those found as they
     * come ({@link #connectFound}). Not through the torrent's own announce ({@code force_dht_announce}): libtorrent
     * queues those and serves the queue one torrent per tick of up to 4 s, so behind the announces of what a
     * client seeds (its generations and packages, each repeated) a fetch waited 4-8 s for its first lookup.
     */
    private void lookUpPeers(InfoHash ih) {
        lookingUp.add(ih.hex());
        handle().dhtAnnounce(Sha1Hash.parseHex(ih.hex()), port, (byte) 0);
    }

    /** The peers a lookup of {@link #lookUpPeers} found, connected to the fetch that asked (never to this node). */
    private void connectFound(Sha1Hash ih, List<TcpEndpoint> peers) {
        LOG.trace("DHT lookup of {} found {} peers", ih.toHex(), peers.size());
        if (peers.isEmpty() || !lookingUp.contains(ih.toHex())) {
            return;
        }
        TorrentHandle th = handle().findTorrent(ih);
        if (th == null || !th.isValid()) {
            return;
        }
        List<PeerAddress> found = new ArrayList<>();
        for (TcpEndpoint peer : peers) {
            if (peer.port() > 0) { // a DHT node may name any port; 0 is no address to connect to
                found.add(new PeerAddress(peer.address().toString(), peer.port()));
            }
        }
        connect(th, usablePeers(new InfoHash(ih.toHex()), found));
    }

    /**
     * Announces this node as a peer of {@code ih} straight to the network's configured DHT nodes (the test network's
     * nodes; none on the public DHT, whose routers store nothing), off the caller's thread, beside libtorrent's own
     * announce: that one is stored only once its lookup ends, which on a small network waits ~12-15 s for each
     * vanished node (a publisher gone, every one-shot client that closed), so a service that starts again, or a
     * publisher's new generation, was not found for that long and a fetch had to wait that long before giving up.
     * Sent from this session's own DHT socket (libtorrent's direct requests): a socket of Caravan's own would join the
     * nodes' routing tables (libtorrent 2.0.6 ignores BEP 43's read-only flag) and vanish, slowing every later lookup.
     * Queued torrents beyond {@link #DIRECT_MAX_WAITING} are left to libtorrent (a publisher seeding thousands at once).
     */
    private void announceDirectly(InfoHash ih) {
        if (config.bootstrap().isEmpty() || closed.get() || directQueue.size() >= DIRECT_MAX_WAITING) {
            return;
        }
        directQueue.add(HexFormat.of().parseHex(ih.hex()));
        if (directRunning.compareAndSet(false, true)) {
            runDirect(this::drainDirect);
        }
    }

    private void drainDirect() {
        try {
            while (!closed.get()) {
                List<byte[]> batch = new ArrayList<>();
                byte[] next;
                while (batch.size() < DIRECT_BATCH && (next = directQueue.poll()) != null) {
                    batch.add(next);
                }
                if (batch.isEmpty()) {
                    return;
                }
                long started = System.nanoTime();
                // Nothing waited for here: each node's answer is announced to as it comes (onAlert), so a vanished
                // node among the configured ones holds nothing up.
                for (PeerAddress node : config.bootstrap()) {
                    for (byte[] ih : batch) {
                        long id = DIRECT_IDS.getAndIncrement();
                        announcing.put(id, ih);
                        if (!directRequest(node, Map.of("q", "get_peers", "a", Map.of("info_hash", ih)), id)) {
                            announcing.remove(id);
                        }
                    }
                }
                LOG.debug("announcing {} torrents straight to {} DHT nodes", batch.size(), config.bootstrap().size());
                // At most DIRECT_BATCH torrents a second: bursts overflowed small networks' UDP buffers (DhtAnnouncer).
                long rest = TimeUnit.SECONDS.toNanos(1) - (System.nanoTime() - started);
                if (rest > 0 && !directQueue.isEmpty()) {
                    TimeUnit.NANOSECONDS.sleep(rest);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.debug("direct DHT announces stopped: {}", e.toString());
        } finally {
            directRunning.set(false);
            if (!directQueue.isEmpty() && !closed.get() && directRunning.compareAndSet(false, true)) {
                runDirect(this::drainDirect);
            }
        }
    }

    /**
     * Asks the network's configured DHT nodes straight for the peers of {@code ih} and connects to those found, off the
     * caller's thread: libtorrent's lookup hands out peers as nodes answer, but a forced re-announce waits for the
     * lookup still running, which on a small network waits for each vanished node; a seeder that appeared meanwhile
     * (a service started again) was then found seconds late. Nothing to ask on the public DHT (no configured nodes).
     */
    private void lookUpDirectly(TorrentHandle th, InfoHash ih) {
        if (config.bootstrap().isEmpty() || closed.get()) {
            return;
        }
        byte[] raw = HexFormat.of().parseHex(ih.hex());
        runDirect(() -> {
            try {
                directQueries(List.of(Map.of("q", "get_peers", "a", Map.of("info_hash", raw))), DIRECT_LOOKUP_DEADLINE,
                        r -> {
                            List<PeerAddress> found = usablePeers(ih, r.peers());
                            if (!found.isEmpty() && !closed.get()) {
                                LOG.debug("DHT node {} names {} peers of {}: connecting", r.node(), found.size(), ih);
                                connect(th, found);
                            }
                        });
            } catch (RuntimeException e) {
                LOG.debug("cannot ask the DHT nodes for the peers of {}: {}", ih, e.toString());
            }
        });
    }

    private static void runDirect(Runnable r) {
        try {
            DIRECT_ANNOUNCES.execute(r);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the pool is never shut down
        }
    }

    /**
     * Sends each query (its {@code q} and {@code a}; libtorrent adds {@code t}, {@code y} and this node's id) to every
     * configured DHT node from this session's DHT socket, and collects the answers (each with the query's index as its
     * id) until all came or {@code wait} is over; {@code each}, when given, sees each answer as it comes.
     */
    private List<DirectReply> directQueries(List<Map<String, Object>> queries, Duration wait,
                                            java.util.function.Consumer<DirectReply> each) {
        BlockingQueue<DirectReply> replies = new LinkedBlockingQueue<>();
        long base = DIRECT_IDS.getAndAdd(queries.size());
        for (int i = 0; i < queries.size(); i++) {
            directWaiters.put(base + i, replies);
        }
        List<DirectReply> out = new ArrayList<>();
        try {
            int sent = 0;
            for (PeerAddress node : config.bootstrap()) {
                for (int i = 0; i < queries.size(); i++) {
                    if (directRequest(node, queries.get(i), base + i)) {
                        sent++;
                    }
                }
            }
            long end = System.nanoTime() + wait.toNanos();
            while (out.size() < sent) {
                long left = end - System.nanoTime();
                DirectReply r = left <= 0 ? null : replies.poll(left, TimeUnit.NANOSECONDS);
                if (r == null) {
                    break;
                }
                DirectReply indexed = new DirectReply(r.id() - base, r.node(), r.token(), r.peers());
                out.add(indexed);
                if (each != null) {
                    each.accept(indexed);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (int i = 0; i < queries.size(); i++) {
                directWaiters.remove(base + i);
            }
        }
        return out;
    }

    /** One query to one node through libtorrent's DHT socket; false when the session is closed or refused it. */
    private boolean directRequest(PeerAddress node, Map<String, Object> query, long id) {
        if (closed.get()) {
            return false;
        }
        try {
            handle().dhtDirectRequest(new UdpEndpoint(node.host(), node.port()), Entry.bdecode(Bencode.encode(query)), id);
            return true;
        } catch (RuntimeException e) {
            LOG.debug("cannot send a DHT query to {}: {}", node, e.toString());
            return false;
        }
    }

    /** What a direct answer says, copied out of the alert (which does not outlive the listener call). */
    private static DirectReply directReply(DhtDirectResponseAlert a) {
        UdpEndpoint from = a.endpoint();
        PeerAddress node = new PeerAddress(from.address().toString(), from.port());
        bdecode_node response = a.swig().response();
        if (response.type() != bdecode_node.type_t.dict_t) {
            return new DirectReply(a.userdata(), node, null, List.of()); // timed out
        }
        bdecode_node r = response.dict_find_dict_ex("r");
        if (r.type() != bdecode_node.type_t.dict_t) {
            return new DirectReply(a.userdata(), node, null, List.of());
        }
        bdecode_node t = r.dict_find_string_ex("token");
        byte[] token = t.type() == bdecode_node.type_t.string_t ? stringBytes(t) : null;
        List<PeerAddress> peers = new ArrayList<>();
        bdecode_node values = r.dict_find_list_ex("values");
        if (values.type() == bdecode_node.type_t.list_t) {
            for (int i = 0; i < values.list_size(); i++) {
                byte[] v = stringBytes(values.list_at(i));
                int p = v == null || v.length != 6 ? 0 : ((v[4] & 0xff) << 8) | (v[5] & 0xff);
                if (p > 0) {
                    peers.add(new PeerAddress((v[0] & 0xff) + "." + (v[1] & 0xff) + "." + (v[2] & 0xff) + "."
                            + (v[3] & 0xff), p));
                }
            }
        }
        return new DirectReply(a.userdata(), node, token != null && token.length > 0 ? token : null, peers);
    }

    /**
     * The bytes of a bencoded string node. libtorrent4j hands strings to Java as text, which binary bytes (a write
     * token, a compact address) do not survive; libtorrent's printer writes a string of printable ASCII as it is and
     * any other as hex, so with the length known the two cannot be confused. Null for anything else.
     */
    static byte[] stringBytes(bdecode_node n) {
        if (n.type() != bdecode_node.type_t.string_t) {
            return null;
        }
        int len = n.string_length();
        String printed = bdecode_node.to_string(n, false, 0).strip();
        if (printed.length() < 2 || printed.charAt(0) != '\'' || printed.charAt(printed.length() - 1) != '\'') {
            return null;
        }
        String inner = printed.substring(1, printed.length() - 1);
        if (inner.length() == len) {
            return inner.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        if (inner.length() == 2 * len) {
            try {
                return HexFormat.of().parseHex(inner);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    private static final java.util.concurrent.atomic.AtomicLong DIRECT_IDS = new java.util.concurrent.atomic.AtomicLong(1);
    private static final long DIRECT_LOOKUP_PERIOD_MS = 1_000;
    private static final Duration DIRECT_LOOKUP_DEADLINE = Duration.ofSeconds(2);
    private static final int DIRECT_BATCH = 100;
    private static final int DIRECT_MAX_WAITING = 1_000;
    private static final ExecutorService DIRECT_ANNOUNCES = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "caravan-direct-announce");
        t.setDaemon(true);
        return t;
    });

    /** Likely peers worth trying: not this node, and on a loopback node only 127.0.0.0/8 hosts (the network rule). */
    private List<PeerAddress> usablePeers(InfoHash ih, List<PeerAddress> likelyPeers) {
        List<PeerAddress> out = new ArrayList<>();
        for (PeerAddress p : likelyPeers == null ? List.<PeerAddress>of() : likelyPeers) {
            if (p.equals(address) || out.contains(p)) {
                continue;
            }
            if (config.mode() == NetworkConfig.Mode.LOOPBACK && !p.host().startsWith("127.")) {
                LOG.debug("ignored likely peer {} of {}: a loopback node only talks to 127.0.0.0/8", p, ih);
                continue;
            }
            out.add(p);
        }
        return out;
    }

    /** Asks libtorrent to connect to each peer (it skips one it is connected to already); never fails the fetch. */
    private static void connect(TorrentHandle th, List<PeerAddress> peers) {
        for (PeerAddress p : peers) {
            try {
                error_code ec = new error_code();
                org.libtorrent4j.swig.address a = org.libtorrent4j.swig.address.from_string(p.host(), ec);
                if (ec.value() == 0 && th.isValid()) {
                    th.swig().connect_peer(new tcp_endpoint(a, p.port()));
                }
            } catch (RuntimeException e) {
                LOG.debug("cannot connect to likely peer {}: {}", p, e.toString());
            }
        }
    }

    /**
     * The peers of a torrent this node connected to itself, those that sent it data first: their addresses are where
     * they listen (a peer that connected to this node shows the port it connected from, useless to connect to).
     */
    private static List<PeerAddress> outgoingPeers(TorrentHandle th) {
        List<PeerAddress> sent = new ArrayList<>();
        List<PeerAddress> others = new ArrayList<>();
        try {
            peer_info_vector v = new peer_info_vector();
            th.swig().get_peer_info(v);
            for (int i = 0; i < v.size(); i++) {
                peer_info pi = v.get(i);
                if (!pi.getFlags().and_(peer_info.outgoing_connection).non_zero()
                        || pi.getConnection_type().to_int() != peer_info.standard_bittorrent.to_int()) {
                    continue;
                }
                tcp_endpoint ep = pi.getIp();
                PeerAddress a = new PeerAddress(ep.address().to_string(), ep.port());
                (pi.getTotal_download() > 0 ? sent : others).add(a);
            }
        } catch (RuntimeException e) {
            LOG.debug("cannot list the peers of {}: {}", th.infoHash(), e.toString());
        }
        sent.addAll(others);
        return List.copyOf(sent.subList(0, Math.min(sent.size(), MAX_SOURCES)));
    }

    /** Sources kept per torrent: a store's few services and its publisher, not a public swarm's hundreds. */
    private static final int MAX_SOURCES = 8;

    @Override
    public List<PeerAddress> sourcesOf(InfoHash infoHash) {
        return sources.getOrDefault(infoHash.hex(), List.of());
    }

    /** Mirrors worth trying: http(s) only, and on a loopback node only 127.0.0.0/8 hosts (the network rule). */
    private List<String> usableMirrors(InfoHash ih, List<String> webSeeds) {
        List<String> out = new ArrayList<>();
        for (String m : webSeeds == null ? List.<String>of() : webSeeds) {
            URI uri;
            try {
                uri = URI.create(m);
            } catch (IllegalArgumentException e) {
                LOG.debug("ignored mirror {} of {}: not a URL", m, ih);
                continue;
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme();
            String host = uri.getHost() == null ? "" : uri.getHost();
            if (!scheme.equals("http") && !scheme.equals("https")) {
                LOG.debug("ignored mirror {} of {}: not http(s)", m, ih);
                continue;
            }
            if (config.mode() == NetworkConfig.Mode.LOOPBACK && !host.startsWith("127.")) {
                LOG.debug("ignored mirror {} of {}: a loopback node only talks to 127.0.0.0/8", m, ih);
                continue;
            }
            out.add(m);
        }
        return out;
    }

    /** The .torrent beside a mirrored file; at most this many bytes (1 500 pieces need ~30 KB). */
    private static final int MAX_TORRENT_BYTES = 1 << 20;
    private static final Duration MIRROR_METADATA_TIMEOUT = Duration.ofSeconds(10);
    private static final ExecutorService MIRROR_READS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "caravan-mirror-metainfo");
        t.setDaemon(true);
        return t;
    });

    /**
     * Asks each mirror for {@code URL.torrent} and takes the first one whose info-hash is {@code ih} (so a
     * mirror cannot substitute other content), holds one file and is not larger than {@code maxBytes}.
     * Returns null when none has it: the metadata must then come from peers.
     */
    private TorrentInfo metadataFromMirrors(InfoHash ih, List<String> mirrors, long maxBytes, long deadline,
                                            FetchTrouble trouble) {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(MIRROR_METADATA_TIMEOUT).build();
        for (String m : mirrors) {
            long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (leftMs <= 0) {
                return null;
            }
            URI uri = torrentUri(m);
            try {
                long limitMs = Math.min(leftMs, MIRROR_METADATA_TIMEOUT.toMillis());
                HttpRequest req = HttpRequest.newBuilder(uri).GET().timeout(Duration.ofMillis(limitMs)).build();
                // The request timeout ends at the response headers; a mirror that sends them and then stalls
                // would hold the fetch past its deadline, so the whole read runs against the clock.
                Future<byte[]> read = MIRROR_READS.submit(() -> {
                    HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
                    try (InputStream in = resp.body()) {
                        if (resp.statusCode() != 200) {
                            throw new IOException("HTTP " + resp.statusCode());
                        }
                        return in.readNBytes(MAX_TORRENT_BYTES + 1);
                    }
                });
                byte[] body;
                try {
                    body = read.get(limitMs, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    read.cancel(true); // interrupts the blocked read, which closes the connection
                    LOG.debug("mirror {} sent no metainfo for {} within {} ms", uri, ih, limitMs);
                    continue;
                } catch (ExecutionException e) {
                    LOG.debug("mirror {} has no metainfo for {}: {}", uri, ih, e.getCause().toString());
                    continue;
                }
                if (body.length > MAX_TORRENT_BYTES) {
                    LOG.warn("ignored metainfo from {} for {}: over {} bytes", uri, ih, MAX_TORRENT_BYTES);
                    continue;
                }
                TorrentInfo ti = new TorrentInfo(body);
                if (!ti.infoHash().toHex().equalsIgnoreCase(ih.hex())) {
                    LOG.warn("ignored metainfo from {}: it describes torrent {}, not {}", uri, ti.infoHash().toHex(), ih);
                    trouble.mirrorFailed(uri.toString(), "its metainfo describes torrent " + ti.infoHash().toHex()
                            + ", not " + ih.hex() + " (ignored)");
                    continue;
                }
                if (ti.numFiles() != 1 || ti.totalSize() > maxBytes) {
                    LOG.warn("ignored metainfo from {} for {}: {} files, {} bytes (at most {} expected)", uri, ih,
                            ti.numFiles(), ti.totalSize(), maxBytes);
                    trouble.mirrorFailed(uri.toString(), "its metainfo holds " + ti.numFiles() + " file(s) of "
                            + ti.totalSize() + " bytes, at most one of " + maxBytes + " expected (ignored)");
                    continue;
                }
                return ti;
            } catch (RuntimeException e) {
                LOG.debug("mirror {} gave no metainfo for {}: {}", uri, ih, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    /** {@code URL.torrent}: ".torrent" appended to the path, the query kept. */
    static URI torrentUri(String mirror) {
        URI u = URI.create(mirror);
        try {
            return new URI(u.getScheme(), u.getRawAuthority() == null ? null : u.getAuthority(), u.getPath() + ".torrent",
                    u.getQuery(), null);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("cannot derive the metainfo URL of mirror " + mirror, e);
        }
    }

    private Duration noPeerLimit() {
        return config.mode() == NetworkConfig.Mode.MAINLINE ? NO_PEER_MAINLINE : NO_PEER_LOOPBACK;
    }

    /**
     * Since when no peer has been connected and no byte arrived; past the limit the fetch gives up. Peers that are
     * connected but send nothing (other subscribers still looking for the same generation, who hold none of it)
     * keep a fetch waiting at most twice the limit: without that bound two such peers kept each other waiting
     * for the whole five-minute timeout.
     */
    private static final class Idle {
        private final Duration limit;
        private long since = System.nanoTime();
        private long progressAt = since;
        private long lastDone = -1;

        Idle(Duration limit) {
            this.limit = limit;
        }

        void check(TorrentStatus st, InfoHash ih, long now) throws NoPeerException {
            long done = st.totalWantedDone();
            if (done > lastDone) {
                progressAt = now;
                lastDone = done;
            }
            if (st.numPeers() > 0 || progressAt == now) {
                since = now;
            } else if (now - since > limit.toNanos()) {
                throw new NoPeerException(ih, limit, Math.max(0, done), st.listPeers());
            }
            if (now - progressAt > 2 * limit.toNanos()) {
                throw NoPeerException.silent(ih, limit.multipliedBy(2), Math.max(0, done), st.numPeers());
            }
        }
    }

    /**
     * How a fetch looks for peers: every way at once when it starts, then, while no peer is connected, its own DHT
     * lookup every {@link #REANNOUNCE_PERIOD_MS}, the likely
     * peers every {@link #HINT_PERIOD_MS}, the configured DHT nodes every {@link #DIRECT_LOOKUP_PERIOD_MS}.
     */
    private final class Seeking {
        private final TorrentHandle th;
        private final InfoHash ih;
        private final List<PeerAddress> hinted;
        private long lastAnnounce = System.nanoTime();
        private long lastHint = lastAnnounce;
        private long lastLookup = lastAnnounce;

        Seeking(TorrentHandle th, InfoHash ih, List<PeerAddress> hinted) {
            this.th = th;
            this.ih = ih;
            this.hinted = hinted;
            lookUpPeers(ih);
            connect(th, hinted);
            lookUpDirectly(th, ih);
        }

        void whileAlone(TorrentStatus st, long now) {
            if (st.numPeers() > 0) {
                return;
            }
            if (now - lastAnnounce > TimeUnit.MILLISECONDS.toNanos(REANNOUNCE_PERIOD_MS)) {
                lookUpPeers(ih);
                lastAnnounce = now;
            }
            if (!hinted.isEmpty() && now - lastHint > TimeUnit.MILLISECONDS.toNanos(HINT_PERIOD_MS)) {
                connect(th, hinted);
                lastHint = now;
            }
            if (now - lastLookup > TimeUnit.MILLISECONDS.toNanos(DIRECT_LOOKUP_PERIOD_MS)) {
                lookUpDirectly(th, ih);
                lastLookup = now;
            }
        }
    }

    private TorrentStatus awaitMetadata(TorrentHandle th, Semaphore signal, InfoHash ih, long deadline,
                                        Duration timeout, Idle idle, TransferProgress listener,
                                        Seeking seeking) throws IOException {
        while (true) {
            // Forced: libtorrent4j's plain status() hands out a copy up to 500 ms old, which held every fetch
            // back by up to half a second at each step (metadata seen, upload mode left, done).
            TorrentStatus st = th.status(true);
            if (st.hasMetadata()) {
                return st;
            }
            failIfError(st, ih);
            if (listener.cancelled()) {
                throw new FetchCancelledException(ih, Math.max(0, st.totalWantedDone()));
            }
            long now = System.nanoTime();
            idle.check(st, ih, now);
            if (now - deadline >= 0) {
                throw new IOException("timed out after " + timeout + " waiting for the metadata of torrent " + ih
                        + " (" + st.numPeers() + " peers connected, " + st.listPeers() + " known)");
            }
            seeking.whileAlone(st, now);
            sleep(signal, deadline);
        }
    }

    private TorrentStatus awaitData(TorrentHandle th, Semaphore signal, InfoHash ih, long deadline, Duration timeout,
                                    long total, Idle idle, TransferProgress listener, Seeking seeking)
            throws IOException {
        while (true) {
            TorrentStatus st = th.status(true);
            if (st.isFinished() || st.isSeeding()) {
                return st;
            }
            failIfError(st, ih);
            if (listener.cancelled()) {
                throw new FetchCancelledException(ih, Math.max(0, st.totalWantedDone()));
            }
            long now = System.nanoTime();
            idle.check(st, ih, now);
            if (now - deadline >= 0) {
                throw new IOException("timed out after " + timeout + " downloading torrent " + ih + ": "
                        + st.totalWantedDone() + " of " + total + " bytes from " + st.numPeers() + " peers");
            }
            seeking.whileAlone(st, now);
            sleep(signal, deadline);
        }
    }

    private static void failIfError(TorrentStatus st, InfoHash ih) throws IOException {
        if (st.errorCode() != null && st.errorCode().isError()) {
            throw new IOException("torrent " + ih + " failed: " + st.errorCode().getMessage());
        }
    }

    /** Wakes on the next alert for the torrent, or after a short poll interval. */
    private static void sleep(Semaphore signal, long deadline) throws IOException {
        long waitMs = Math.max(1, Math.min(100, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        try {
            signal.tryAcquire(waitMs, TimeUnit.MILLISECONDS);
            signal.drainPermits();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while fetching a torrent");
        }
    }

    /** Runs on the progress thread, after any pending sample, so the last call the caller sees is the total. */
    private void finalProgress(TransferProgress listener, long total, int peers) throws IOException {
        try {
            executor.submit(() -> listener.sample(total, total, 0, peers)).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while reporting progress");
        } catch (ExecutionException | TimeoutException | java.util.concurrent.RejectedExecutionException e) {
            // The listener's failure (or a node closed meanwhile) must not fail a completed download.
            LOG.warn("progress listener failed: {}", e.toString());
        }
    }

    @Override
    public void putPointer(byte[] ed25519Seed, byte[] salt, ChannelPointer pointer) throws IOException {
        Objects.requireNonNull(pointer, "channel pointer");
        putItem(ed25519Seed, salt, PointerCodec.encode(pointer), "generation " + pointer.generation());
    }

    /** Puts any bencoded value, enforcing BEP 44's 1000-byte limit that libtorrent does not report. */
    void putItem(byte[] ed25519Seed, byte[] salt, byte[] bencodedValue, String what) throws IOException {
        byte[][] keys = ChannelKeys.keypair(ed25519Seed);
        StoreMagnet channel = new StoreMagnet(keys[0], salt);
        if (bencodedValue.length > PointerCodec.MAX_VALUE_BYTES) {
            throw new IllegalArgumentException("DHT value for channel " + channel + " has " + bencodedValue.length
                    + " bytes, BEP 44 allows at most " + PointerCodec.MAX_VALUE_BYTES);
        }
        putUnchecked(keys, channel, bencodedValue, what);
    }

    /** The put itself, without the size check (tests show nodes refuse what the check keeps out). */
    void putUnchecked(byte[][] keys, StoreMagnet channel, byte[] bencodedValue, String what) throws IOException {
        ensureOpen();
        Entry entry = Entry.bdecode(bencodedValue);
        String key = key(channel.publicKey(), channel.salt());
        BlockingQueue<Object> q = subscribe(key);
        try {
            handle().dhtPutItem(keys[0], keys[1], entry, channel.salt());
            long deadline = System.nanoTime() + PUT_TIMEOUT.toNanos();
            long fastBy = System.nanoTime()
                    + (config.mode() == NetworkConfig.Mode.MAINLINE ? FAST_PUT_MAINLINE : FAST_PUT).toNanos();
            boolean ownPutTried = false;
            while (true) {
                long left = (ownPutTried ? deadline : Math.min(deadline, fastBy)) - System.nanoTime();
                Object ev = left <= 0 ? null : q.poll(left, TimeUnit.NANOSECONDS);
                if (ev == null && !ownPutTried) {
                    // libtorrent is waiting out vanished nodes (~15 s each time): put through our own lookup, which
                    // gives a node 2 s. libtorrent's put goes on and stores the same value again when it ends.
                    ownPutTried = true;
                    if (putAroundVanishedNodes(keys, channel, bencodedValue, what)) {
                        return;
                    }
                    continue;
                }
                if (ev == null) {
                    throw new IOException("DHT put for channel " + channel + " (" + what + ") got no answer within "
                            + PUT_TIMEOUT);
                }
                if (ev instanceof PutDone done) {
                    if (done.numSuccess() == 0) {
                        throw new IOException("no DHT node stored channel " + channel + " (" + what
                                + "): no nodes reachable, or the value was refused");
                    }
                    LOG.debug("put channel {} ({}) seq {} on {} nodes", channel, what, done.seq(), done.numSuccess());
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while putting channel " + channel);
        } finally {
            unsubscribe(key, q);
        }
    }

    /** The put through Caravan's own KRPC client, from the bootstrap nodes and this node; true when stored. */
    private boolean putAroundVanishedNodes(byte[][] keys, StoreMagnet channel, byte[] value, String what) {
        List<PeerAddress> start = new ArrayList<>(config.bootstrap());
        start.add(address);
        try {
            RepublishResult r = DhtRepublisher.publish(config, start, keys, channel.salt(), value, OWN_PUT_DEADLINE);
            if (r instanceof RepublishResult.Republished done) {
                LOG.debug("put channel {} ({}) seq {} on {} nodes by our own lookup ({} answered)", channel, what,
                        done.seq(), done.storedOn(), done.nodesAnswered());
                return true;
            }
            LOG.debug("own put of channel {} ({}) did not store it: {}", channel, what, r);
        } catch (IOException | RuntimeException e) {
            LOG.debug("own put of channel {} ({}) failed: {}", channel, what, e.toString());
        }
        return false;
    }

    /**
     * The network is out of reach when, after the lookup, the routing table holds no node at all (libtorrent drops
     * nodes that stopped answering), or when a slow or unfinished lookup (one that waited out vanished nodes, or was
     * taken before libtorrent's authoritative answer; what it found may be this node's own stored copy) is followed
     * by a probe from the bootstrap nodes that no other node answers. A healthy lookup answers in milliseconds and
     * costs no probe; the probe ends at the first node that answers.
     *
     * <p>When libtorrent found nothing, its "nothing" decides only if it asked nodes and heard from all of them in
     * time. Otherwise (it asked none: a session whose bootstrap nodes had not answered yet, as on a loaded machine,
     * where a new subscriber was told "no catalog pointer found" while the store's item was on every node; or it
     * waited out nodes that did not answer) Caravan's own lookup from the bootstrap nodes decides, and what it finds
     * counts.
     */
    @Override
    public PointerLookup lookupPointer(byte[] publicKey, byte[] salt, Duration deadline) {
        long started = System.nanoTime();
        Lookup l = lookup(publicKey, salt, deadline);
        boolean slow = System.nanoTime() - started > SLOW_LOOKUP.toNanos();
        if (l.best() == null && (slow || !l.authoritative() || !l.askedNodes()) && !config.bootstrap().isEmpty()) {
            return ownLookup(publicKey, salt);
        }
        int known = routingTableSize(Duration.ofSeconds(2));
        if (known == 0 || (slow || !l.authoritative()) && !othersAnswer(publicKey, salt)) {
            return new PointerLookup.Unreachable(Math.max(0, known));
        }
        return l.best() != null ? new PointerLookup.Found(l.best()) : new PointerLookup.NotFound();
    }

    /** {@code askedNodes}: the routing table held a node when libtorrent was asked (else it asks nobody). */
    private record Lookup(ChannelPointer best, boolean authoritative, boolean askedNodes) {}

    /** The pointer as Caravan's own KRPC lookup from the bootstrap nodes sees it: found, none, or nobody answered. */
    private PointerLookup ownLookup(byte[] publicKey, byte[] salt) {
        DhtRepublisher.Seen seen;
        try {
            seen = DhtRepublisher.find(config, config.bootstrap(), publicKey, salt, PROBE_DEADLINE);
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot look the channel up from the bootstrap nodes: {}", e.toString());
            int known = routingTableSize(Duration.ofSeconds(2));
            return known == 0 ? new PointerLookup.Unreachable(0) : new PointerLookup.NotFound();
        }
        Optional<ChannelPointer> pointer = seen.item().flatMap(i -> PointerCodec.decode(i.value()));
        if (pointer.isPresent()) {
            LOG.debug("channel {} found by our own lookup after libtorrent's found nothing",
                    new StoreMagnet(publicKey, salt));
            return new PointerLookup.Found(pointer.get());
        }
        if (seen.nodesAnswered() > 0) {
            return new PointerLookup.NotFound();
        }
        return new PointerLookup.Unreachable(Math.max(0, routingTableSize(Duration.ofSeconds(2))));
    }

    /** A lookup that takes longer than this waited for nodes that did not answer (loopback answers in ms). */
    private static final Duration SLOW_LOOKUP = Duration.ofSeconds(1);
    private static final Duration PROBE_DEADLINE = Duration.ofSeconds(4);

    /**
     * Whether any DHT node besides this one answers: a lookup of the channel through Caravan's own KRPC client from
     * the bootstrap nodes (this node excluded, so what it stores itself does not count), nothing put.
     */
    private boolean othersAnswer(byte[] publicKey, byte[] salt) {
        if (config.bootstrap().isEmpty()) {
            // Nothing to probe from (the public DHT's routers live in libtorrent's settings, and a lookup there
            // often takes seconds): do not claim the network is gone.
            return true;
        }
        try {
            return DhtRepublisher.probe(config, config.bootstrap(), publicKey, salt, PROBE_DEADLINE) > 0;
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot probe the DHT: {}", e.toString());
            return true; // unknown: do not claim the network is gone
        }
    }

    @Override
    public Optional<ChannelPointer> getPointer(byte[] publicKey, byte[] salt, Duration deadline) {
        return Optional.ofNullable(lookup(publicKey, salt, deadline).best());
    }

    private Lookup lookup(byte[] publicKey, byte[] salt, Duration deadline) {
        Objects.requireNonNull(deadline, "deadline");
        StoreMagnet channel = new StoreMagnet(publicKey, salt);
        ensureOpen();
        byte[] pk = channel.publicKey();
        byte[] s = channel.salt();
        long end = System.nanoTime() + deadline.toNanos();
        boolean askedNodes = awaitFirstNode(end);
        String key = key(pk, s);
        BlockingQueue<Object> q = subscribe(key);
        ChannelPointer best = null;
        boolean authoritative = false;
        long settleBy = Long.MAX_VALUE;
        try {
            handle().dhtGetItem(pk, s);
            while (true) {
                if (best != null) {
                    end = Math.min(end, settleBy);
                }
                long left = end - System.nanoTime();
                Object ev = left <= 0 ? null : q.poll(left, TimeUnit.NANOSECONDS);
                if (ev == null) {
                    break;
                }
                if (ev instanceof MutableItem item) {
                    ChannelPointer p = verifiedPointer(pk, s, item);
                    if (p != null && best == null) {
                        settleBy = System.nanoTime() + (config.mode() == NetworkConfig.Mode.LOOPBACK
                                ? SETTLE_AFTER_FIRST_LOOPBACK : SETTLE_AFTER_FIRST).toNanos();
                    }
                    if (p != null && (best == null || p.generation() > best.generation())) {
                        best = p;
                    }
                    if (item.authoritative()) {
                        authoritative = true;
                        break;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            unsubscribe(key, q);
        }
        return new Lookup(best, authoritative, askedNodes);
    }

    /** How long a lookup waits for a first node in an empty routing table (a session whose bootstrap is not done). */
    private static final Duration FIRST_NODE_WAIT = Duration.ofSeconds(2);

    /**
     * Whether the routing table holds a node, waiting briefly for one when bootstrap nodes are configured: with none,
     * libtorrent asks nobody and answers at once, authoritatively, that the item does not exist.
     */
    private boolean awaitFirstNode(long deadlineNanos) {
        int n = routingTableSize(Duration.ofMillis(500));
        long end = Math.min(deadlineNanos, System.nanoTime() + FIRST_NODE_WAIT.toNanos());
        while (n <= 0 && !config.bootstrap().isEmpty() && System.nanoTime() < end) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            n = routingTableSize(Duration.ofMillis(500));
        }
        return n > 0;
    }

    /** libtorrent checks signatures too; checking again costs microseconds and does not depend on it. */
    private static ChannelPointer verifiedPointer(byte[] pk, byte[] salt, MutableItem item) {
        if (item.value() == null || item.seq() <= 0 || item.signature() == null) {
            return null;
        }
        byte[] signed = PointerCodec.signedBytes(salt, item.seq(), item.value());
        if (!Ed25519.verify(item.signature(), signed, pk)) {
            LOG.debug("ignored DHT item with a bad signature for {}", HexFormat.of().formatHex(pk));
            return null;
        }
        return PointerCodec.decode(item.value()).orElse(null);
    }

    /**
     * Summed from each torrent's status, which libtorrent answers on the spot. Not
     * {@code SessionManager.totalUpload()}: libtorrent4j refreshes that from a session-stats alert it asks
     * for about once a second, so it lags the transfers by up to a second.
     */
    @Override
    public long uploadedBytes() {
        ensureOpen();
        long total = 0;
        for (TorrentHandle th : handle().torrents()) {
            if (th.isValid()) {
                total += th.status().totalUpload();
            }
        }
        return total;
    }

    private SessionHandle handle() {
        if (session.swig() == null) {
            throw new IllegalStateException("peer node " + address + " is closed");
        }
        return new SessionHandle(session.swig());
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("peer node " + address + " is closed");
        }
    }

    /** Stops the session (libtorrent4j sleeps ~750 ms in stop; close nodes in parallel). */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            executor.shutdownNow();
            session.stop();
        }
    }

    @Override
    public String toString() {
        return "PeerNode[" + address + ", " + config.mode() + ", " + workDir + "]";
    }
}
