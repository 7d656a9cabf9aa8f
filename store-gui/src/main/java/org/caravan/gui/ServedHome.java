package org.caravan.gui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.caravan.core.client.CaravanClient;
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

    @Override
    public CaravanClient open(Path home) {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (true) {
            try {
                HomeService s = HomeService.start(home, Clock.systemUTC());
                hosted = s;
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

    /** Stops serving the home, if this window served it (the window's own close of its client does not). */
    void close() {
        HomeService s = hosted;
        if (s != null) {
            s.close();
        }
    }
}
