package org.caravan.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code caravan mirror info|upload|missing|download} against a real bearer-token HTTP server on 127.0.0.1. */
class StorageCommandTest {
    @TempDir
    Path tmp;
    HttpServer server;
    Path served;
    String url;

    @BeforeEach
    void start() throws IOException {
        served = Files.createDirectories(tmp.resolve("served"));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/m/", this::handle);
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/m/";
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"Bearer tok123".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.sendResponseHeaders(401, -1);
                return;
            }
            Path f = served.resolve(ex.getRequestURI().getPath().substring(3));
            switch (ex.getRequestMethod()) {
                case "PUT" -> {
                    try (InputStream in = ex.getRequestBody()) {
                        Files.copy(in, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                    ex.sendResponseHeaders(201, -1);
                }
                case "HEAD" -> ex.sendResponseHeaders(Files.exists(f) ? 200 : 404, -1);
                default -> {
                    if (!Files.exists(f)) {
                        ex.sendResponseHeaders(404, -1);
                        return;
                    }
                    ex.sendResponseHeaders(200, Files.size(f));
                    try (OutputStream out = ex.getResponseBody()) {
                        Files.copy(f, out);
                    }
                }
            }
        }
    }

    @Test
    void mirrorsFilesBehindAToken() throws IOException {
        Path token = Files.writeString(tmp.resolve("token"), "tok123\n");
        Path wrong = Files.writeString(tmp.resolve("wrong"), "nope\n");
        Path a = Files.writeString(tmp.resolve("a.car"), "package a");
        Path b = Files.writeString(tmp.resolve("b.car"), "package b");
        String t = token.toString();
        Cli info = Cli.run("mirror", "info", "--url", url, "--token-file", t);
        assertEquals(0, info.exit, info.toString());
        assertEquals("http-bearer 1 at " + url + " (upload, download, missing, info)\n", info.out);
        assertEquals("a.car\nb.car\n", Cli.run("mirror", "missing", "--url", url, "--token-file", t, a.toString(),
                b.toString()).out);
        assertEquals(0, Cli.run("mirror", "upload", "--url", url, "--token-file", t, a.toString()).exit);
        assertEquals("b.car\n", Cli.run("mirror", "missing", "--url", url, "--token-file", t, a.toString(),
                b.toString()).out);
        Cli down = Cli.run("mirror", "download", "--url", url, "--token-file", t, "a.car", "--to",
                tmp.resolve("down").toString());
        assertEquals(0, down.exit, down.toString());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(tmp.resolve("down/a.car")));
        Cli refused = Cli.run("mirror", "upload", "--url", url, "--token-file", wrong.toString(), b.toString());
        assertEquals(1, refused.exit, refused.toString());
        assertTrue(refused.err.contains("the storage refused the token (HTTP 401)"), refused.err);
    }
}
