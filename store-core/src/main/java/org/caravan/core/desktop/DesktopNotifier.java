package org.caravan.core.desktop;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.caravan.core.client.ClientEvent;
import org.caravan.core.client.ClientService;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the person at the desktop, through the freedesktop notification service on the D-Bus session bus, when
 * an installed app turns spurious (its signer revoked, its trust lost): the one event that should reach them
 * even with no Caravan window open. Started by whoever hosts a client for long (the per-user service, the
 * window) with {@link #attach(ClientService)}; closed with it.
 * <p>
 * Without a session bus (no {@code DBUS_SESSION_BUS_ADDRESS}: a server, a container, CI) or when the bus cannot
 * be reached, it does nothing and says so at debug level only: the same news is on {@code client sync}'s
 * output, in {@code client list} and in the window. The D-Bus call runs on a thread of its own, so a slow or
 * absent notification daemon never holds up the sync that caused the event.
 */
public final class DesktopNotifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DesktopNotifier.class);
    /** The environment variable that names the session bus (set by the desktop session). */
    public static final String SESSION_BUS_VARIABLE = "DBUS_SESSION_BUS_ADDRESS";
    private static final String APP_NAME = "Caravan";
    /** Urgency hint of the specification: 2 is critical (stays until dismissed on most desktops). */
    private static final byte CRITICAL = 2;
    /** A stale bus address must not hold up the start of the client's host for long (dbus-java waits 10 s). */
    private static final java.time.Duration CONNECT_TIMEOUT = java.time.Duration.ofSeconds(2);

    /** What one notification says. */
    public record Note(String summary, String body) {}

    private final DBusConnection bus;
    private final Notifications service;
    private final Runnable detach;
    private final ExecutorService sender;

    private DesktopNotifier(DBusConnection bus, Notifications service, ClientService client) {
        this.bus = bus;
        this.service = service;
        this.sender = bus == null ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "caravan-desktop-notifier");
            t.setDaemon(true);
            return t;
        });
        this.detach = bus == null ? () -> { } : client.addEventListener(this::onEvent);
    }

    /** Attaches to {@code client} on the session bus that {@code DBUS_SESSION_BUS_ADDRESS} names, if any. */
    public static DesktopNotifier attach(ClientService client) {
        return attach(client, System.getenv(SESSION_BUS_VARIABLE));
    }

    /**
     * Attaches to {@code client} on the bus at {@code busAddress} (a D-Bus address such as
     * {@code unix:path=/run/user/1000/bus}); null or blank, or a bus that does not answer, gives a notifier that
     * stays quiet.
     */
    public static DesktopNotifier attach(ClientService client, String busAddress) {
        if (busAddress == null || busAddress.isBlank()) {
            LOG.debug("no desktop notifications: {} is not set (no session bus)", SESSION_BUS_VARIABLE);
            return new DesktopNotifier(null, null, client);
        }
        java.util.Optional<java.nio.file.Path> socket = socketPath(busAddress);
        if (socket.isPresent() && !java.nio.file.Files.exists(socket.get())) {
            LOG.debug("no desktop notifications: the session bus socket {} does not exist", socket.get());
            return new DesktopNotifier(null, null, client);
        }
        DBusConnection bus = null;
        try {
            bus = DBusConnectionBuilder.forAddress(busAddress).withShared(false)
                    .transportConfig().withTimeout((int) CONNECT_TIMEOUT.toMillis()).back().build();
            Notifications service = bus.getRemoteObject(Notifications.BUS_NAME, Notifications.OBJECT_PATH,
                    Notifications.class);
            return new DesktopNotifier(bus, service, client);
        } catch (DBusException | RuntimeException e) {
            LOG.debug("no desktop notifications: cannot use the session bus {}: {}", busAddress, e.toString());
            if (bus != null) {
                bus.disconnect();
            }
            return new DesktopNotifier(null, null, client);
        }
    }

    /** The socket file of a {@code unix:path=FILE[,key=value...]} address (the usual session bus), if it is one. */
    static java.util.Optional<java.nio.file.Path> socketPath(String busAddress) {
        String first = busAddress.split(";", 2)[0];
        if (!first.startsWith("unix:")) {
            return java.util.Optional.empty();
        }
        for (String kv : first.substring("unix:".length()).split(",")) {
            if (kv.startsWith("path=")) {
                return java.util.Optional.of(java.nio.file.Path.of(kv.substring("path=".length())));
            }
        }
        return java.util.Optional.empty();
    }

    /** Whether notifications go anywhere (a session bus was reached). */
    public boolean active() {
        return bus != null;
    }

    /** What the desktop is told for {@code event}, or null when it is not worth a notification. */
    static Note note(ClientEvent event) {
        if (event instanceof ClientEvent.AppTurnedSpurious s) {
            return new Note("Caravan: " + s.appId() + " is no longer trusted", s.message());
        }
        return null;
    }

    private void onEvent(ClientEvent event) {
        Note note = note(event);
        if (note == null) {
            return;
        }
        try {
            sender.execute(() -> send(note));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("notifier closed; not sent: {}", note.summary());
        }
    }

    private void send(Note note) {
        try {
            service.Notify(APP_NAME, new UInt32(0), "dialog-warning", note.summary(), note.body(), List.of(),
                    Map.of("urgency", new Variant<>(CRITICAL)), -1);
            LOG.debug("desktop told: {}", note.summary());
        } catch (RuntimeException e) {
            // No notification daemon on this bus (a headless session), or it refused: the CLI and the window
            // still say it.
            LOG.debug("desktop notification not shown ({}): {}", note.summary(), e.toString());
        }
    }

    /** Stops listening; notifications already queued are sent first (for at most a few seconds). */
    @Override
    public void close() {
        detach.run();
        if (bus == null) {
            return;
        }
        sender.shutdown();
        try {
            if (!sender.awaitTermination(5, TimeUnit.SECONDS)) {
                sender.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sender.shutdownNow();
        }
        try {
            bus.close();
        } catch (java.io.IOException e) {
            LOG.debug("closing the session bus connection: {}", e.toString());
        }
    }
}
