package org.caravan.core.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Storage over HTTP(S) with a bearer token: {@code PUT BASE/NAME} uploads, {@code GET BASE/NAME} downloads,
 * {@code HEAD BASE/NAME} tells whether a file is there (200) or missing (404). Every request carries
 * {@code Authorization: Bearer TOKEN}. Plain {@code http://} is refused except to a loopback address, so a token
 * never crosses a network in the clear.
 */
public final class HttpBearerStorage implements StoragePlugin {
    public static final String NAME = "http-bearer";
    public static final String VERSION = "1";
    private final URI base;
    private final String token;
    private final Duration timeout;
    private final HttpClient http;

    public HttpBearerStorage(URI base, String token, Duration timeout) {
        if (base == null || base.getHost() == null
                || !("https".equals(base.getScheme()) || "http".equals(base.getScheme()))) {
            throw new IllegalArgumentException("storage URL " + base + " is not an http(s) URL with a host");
        }
        if ("http".equals(base.getScheme()) && !loopback(base.getHost())) {
            throw new IllegalArgumentException("storage URL " + base + " is plain http to a non-loopback host: the "
                    + "token would travel in the clear; use https");
        }
        if (token == null || token.isBlank() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException("the storage token for " + base + " is empty or holds spaces or "
                    + "control characters");
        }
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b : b + "/");
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** By the name alone, never by a DNS lookup (which would itself leave the machine). */
    private static boolean loopback(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost") || h.equals("::1")) {
            return true;
        }
        if (!h.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress(); // a literal: parsed, not looked up
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public StorageInfo info() {
        return new StorageInfo(NAME, VERSION, base.toString(), List.of("upload", "download", "missing", "info"));
    }

    private URI uri(String name) {
        if (name == null || name.isEmpty() || name.length() > 255 || !name.matches("[A-Za-z0-9._+-]+")
                || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("'" + name + "' is not a plain file name (letters, digits, . _ + -)");
        }
        return base.resolve(name);
    }

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(timeout).header("Authorization", "Bearer " + token);
    }

    private StorageException refused(String what, URI uri, int status) {
        String why = switch (status) {
            case 401, 403 -> "the storage refused the token (HTTP " + status + "); check the token file";
            case 404 -> "it is not there (HTTP 404)";
            case 413 -> "it is too large for the storage (HTTP 413)";
            default -> "HTTP " + status;
        };
        return new StorageException(what + " " + uri + ": " + why);
    }

    @Override
    public void upload(Path file) throws IOException {
        URI uri = uri(file.getFileName().toString());
        HttpResponse<Void> r = send(request(uri).PUT(HttpRequest.BodyPublishers.ofFile(file)).build(),
                HttpResponse.BodyHandlers.discarding(), "upload of " + file + " to");
        if (r.statusCode() / 100 != 2) {
            throw refused("upload of " + file + " to", uri, r.statusCode());
        }
    }

    @Override
    public Path download(String name, Path targetDir, long maxBytes) throws IOException {
        URI uri = uri(name);
        HttpResponse<InputStream> r = send(request(uri).GET().build(), HttpResponse.BodyHandlers.ofInputStream(),
                "download of");
        try (InputStream in = r.body()) {
            if (r.statusCode() != 200) {
                throw refused("download of", uri, r.statusCode());
            }
            Files.createDirectories(targetDir);
            Path tmp = Files.createTempFile(targetDir, ".download-", ".tmp");
            try {
                long total = 0;
                byte[] buf = new byte[1 << 16];
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        total += n;
                        if (total > maxBytes) {
                            throw new StorageException("download of " + uri + " refused: more than " + maxBytes
                                    + " bytes (the size expected)");
                        }
                        out.write(buf, 0, n);
                    }
                }
                Path target = targetDir.resolve(name);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return target;
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }

    @Override
    public List<String> missing(Collection<String> names) throws IOException {
        List<String> out = new ArrayList<>();
        for (String name : names) {
            URI uri = uri(name);
            HttpResponse<Void> r = send(request(uri).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding(), "check of");
            if (r.statusCode() == 404) {
                out.add(name);
            } else if (r.statusCode() != 200) {
                throw refused("check of", uri, r.statusCode());
            }
        }
        return out;
    }

    private <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> body, String what)
            throws IOException {
        try {
            return http.send(req, body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException(what + " " + req.uri() + " interrupted", e);
        } catch (IOException e) {
            throw new StorageException(what + " " + req.uri() + " failed: " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()) + " (is the storage reachable?)", e);
        }
    }
}
