package org.caravan.gui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.caravan.core.client.CaravanClient;
import org.caravan.core.client.ClientService;
import org.caravan.core.desktop.DesktopNotifier;
import org.caravan.core.service.HomeBusyException;
import org.caravan.core.service.HomeService;
import org.caravan.core.service.RemoteClient;

/**
 * How the window gets its client: a window that opens a home nobody serves serves it itself (commands typed while
 * it is open are forwarded to it); when a service or another window serves the home already, the window is one
 * more client of that one, over its socket.
 */
final class ServedHome implements ClientFactory {
    /** How long to wait for a one-shot command that holds the home without serving it. */
    private static final long WAIT_MILLIS = 30_000;

    private volatile HomeService hosted;
    /** The session bus to notify on: null or blank, none (no desktop notifications). */
    private final String busAddress;
    private DesktopNotifier notifier;
    /** A notifier is being attached (this window serves the home). */
    private boolean attaching;
    private boolean closed;

    /** On the session bus of the desktop ({@code DBUS_SESSION_BUS_ADDRESS}), if there is one. */
    ServedHome() {
        this(System.getenv(DesktopNotifier.SESSION_BUS_VARIABLE));
    }

    /** Notifying on the bus at {@code busAddress} (a D-Bus address; null: no notifications). */
    ServedHome(String busAddress) {
        this.busAddress = busAddress;
    }

    @Override
    public CaravanClient open(Path home) {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (true) {
            try {
                HomeService s = HomeService.start(home, Clock.systemUTC());
                hosted = s;
                notifyOnDesktop(s.client());
                return s.client();
            } catch (HomeBusyException busy) {
                Optional<RemoteClient> remote = RemoteClient.connect(home);
                if (remote.isPresent()) {
                    return remote.get();
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException(busy.getMessage());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the client home " + home);
            }
        }
    }

    /**
     * The window serves the home, so it tells the desktop what the service would: an installed app that turns
     * spurious is a notification even while the window is minimised (the window's banner says it too). Connecting
     * to the bus may take up to its time-out: on a thread of its own, so the window does not wait for it.
     */
    private void notifyOnDesktop(ClientService client) {
        synchronized (this) {
            attaching = true;
        }
        Thread t = new Thread(() -> {
            DesktopNotifier n = DesktopNotifier.attach(client, busAddress);
            synchronized (this) {
                if (closed) {
                    n.close();
                } else {
                    notifier = n;
                }
                attaching = false;
                notifyAll();
            }
        }, "caravan-desktop-notifier-attach");
        t.setDaemon(true);
        t.start();
    }

    /** Whether the desktop is told about apps that turn spurious, once the bus has answered (at most {@code millis}). */
    synchronized boolean notifying(long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (attaching && !closed && System.currentTimeMillis() < end) {
            wait(Math.max(1, end - System.currentTimeMillis()));
        }
        return notifier != null && notifier.active();
    }

    /** Stops serving the home, if this window served it (the window's own close of its client does not). */
    void close() {
        synchronized (this) {
            closed = true;
            if (notifier != null) {
                notifier.close();
                notifier = null;
            }
        }
        HomeService s = hosted;
        if (s != null) {
            s.close();
        }
    }
}
