package org.caravan.core.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.caravan.core.client.ClientEvent;
import org.caravan.core.client.ClientService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket side of a served home: accepts connections on {@code HOME/service.sock} and answers each one's
 * request (docs/protocol.md, "The local channel") on a thread of its own, so any number of commands, windows
 * and watchers use the home at once.
 */
final class ServiceEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceEndpoint.class);

    private final Path home;
    private final Path socket;
    private final ClientService client;
    private final CommandRunner runner;
    private final Runnable onStop;
    private final Instant since = Instant.now();
    private final ServerSocketChannel server;
    private final ExecutorService connections;
    private final Thread acceptor;
    private volatile boolean closed;

    ServiceEndpoint(Path home, ClientService client, CommandRunner runner, Runnable onStop) throws IOException {
        this.home = home.toAbsolutePath();
        this.socket = ServiceSocket.path(this.home);
        this.client = client;
        this.runner = runner;
        this.onStop = onStop;
        this.server = bind(this.home, socket);
        AtomicInteger n = new AtomicInteger();
        this.connections = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "caravan-service-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::acceptLoop, "caravan-service-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Binds the socket under a temporary name, narrows it to mode 600 and only then moves it to its place, so that
     * it is never reachable with a wider mode. A socket file already there is stale: the caller holds the home's
     * lock, so no live service owns it (one that still answers is named rather than replaced).
     */
    private static ServerSocketChannel bind(Path home, Path socket) throws IOException {
        if (Files.exists(socket)) {
            var live = ServiceSocket.connect(home);
            if (live.isPresent()) {
                live.get().close();
                throw new IOException("a process answers on " + socket + " although " + home.resolve(HomeLock.FILE)
                        + " is not locked; stop it, or delete the socket if it is not Caravan's");
            }
            LOG.info("replacing the stale socket {} left by a service that ended without removing it", socket);
            Files.delete(socket);
        }
        Path fresh = home.resolve(ServiceSocket.FILE + ".new");
        Files.deleteIfExists(fresh);
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.bind(UnixDomainSocketAddress.of(fresh));
            Files.setPosixFilePermissions(fresh, PosixFilePermissions.fromString("rw-------"));
            Files.move(fresh, socket, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            ch.close();
            Files.deleteIfExists(fresh);
            throw new IOException("cannot listen on " + socket + ": " + e.getMessage(), e);
        }
        return ch;
    }

    Path socket() {
        return socket;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel ch = server.accept();
                connections.execute(() -> serve(ch));
            } catch (IOException | java.util.concurrent.RejectedExecutionException e) {
                if (!closed) {
                    LOG.warn("the service socket failed: {}", e.toString());
                }
                return;
            }
        }
    }

    private void serve(SocketChannel ch) {
        try (ch) {
            BufferedReader in = new BufferedReader(new InputStreamReader(ChannelStreams.in(ch), StandardCharsets.UTF_8));
            Writer out = new OutputStreamWriter(ChannelStreams.out(ch), StandardCharsets.UTF_8);
            ObjectNode request;
            try {
                request = Wire.receive(in);
            } catch (IOException e) {
                Wire.send(out, error(e.getMessage()));
                return;
            }
            if (request == null) {
                return;
            }
            int v = request.path("v").asInt(0);
            if (v != Wire.VERSION) {
                Wire.send(out, error("this service speaks version " + Wire.VERSION + " of the local channel, not "
                        + v + "; run the same Caravan version as the service, or restart it: caravan client service stop"));
                return;
            }
            String type = request.get("type").asText();
            switch (type) {
                case "status" -> Wire.send(out, status());
                case "stop" -> {
                    Wire.send(out, Wire.message("stopping"));
                    Thread t = new Thread(onStop, "caravan-service-stop");
                    t.start();
                }
                case "command" -> command(request, in, out);
                case "call" -> RemoteCalls.answer(client, request, in, out);
                case "events" -> events(in, out);
                default -> Wire.send(out, error("no request of type '" + type + "' in version " + Wire.VERSION
                        + " of the local channel (status, stop, command, call, events)"));
            }
        } catch (IOException e) {
            LOG.debug("a connection to the service ended: {}", e.toString());
        } catch (RuntimeException e) {
            LOG.warn("a request to the service failed", e);
        }
    }

    static ObjectNode error(String message) {
        ObjectNode n = Wire.message("error");
        n.put("message", message);
        return n;
    }

    private ObjectNode status() {
        ObjectNode n = Wire.message("status");
        n.put("pid", ProcessHandle.current().pid());
        n.put("home", home.toString());
        n.put("since", since.toString());
        n.put("commands", runner != null);
        return n;
    }

    /** Runs a forwarded command line; if the caller hangs up (Ctrl-C), the command's thread is interrupted. */
    private void command(ObjectNode request, BufferedReader in, Writer out) throws IOException {
        if (runner == null) {
            Wire.send(out, error("the process serving " + home + " (pid " + ProcessHandle.current().pid()
                    + ") was started without the command line and cannot run commands; start the window with "
                    + "caravan gui, or close it and run the command again"));
            return;
        }
        List<String> argv = new ArrayList<>();
        request.path("argv").forEach(a -> argv.add(a.asText()));
        CommandRunner.CommandRequest req = new CommandRunner.CommandRequest(argv, request.path("tty").asBoolean(false),
                request.path("width").asInt(80));
        Thread worker = Thread.currentThread();
        boolean[] done = new boolean[1];
        Thread hangUp = new Thread(() -> {
            try {
                while (in.readLine() != null) {
                    // the caller sends nothing more; the end of its stream is what matters
                }
            } catch (IOException e) {
                // closed: the same as a hang-up
            }
            synchronized (out) {
                if (!done[0]) {
                    worker.interrupt();
                }
            }
        }, "caravan-service-hangup");
        hangUp.setDaemon(true);
        hangUp.start();
        PrintWriter o = new PrintWriter(new FrameWriter(out, "out"), true);
        PrintWriter e = new PrintWriter(new FrameWriter(out, "err"), true);
        int code;
        try {
            code = runner.run(req, client, o, e, (command, dir) -> {
                ObjectNode x = Wire.message("exec");
                ArrayNode c = x.putArray("command");
                command.forEach(c::add);
                x.put("directory", dir.toString());
                Wire.send(out, x);
            });
        } finally {
            synchronized (out) {
                done[0] = true;
            }
            Thread.interrupted(); // a hang-up's interrupt must not outlive the command on this pooled thread
        }
        o.flush();
        e.flush();
        ObjectNode exit = Wire.message("exit");
        exit.put("code", code);
        Wire.send(out, exit);
    }

    /** Streams every event of the home to one watcher until it hangs up. */
    private void events(BufferedReader in, Writer out) throws IOException {
        LinkedBlockingQueue<ClientEvent> queue = new LinkedBlockingQueue<>(10_000);
        Runnable remove = client.addEventListener(queue::offer);
        Thread reader = Thread.currentThread();
        Thread hangUp = new Thread(() -> {
            try {
                while (in.readLine() != null) {
                    // nothing expected
                }
            } catch (IOException e) {
                // closed
            }
            reader.interrupt();
        }, "caravan-service-watch");
        hangUp.setDaemon(true);
        hangUp.start();
        try {
            Wire.send(out, Wire.message("watching"));
            while (!closed) {
                ClientEvent ev = queue.poll(1, TimeUnit.SECONDS);
                if (ev != null) {
                    ObjectNode n = Wire.message("event");
                    n.set("event", Wire.event(ev));
                    Wire.send(out, n);
                }
            }
        } catch (InterruptedException e) {
            // the watcher hung up
        } finally {
            remove.run();
            Thread.interrupted();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing the service socket: {}", e.toString());
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", socket, e.getMessage());
        }
        connections.shutdownNow();
        try {
            connections.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Text a command prints, sent as {@code out}/{@code err} frames each time its writer is flushed. */
    private static final class FrameWriter extends Writer {
        private final Writer socket;
        private final String type;
        private final StringBuilder buffer = new StringBuilder();

        FrameWriter(Writer socket, String type) {
            this.socket = socket;
            this.type = type;
        }

        @Override
        public synchronized void write(char[] cbuf, int off, int len) {
            buffer.append(cbuf, off, len);
        }

        @Override
        public synchronized void flush() throws IOException {
            if (buffer.length() > 0) {
                ObjectNode n = Wire.message(type);
                n.put("text", buffer.toString());
                buffer.setLength(0);
                Wire.send(socket, n);
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
