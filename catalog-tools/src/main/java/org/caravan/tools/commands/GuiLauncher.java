package org.caravan.tools.commands;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the desktop client as its own process. catalog-tools never links JavaFX: the launcher script
 * passes the client's class path in {@code caravan.gui.classpath}.
 */
final class GuiLauncher {
    private GuiLauncher() {}

    static boolean displayAvailable() {
        String display = System.getenv("DISPLAY");
        String wayland = System.getenv("WAYLAND_DISPLAY");
        return System.getProperty("caravan.gui.classpath") != null
                && ((display != null && !display.isBlank()) || (wayland != null && !wayland.isBlank()));
    }

    /** Opens the client window on {@code home} and waits until the user closes it. */
    static int run(Path home) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command(home, false)).inheritIO().start();
        return p.waitFor();
    }

    /**
     * Starts the window's process now, to open {@code home} later ({@link Early#open}): its JVM and JavaFX start,
     * and it readies its window, while the caller still works on the home (the demo's story). Without this, the
     * window appeared 5-18 s after the story's end, most of it a cold JVM building its first window.
     */
    static Early start(Path home) throws IOException {
        Process p = new ProcessBuilder(command(home, true)).redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new Early(home, p);
    }

    /** A window process started early, waiting for its home ({@code caravan.window.waitForInput}). */
    static final class Early implements AutoCloseable {
        private final Path home;
        private final Process process;
        private boolean opened;

        private Early(Path home, Process process) {
            this.home = home;
            this.process = process;
        }

        /** The home is ready: the window opens it; returns when the user closed the window. */
        int open(Path ready) throws IOException, InterruptedException {
            if (!ready.toAbsolutePath().normalize().equals(home.toAbsolutePath().normalize()) || !process.isAlive()) {
                // Not the home it waits for (or it died early): a window of its own, as without a head start.
                close();
                return run(ready);
            }
            opened = true;
            try (var in = process.getOutputStream()) {
                in.write('\n');
            }
            return process.waitFor();
        }

        /** The story failed before the window was told to open: it goes away unseen. */
        @Override
        public void close() {
            if (!opened) {
                process.destroy();
            }
        }
    }

    private static List<String> command(Path home, boolean waitForInput) throws IOException {
        String cp = System.getProperty("caravan.gui.classpath");
        if (cp == null) {
            throw new IOException("the client window is not built (run ./caravan from the project folder)");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The command line on the window's class path too: a window that serves its home runs the commands
        // forwarded to it (caravan client ... while the window is open).
        String tools = System.getProperty("java.class.path", "");
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(classDataSharing(cp));
        // The launcher's choice of locale data (./caravan: the JDK's older data on JDK 17-20, 0.4 s of CPU less at
        // the first zone name parsed, which the window's trust engine does at once) holds for the window too.
        String locales = System.getProperty("java.locale.providers");
        if (locales != null && !locales.isBlank()) {
            cmd.add("-Djava.locale.providers=" + locales);
        }
        if (waitForInput) {
            // CaravanApp.WAIT_FOR_INPUT (catalog-tools does not link the window's classes).
            cmd.add("-Dcaravan.window.waitForInput=true");
        }
        cmd.addAll(List.of("-cp", tools.isEmpty() ? cp : cp + File.pathSeparator + tools, "org.caravan.gui.ClientMain",
                "--home", home.toString()));
        return cmd;
    }

    /**
     * Class-data sharing for the window, as ./caravan has for the command line: most of a window's start is
     * loading and linking JavaFX's and the client's classes. The first window after a build records them into
     * {@code window.jsa} beside store-gui.jar when it closes; every later one maps them. The launcher script deletes
     * the archive when it rebuilds; {@code CARAVAN_NO_CDS} turns this off.
     */
    static List<String> classDataSharing(String guiClassPath) {
        if (System.getenv("CARAVAN_NO_CDS") != null) {
            return List.of();
        }
        Path jar = Path.of(guiClassPath.split(File.pathSeparator)[0]);
        if (jar.getParent() == null || !java.nio.file.Files.isRegularFile(jar)) {
            return List.of();
        }
        Path archive = jar.resolveSibling("window.jsa");
        String use = java.nio.file.Files.isRegularFile(archive) ? "-XX:SharedArchiveFile=" : "-XX:ArchiveClassesAtExit=";
        return List.of(use + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }
}
