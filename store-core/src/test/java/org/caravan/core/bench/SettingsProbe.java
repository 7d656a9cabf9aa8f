package org.caravan.core.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.caravan.core.net.LoopbackSettings;
import org.caravan.core.net.NativeLibrary;
import org.libtorrent4j.AddTorrentParams;
import org.libtorrent4j.ErrorCode;
import org.libtorrent4j.SessionHandle;
import org.libtorrent4j.SessionManager;
import org.libtorrent4j.SessionParams;
import org.libtorrent4j.SettingsPack;
import org.libtorrent4j.TcpEndpoint;
import org.libtorrent4j.TorrentFlags;
import org.libtorrent4j.TorrentHandle;
import org.libtorrent4j.TorrentInfo;
import org.libtorrent4j.TorrentStatus;
import org.libtorrent4j.swig.error_code;
import org.libtorrent4j.swig.settings_pack.bool_types;
import org.libtorrent4j.swig.settings_pack.int_types;

/**
 * Where the download time goes, without touching core/net: two raw libtorrent sessions on 127.0.0.1
 * (no DHT, no discovery: the leecher is told the seeder's address), started with Caravan's loopback
 * settings plus one candidate change at a time, timing the data transfer of one file. Not a product
 * path; it exists to back the settings proposed for {@code SessionSettingsFactory} with numbers.
 *
 * <p>Usage: {@code SettingsProbe FILE WORKDIR [PIECE_KIB]}
 */
public final class SettingsProbe {
    private static final long TIMEOUT_NS = Duration.ofMinutes(3).toNanos();

