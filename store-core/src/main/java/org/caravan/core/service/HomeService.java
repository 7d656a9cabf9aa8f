package org.caravan.core.service;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import org.caravan.core.client.ClientService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client home served to every face of it: the home's lock held, its {@link ClientService} open and shared, and
 * its socket answering. Whoever opens a home for long (the service, the window, {@code client sync --watch})
 * holds one, so commands typed meanwhile are forwarded here instead of failing on a locked database.
 */
public final class HomeService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HomeService.class);

    private final HomeLock lock;
    private final ClientService client;
    private final Runnable closeClient;
    private final ServiceEndpoint endpoint;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closing;

    private HomeService(HomeLock lock, ClientService client, CommandRunner runner) throws IOException {
        this.lock = lock;
        this.client = client;
        this.closeClient = client.share();
        this.endpoint = new ServiceEndpoint(client.home(), client, runner, this::close);
    }

    /**
     * Takes {@code home}, opens its client (emptying staging, checking the database as every open does) and serves
     * it; forwarded commands run with the command line found on the class path, if any.
     *
     * @throws HomeBusyException naming the process that serves or uses the home already
     */
    public static HomeService start(Path home, Clock clock) throws IOException {
        HomeLock lock = HomeLock.tryAcquire(home).orElseThrow(() -> new HomeBusyException(home.toAbsolutePath()));
        return serve(lock, home, clock);
    }

    /** As {@link #start}, with the home's lock already held by this process (a command that begins to serve). */
    public static HomeService serve(HomeLock lock, Path home, Clock clock) throws IOException {
        ClientService client;
        try {
            client = ClientService.open(home, clock);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        try {
            return new HomeService(lock, client, ServiceLoader.load(CommandRunner.class).findFirst().orElse(null));
        } catch (IOException | RuntimeException e) {
            client.close();
            lock.close();
            throw e;
        }
    }

    /** As {@link #serve}, around a client this process opened already under {@code lock}. */
    public static HomeService serve(HomeLock lock, ClientService client) throws IOException {
        return new HomeService(lock, client, ServiceLoader.load(CommandRunner.class).findFirst().orElse(null));
    }

    public ClientService client() {
        return client;
    }

    public Path socket() {
        return endpoint.socket();
    }

    /** Blocks until the service is stopped (by {@link #close}, or by a {@code stop} request on its socket). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Stops answering, closes the client (its session, the database) and releases the home. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        try {
            endpoint.close();
            closeClient.run();
        } catch (RuntimeException e) {
            LOG.warn("stopping the service of {}: {}", client.home(), e.toString());
        } finally {
            lock.close();
            stopped.countDown();
        }
    }
}
