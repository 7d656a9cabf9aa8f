package org.caravan.core.plugin;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loads plugin classes in their own class loader and calls them so that nothing they do (throw, fail to
 * link, loop) reaches the caller as anything but a {@link PluginException}. Trust checks come first and are
 * the caller's business: this class loads whatever it is given.
 */
public final class PluginLoader implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();

    /** Plugin calls run here: daemon threads, so a plugin stuck in a loop never keeps the client alive. */
    private final ExecutorService calls = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "caravan-plugin-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    private final java.util.List<PluginClassLoader> loaders = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A loaded plugin instance and the loader that holds it. */
    public record Loaded<T>(String pluginId, T instance) {}

    /**
     * Loads {@code mainClass} from {@code jar}, checks that it implements {@code api} and instantiates it (the
     * constructor runs under the time limit too).
     */
    public <T> Loaded<T> load(String pluginId, Path jar, String mainClass, Class<T> api, Duration limit)
            throws PluginException {
        if (!Files.isRegularFile(jar)) {
            throw new PluginException("plugin " + pluginId + ": its jar " + jar + " is missing", null);
        }
        PluginClassLoader loader;
        try {
            loader = new PluginClassLoader(pluginId, jar.toUri().toURL(), api.getClassLoader());
        } catch (IOException e) {
            throw new PluginException("plugin " + pluginId + ": bad jar path " + jar, e);
        }
        loaders.add(loader);
        Object instance = call(pluginId, () -> {
            Class<?> c = Class.forName(mainClass, true, loader);
            if (!api.isAssignableFrom(c)) {
                throw new ClassCastException(mainClass + " does not implement " + api.getName());
            }
            try {
                return c.getConstructor().newInstance();
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof Exception ex ? ex : e;
            }
        }, limit);
        return new Loaded<>(pluginId, api.cast(instance));
    }

    /** Runs one call into a plugin with a time limit; every failure becomes a {@link PluginException}. */
    public <R> R call(String pluginId, Callable<R> body, Duration limit) throws PluginException {
        Future<R> f = calls.submit(body);
        try {
            return f.get(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new PluginException("plugin " + pluginId + " failed: " + describe(cause), cause);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new PluginException("plugin " + pluginId + " did not answer within " + limit.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new PluginException("plugin " + pluginId + ": interrupted", e);
        }
    }

    private static String describe(Throwable t) {
        if (t instanceof ClassNotFoundException || t instanceof NoClassDefFoundError) {
            return "class not found: " + t.getMessage();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    @Override
    public void close() {
        calls.shutdownNow();
        for (PluginClassLoader l : loaders) {
            try {
                l.close();
            } catch (IOException e) {
                // closing: the jar handle goes with the process anyway
            }
        }
    }
}
