package org.caravan.core.plugin;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * A plugin's own class loader: the JDK (platform loader), the plugin's jar, and {@code org.caravan.core.plugin.api}
 * from the client. Nothing else of the client is visible, so a plugin cannot reach the database, the keys or
 * the network session through Caravan's classes, nor clash with the client's libraries.
 */
final class PluginClassLoader extends URLClassLoader {
    private static final String API = "org.caravan.core.plugin.api.";
    private final ClassLoader host;

    PluginClassLoader(String pluginId, URL jar, ClassLoader host) {
        super("plugin " + pluginId, new URL[] {jar}, ClassLoader.getPlatformClassLoader());
        this.host = host;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(API)) {
            return host.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }
}
