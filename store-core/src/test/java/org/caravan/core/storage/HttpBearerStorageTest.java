package org.caravan.core.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP bearer-token storage plugin against a real HTTP server on 127.0.0.1 that keeps files in a folder and
 * answers 401 to any other token: upload, list missing, download whole, and each refusal named.
 */
class HttpBearerStorageTest {
    static final String TOKEN = "s3cr3t-token";
    @TempDir
    Path tmp;
    HttpServer server;
    Path served;
    URI base;

    @BeforeEach
    void start() throws IOException {
        served = Files.createDirectories(tmp.resolve("served"));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/mirror/", this::handle);
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mirror");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!("Bearer " + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.sendResponseHeaders(401, -1);
                return;
            }
            String name = ex.getRequestURI().getPath().substring("/mirror/".length());
            Path f = served.resolve(name);
            switch (ex.getRequestMethod()) {
                case "PUT" -> {
                    try (InputStream in = ex.getRequestBody()) {
                        Files.copy(in, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                    ex.sendResponseHeaders(201, -1);
                }
                case "HEAD" -> ex.sendResponseHeaders(Files.exists(f) ? 200 : 404, -1);
                case "GET" -> {
                    if (!Files.exists(f)) {
                        ex.sendResponseHeaders(404, -1);
                        return;
                    }
                    ex.sendResponseHeaders(200, Files.size(f));
                    try (OutputStream out = ex.getResponseBody()) {
                        Files.copy(f, out);
                    }
                }
                default -> ex.sendResponseHeaders(405, -1);
            }
        }
    }

    @Test
    void uploadsListsMissingAndDownloadsWhole() throws IOException {
        HttpBearerStorage s = new HttpBearerStorage(base, TOKEN, Duration.ofSeconds(20));
        assertEquals(new StorageInfo("http-bearer", "1", base + "/", List.of("upload", "download", "missing", "info")),
                s.info());
        assertFalse(s.info().toString().contains(TOKEN), "the info shows the token");
        byte[] data = new byte[3 * 1024 * 1024 + 7];
        new Random(5).nextBytes(data);
        Path car = Files.write(tmp.resolve("org.example.paid-1.0.0.car"), data);
        Path gen = Files.write(tmp.resolve("generation-3.cgen"), new byte[] {1, 2, 3});
        assertEquals(List.of(car.getFileName().toString(), "generation-3.cgen"),
                s.missing(List.of(car.getFileName().toString(), "generation-3.cgen")));
        s.upload(car);
        s.upload(gen);
        assertArrayEquals(data, Files.readAllBytes(served.resolve(car.getFileName())));
        assertEquals(List.of("generation-4.cgen"),
                s.missing(List.of(car.getFileName().toString(), "generation-3.cgen", "generation-4.cgen")));
        Path got = s.download(car.getFileName().toString(), tmp.resolve("down"), data.length);
        assertArrayEquals(data, Files.readAllBytes(got));
    }

    @Test
    void refusalsNameTheFileAndTheReason() throws IOException {
        Files.write(served.resolve("big.car"), new byte[10_000]);
        HttpBearerStorage wrong = new HttpBearerStorage(base, "not-the-token", Duration.ofSeconds(20));
        StorageException e = assertThrows(StorageException.class,
                () -> wrong.download("big.car", tmp.resolve("d"), 20_000));
        assertTrue(e.getMessage().contains("download of " + base + "/big.car: the storage refused the token (HTTP 401)"),
                e.getMessage());
        assertThrows(StorageException.class, () -> wrong.missing(List.of("big.car")));

        HttpBearerStorage s = new HttpBearerStorage(base, TOKEN, Duration.ofSeconds(20));
        StorageException absent = assertThrows(StorageException.class,
                () -> s.download("none.car", tmp.resolve("d"), 20_000));
        assertTrue(absent.getMessage().contains("it is not there (HTTP 404)"), absent.getMessage());
        StorageException endless = assertThrows(StorageException.class,
                () -> s.download("big.car", tmp.resolve("d"), 5_000));
        assertTrue(endless.getMessage().contains("more than 5000 bytes"), endless.getMessage());
        try (Stream<Path> left = Files.list(tmp.resolve("d"))) {
            assertEquals(0, left.count(), "a refused download left a file");
        }
        assertThrows(IllegalArgumentException.class, () -> s.download("../escape", tmp.resolve("d"), 10));
        IllegalArgumentException clear = assertThrows(IllegalArgumentException.class,
                () -> new HttpBearerStorage(URI.create("http://mirror.example.org/x"), TOKEN, Duration.ofSeconds(1)));
        assertTrue(clear.getMessage().contains("the token would travel in the clear; use https"), clear.getMessage());
    }
}
