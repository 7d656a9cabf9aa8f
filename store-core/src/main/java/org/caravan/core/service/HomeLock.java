package org.caravan.core.service;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * {@code HOME/service.lock}: held (an OS file lock) by the one process that owns a client home, a service or a
 * one-shot command. The lock dies with its process, so a crashed owner never leaves the home locked; the file
 * keeps the owner's process id, for messages only.
 */
public final class HomeLock implements AutoCloseable {
    public static final String FILE = "service.lock";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private HomeLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock of {@code home} (made, mode 700, if missing), or empty when another process holds it. */
    public static Optional<HomeLock> tryAcquire(Path home) throws IOException {
        ServiceSocket.createHome(home);
        Path file = home.resolve(FILE);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this very process (a test running a service and a command side by side)
        }
        if (lock == null) {
            ch.close();
            return Optional.empty();
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        return Optional.of(new HomeLock(file, ch, lock));
    }

    /** The process id the holder wrote, if readable: "process 1234", else "another process". */
    public static String holder(Path home) {
        try {
            String pid = Files.readString(home.resolve(FILE), StandardCharsets.US_ASCII).strip();
            return pid.matches("[0-9]{1,10}") ? "process " + pid : "another process";
        } catch (IOException e) {
            return "another process";
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the lock goes with the channel, or with the process
        }
    }
}