    private SettingsProbe() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: SettingsProbe FILE WORKDIR [PIECE_KIB]");
            System.exit(2);
        }
        Path file = Path.of(args[0]).toAbsolutePath();
        Path work = Files.createDirectories(Path.of(args[1]).toAbsolutePath());
        int pieceKib = args.length > 2 ? Integer.parseInt(args[2]) : 1024;
        NativeLibrary.ensureLoaded();
        byte[] torrent = torrent(file, pieceKib * 1024);
        long bytes = Files.size(file);

        Map<String, Consumer<SettingsPack>> variants = new LinkedHashMap<>();
        variants.put("Caravan loopback settings (as in SessionSettingsFactory)", sp -> { });
        variants.put("+ send_buffer_watermark 8 MiB, low 1 MiB, factor 150", sp -> {
            sp.setInteger(int_types.send_buffer_watermark.swigValue(), 8 << 20);
            sp.setInteger(int_types.send_buffer_low_watermark.swigValue(), 1 << 20);
            sp.setInteger(int_types.send_buffer_watermark_factor.swigValue(), 150);
        });
        variants.put("+ max_queued_disk_bytes 16 MiB", sp ->
                sp.setInteger(int_types.max_queued_disk_bytes.swigValue(), 16 << 20));
        variants.put("+ max_out_request_queue 1500, request_queue_time 10", sp -> {
            sp.setInteger(int_types.max_out_request_queue.swigValue(), 1500);
            sp.setInteger(int_types.request_queue_time.swigValue(), 10);
        });
        variants.put("+ aio_threads 4, hashing_threads 2", sp -> {
            sp.setInteger(int_types.aio_threads.swigValue(), 4);
            sp.setInteger(int_types.hashing_threads.swigValue(), 2);
        });
        variants.put("all of the above", sp -> {
            sp.setInteger(int_types.send_buffer_watermark.swigValue(), 8 << 20);
            sp.setInteger(int_types.send_buffer_low_watermark.swigValue(), 1 << 20);
            sp.setInteger(int_types.send_buffer_watermark_factor.swigValue(), 150);
            sp.setInteger(int_types.max_queued_disk_bytes.swigValue(), 16 << 20);
            sp.setInteger(int_types.max_out_request_queue.swigValue(), 1500);
            sp.setInteger(int_types.request_queue_time.swigValue(), 10);
            sp.setInteger(int_types.aio_threads.swigValue(), 4);
            sp.setInteger(int_types.hashing_threads.swigValue(), 2);
        });
        System.out.printf(Locale.ROOT, "piece size %d KiB, file %d bytes%n", pieceKib, bytes);
        System.out.println("| settings (both sessions) | data transfer | rate |");
        System.out.println("|---|---:|---:|");
        int i = 0;
        for (Map.Entry<String, Consumer<SettingsPack>> v : variants.entrySet()) {
            Duration took = transfer(file, torrent, work.resolve("v" + i++), v.getValue());
            System.out.printf(Locale.ROOT, "| %s | %s | %.0f MiB/s |%n", v.getKey(), Figure.seconds(took),
                    Figure.rate(bytes, took));
        }
        System.exit(0);
    }

    /** Caravan's loopback settings (SessionSettingsFactory), with the DHT off: the peer is given directly. */
    static SettingsPack loopback() {
        SettingsPack sp = LoopbackSettings.get();
        sp.setBoolean(bool_types.enable_dht.swigValue(), false);
        return sp;
    }

    private static Duration transfer(Path file, byte[] torrent, Path dir, Consumer<SettingsPack> change)
            throws IOException, InterruptedException {
        SessionManager seeder = start(change);
        SessionManager leecher = start(change);
        try {
            int port = new SessionHandle(seeder.swig()).getListenPort();
            AddTorrentParams sp = new AddTorrentParams();
            sp.setTorrentInfo(new TorrentInfo(torrent));
            sp.setSavePath(file.getParent().toString());
            sp.setFlags(sp.getFlags().and_(TorrentFlags.PAUSED.inv()).and_(TorrentFlags.AUTO_MANAGED.inv())
                    .or_(TorrentFlags.SEED_MODE));
            add(seeder, sp);
            Files.createDirectories(dir);
            AddTorrentParams lp = new AddTorrentParams();
            lp.setTorrentInfo(new TorrentInfo(torrent));
            lp.setSavePath(dir.toString());
            lp.setFlags(lp.getFlags().and_(TorrentFlags.PAUSED.inv()).and_(TorrentFlags.AUTO_MANAGED.inv()));
            long t0 = System.nanoTime();
            TorrentHandle th = add(leecher, lp);
            th.swig().connect_peer(new TcpEndpoint("127.0.0.1", port).swig());
            while (true) {
                // Forced: the plain status() is a copy up to 500 ms old, which would add up to 0.5 s to each row.
                TorrentStatus st = th.status(true);
                if (st.isFinished() || st.isSeeding()) {
                    break;
                }
                if (System.nanoTime() - t0 > TIMEOUT_NS) {
                    throw new IOException("probe transfer into " + dir + " timed out at " + st.totalWantedDone() + " bytes");
                }
                Thread.sleep(20);
            }
            return Duration.ofNanos(System.nanoTime() - t0);
        } finally {
            List<Thread> stops = new ArrayList<>();
            for (SessionManager s : List.of(seeder, leecher)) {
                Thread t = new Thread(s::stop);
                t.start();
                stops.add(t);
            }
            for (Thread t : stops) {
                t.join();
            }
            deleteTree(dir);
        }
    }

    private static SessionManager start(Consumer<SettingsPack> change) throws InterruptedException {
        SettingsPack sp = loopback();
        change.accept(sp);
        SessionParams params = new SessionParams(sp);
        params.setPosixDiskIO();
        SessionManager s = new SessionManager(false);
        s.start(params);
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (new SessionHandle(s.swig()).getListenPort() == 0 && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        return s;
    }

    private static TorrentHandle add(SessionManager s, AddTorrentParams p) throws IOException {
        ErrorCode ec = new ErrorCode(new error_code());
        TorrentHandle th = new SessionHandle(s.swig()).addTorrent(p, ec);
        if (ec.isError() || th == null || !th.isValid()) {
            throw new IOException("libtorrent refused the probe torrent: " + ec.getMessage());
        }
        return th;
    }

    /** A v1 single-file .torrent: {info: {length, name, piece length, pieces}} (SHA-1 per piece). */
    static byte[] torrent(Path file, int pieceLength) throws Exception {
        long length = Files.size(file);
        ByteArrayOutputStream pieces = new ByteArrayOutputStream();
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        byte[] buf = new byte[pieceLength];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.readNBytes(buf, 0, pieceLength)) > 0; ) {
                sha1.update(buf, 0, n);
                pieces.write(sha1.digest());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] name = file.getFileName().toString().getBytes(StandardCharsets.UTF_8);
        out.write("d4:infod6:lengthi".getBytes(StandardCharsets.US_ASCII));
        out.write((length + "e4:name" + name.length + ":").getBytes(StandardCharsets.US_ASCII));
        out.write(name);
        out.write(("12:piece lengthi" + pieceLength + "e6:pieces" + pieces.size() + ":").getBytes(StandardCharsets.US_ASCII));
        out.write(pieces.toByteArray());
        out.write("ee".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
