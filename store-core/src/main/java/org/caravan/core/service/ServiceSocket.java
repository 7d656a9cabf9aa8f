package org.caravan.core.service;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Where a home's service listens: {@code HOME/service.sock}, a Unix domain socket of mode 600 in a home of mode
 * 700, so only the user who owns the home (and root) can open it. Kept free of Jackson and the rest so that a
 * command that only forwards to the service loads little.
 */
public final class ServiceSocket {
    public static final String FILE = "service.sock";

    private ServiceSocket() {}

    public static Path path(Path home) {
        return home.toAbsolutePath().resolve(FILE);
    }

    /** Connects to the service of {@code home}; empty when no service answers there (no socket, or a dead one). */
    public static Optional<SocketChannel> connect(Path home) {
        Path socket = path(home);
        if (!Files.exists(socket)) {
            return Optional.empty();
        }
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            return Optional.of(ch);
        } catch (IOException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // nothing was sent
                }
            }
            return Optional.empty();
        }
    }

    /**
     * Makes {@code home} (mode 700) when it is missing; an existing home whose group or others may enter it is
     * narrowed to 700, since the service's socket in it must be the user's alone.
     */
    static void createHome(Path home) throws IOException {
        if (Files.exists(home) && !Files.isDirectory(home)) {
            throw new IOException("the client home " + home + " is not a folder");
        }
        if (!Files.exists(home)) {
            if (home.toAbsolutePath().getParent() != null) {
                Files.createDirectories(home.toAbsolutePath().getParent());
            }
            try {
                Files.createDirectory(home, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // made by another process at the same moment
            }
        }
        try {
            var mode = Files.getPosixFilePermissions(home);
            if (!mode.equals(PosixFilePermissions.fromString("rwx------"))) {
                Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to narrow
        }
    }
}
