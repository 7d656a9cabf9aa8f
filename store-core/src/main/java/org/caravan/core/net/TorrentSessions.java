package org.caravan.core.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The one place libtorrent sessions are configured. Loopback sessions listen on 127.0.0.1 only,
 * bootstrap from 127.0.0.1 nodes only, and have UPnP, NAT-PMP, LSD and the public routers off.
 * The settings themselves come from {@code SessionSettingsFactory}.
 */
public final class TorrentSessions {
    private TorrentSessions() {}

    /**
     * Loads the native library (first call only), starts a session, waits until it listens and adds
     * the config's bootstrap nodes to its DHT routing table.
     *
     * @throws IllegalStateException when the session does not come up (the message says why)
     */
    public static PeerNode start(NetworkConfig config, Path workDir) {
        Objects.requireNonNull(config, "network config");
        Objects.requireNonNull(workDir, "work directory");
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the peer node's work directory " + workDir, e);
        }
        NativeLibrary.ensureLoaded();
        return LibtorrentPeerNode.start(config, workDir);
    }
}
