package org.caravan.gui.theme;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * What the window remembers between runs (size, position, light or dark), in a small properties file
 * of the home ({@code window.properties}). A missing or unreadable file means "defaults": the window
 * must open even when its settings are damaged.
 */
public final class WindowSettings {

    /** The file name inside the client home. */
    public static final String FILE = "window.properties";

    private final Path file;
    private final Properties values = new Properties();

    private WindowSettings(Path file) {
        this.file = file;
    }

    /** The settings kept in {@code file}; none (all defaults) if it does not exist or cannot be read. */
    public static WindowSettings load(Path file) {
        WindowSettings s = new WindowSettings(file);
        if (file != null && Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                s.values.load(r);
            } catch (IOException | IllegalArgumentException e) {
                s.values.clear();
            }
        }
        return s;
    }

    /** Settings that are never saved (tests, embedding). */
    public static WindowSettings inMemory() {
        return new WindowSettings(null);
    }

    public Optional<Appearance> appearance() {
        return Appearance.ofKey(values.getProperty("appearance"));
    }

    public void appearance(Appearance a) {
        values.setProperty("appearance", a.key());
    }

    /** The remembered window bounds: x, y, width, height; empty if never saved or damaged. */
    public Optional<double[]> bounds() {
        try {
            double[] b = {
                Double.parseDouble(values.getProperty("x")), Double.parseDouble(values.getProperty("y")),
                Double.parseDouble(values.getProperty("width")), Double.parseDouble(values.getProperty("height"))};
            return b[2] >= 200 && b[3] >= 150 ? Optional.of(b) : Optional.empty();
        } catch (NullPointerException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public void bounds(double x, double y, double width, double height) {
        values.setProperty("x", Double.toString(x));
        values.setProperty("y", Double.toString(y));
        values.setProperty("width", Double.toString(width));
        values.setProperty("height", Double.toString(height));
    }

    /** Writes the file through a temporary sibling, so a crash never leaves half a file. */
    public void save() {
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                values.store(w, "Caravan window");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the window settings to " + file + ": " + e.getMessage(), e);
        }
    }
}
