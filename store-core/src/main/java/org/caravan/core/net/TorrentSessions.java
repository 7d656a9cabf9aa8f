package org.caravan.core.net;

import java.nio.file.Path;

/**
 * The one place libtorrent sessions are configured. Loopback sessions listen on 127.0.0.1 only,
 * bootstrap from 127.0.0.1 nodes only, and have UPnP, NAT-PMP, LSD and the public routers off.
 */
public final class TorrentSessions {
    private TorrentSessions() {}

    public static PeerNode start(NetworkConfig config, Path workDir) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
