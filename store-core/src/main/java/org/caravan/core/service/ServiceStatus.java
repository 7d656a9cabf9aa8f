package org.caravan.core.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** What the service of a home says about itself; {@code commands} is false for a window serving without the CLI. */
public record ServiceStatus(long pid, Path home, Instant since, boolean commands) {

    /** Asks the service of {@code home}; empty when none answers. */
    public static Optional<ServiceStatus> of(Path home) {
        try {
            ObjectNode m = ask(home, Wire.request("status"));
            if (m == null || !m.get("type").asText().equals("status")) {
                return Optional.empty();
            }
            return Optional.of(new ServiceStatus(m.path("pid").asLong(), Path.of(m.path("home").asText()),
                    Instant.parse(m.path("since").asText()), m.path("commands").asBoolean()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Asks the service of {@code home} to stop and waits until it has let the home go (its lock free).
     *
     * @throws IOException when it has not within {@code timeout}
     */
    public static void stop(Path home, Duration timeout) throws IOException, InterruptedException {
        ask(home, Wire.request("stop"));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<HomeLock> free = HomeLock.tryAcquire(home);
            if (free.isPresent()) {
                free.get().close();
                return;
            }
            Thread.sleep(50);
        }
        throw new IOException("the Caravan service of " + home + " (" + HomeLock.holder(home) + ") did not stop within "
                + timeout.toSeconds() + " s; stop it with kill");
    }

    private static ObjectNode ask(Path home, ObjectNode request) throws IOException {
        Optional<SocketChannel> ch = ServiceSocket.connect(home);
        if (ch.isEmpty()) {
            return null;
        }
        try (SocketChannel c = ch.get()) {
            Writer out = new OutputStreamWriter(ChannelStreams.out(c), StandardCharsets.UTF_8);
            Wire.send(out, request);
            return Wire.receive(new BufferedReader(new InputStreamReader(ChannelStreams.in(c), StandardCharsets.UTF_8)));
        }
    }
}
