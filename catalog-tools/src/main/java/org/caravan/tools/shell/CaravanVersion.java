package org.caravan.tools.shell;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version the build stamped into {@code version.properties}; every command's {@code -V} prints it. */
public final class CaravanVersion implements IVersionProvider {
    private static final String VERSION = read();

    public static String version() {
        return VERSION;
    }

    private static String read() {
        Properties p = new Properties();
        try (InputStream in = CaravanVersion.class.getResourceAsStream("/org/caravan/tools/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through: a build without the stamped file still answers -V
        }
        String v = p.getProperty("version", "");
        // Unfiltered (run from an IDE's source folders): say so rather than print a Maven expression.
        return v.isBlank() || v.startsWith("${") ? "development build" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"caravan " + VERSION};
    }
}
