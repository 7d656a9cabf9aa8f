package org.caravan.core.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real small file system for disk-full tests: a tmpfs of a few MiB mounted on a folder (the tests run as root
 * on the build machine). Where mounting is not allowed the test is skipped, saying why; it never passes without
 * the disk. Always {@link #close() unmounted}, also when the test fails.
 */
public final class SmallDisk implements AutoCloseable {
    private final Path dir;
    private boolean mounted;

    private SmallDisk(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code mebibytes} MiB on {@code dir} (created), or skips the test when that is not allowed. */
    public static SmallDisk mount(Path dir, int mebibytes) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        SmallDisk disk = new SmallDisk(dir);
        String out = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + mebibytes + "m", "tmpfs", dir.toString()));
        Assumptions.assumeTrue(out == null, () -> "skipped: cannot mount a " + mebibytes + " MiB tmpfs on " + dir
                + " to fill it (the disk-full tests need root, or CAP_SYS_ADMIN): " + out);
        disk.mounted = true;
        return disk;
    }

    public Path dir() {
        return dir;
    }

    /**
     * Fills the disk with {@code filler} until a write fails (no space left); returns the bytes written. What is
     * left is less than one block.
     */
    public long fill(String filler) throws IOException {
        Path f = dir.resolve(filler);
        byte[] block = new byte[4096];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(f)) {
            while (true) {
                out.write(block);
                written += block.length;
            }
        } catch (IOException full) {
            if (Files.getFileStore(dir).getUsableSpace() > block.length) {
                throw full;
            }
        }
        return written;
    }

    /** Deletes a filler file: the space is free again. */
    public void free(String filler) throws IOException {
        Files.delete(dir.resolve(filler));
    }

    public long usable() throws IOException {
        return Files.getFileStore(dir).getUsableSpace();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (mounted) {
            String out = run(List.of("umount", "-l", dir.toString()));
            if (out != null) {
                throw new IOException("cannot unmount the test tmpfs on " + dir + ": " + out);
            }
            mounted = false;
        }
    }

    /** Null when the command succeeded, else what it printed. */
    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return String.join(" ", command) + " did not finish in 30 s";
        }
        String out = new String(p.getInputStream().readAllBytes()).trim();
        return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + out;
    }
}
