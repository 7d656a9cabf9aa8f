package org.caravan.core.net;

import java.io.IOException;
import java.nio.file.Path;

/** Test access to a peer that serves corrupted pieces under a good torrent's info-hash. */
public final class CorruptingPeer {
    private CorruptingPeer() {}

    /**
     * Makes {@code node} seed the bytes of {@code badFile} as the torrent of {@code goodFile} (same name and
     * length); the node serves them without checking for the rest of its life.
     */
    public static InfoHash seedCorrupted(PeerNode node, Path goodFile, Path badFile) throws IOException {
        return ((LibtorrentPeerNode) node).seedCorrupted(goodFile, badFile);
    }

    /** Bytes of torrent {@code infoHash} that {@code node} received and threw away because their piece hash failed. */
    public static long hashFailedBytes(PeerNode node, InfoHash infoHash) {
        return ((LibtorrentPeerNode) node).hashFailedBytes(infoHash);
    }
}
