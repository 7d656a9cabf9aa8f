package org.caravan.core.net;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plain HTTP mirror on 127.0.0.1 for BEP 19 tests: serves the files of one folder under {@code /files/},
 * with single-range {@code Range: bytes=a-b} requests answered 206 as web seeds need, and records every
 * request ({@code "GET /files/x.car bytes=0-799"}) so a test sees what libtorrent asked for.
 */
public final class MirrorServer implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

    private final HttpServer server;
    private final Path root;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private MirrorServer(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/files/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "mirror-server");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public static MirrorServer serve(Path root) throws IOException {
        return new MirrorServer(root);
    }

    /** {@code http://127.0.0.1:PORT/files/NAME}. */
    public String url(String fileName) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/files/" + fileName;
    }

    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String name = ex.getRequestURI().getPath().substring("/files/".length());
            String range = ex.getRequestHeaders().getFirst("Range");
            requests.add(ex.getRequestMethod() + " /files/" + name + (range == null ? "" : " " + range));
            Path file = root.resolve(name).normalize();
            if (!file.getParent().equals(root) || !Files.isRegularFile(file)) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            long size = Files.size(file);
            long from = 0;
            long to = size - 1;
            int status = 200;
            if (range != null) {
                Matcher m = RANGE.matcher(range.trim());
                if (!m.matches()) {
                    ex.sendResponseHeaders(416, -1);
                    return;
                }
                from = Long.parseLong(m.group(1));
                to = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
                if (from > to) {
                    ex.getResponseHeaders().add("Content-Range", "bytes */" + size);
                    ex.sendResponseHeaders(416, -1);
                    return;
                }
                status = 206;
                ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + to + "/" + size);
            }
            long length = to - from + 1;
            ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
            ex.getResponseHeaders().add("Accept-Ranges", "bytes");
            if (ex.getRequestMethod().equals("HEAD")) {
                ex.sendResponseHeaders(status, -1);
                return;
            }
            ex.sendResponseHeaders(status, length);
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r"); OutputStream out = ex.getResponseBody()) {
                raf.seek(from);
                byte[] buf = new byte[64 * 1024];
                long left = length;
                while (left > 0) {
                    int n = raf.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) {
                        break;
                    }
                    out.write(buf, 0, n);
                    left -= n;
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
