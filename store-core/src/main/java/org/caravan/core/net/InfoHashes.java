package org.caravan.core.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The info-hash a file will have when seeded, computed without a session (the store lists it offline). */
public final class InfoHashes {
    private InfoHashes() {}

    public static InfoHash of(Path file) throws IOException {
        return Metainfo.of(file).infoHash();
    }

    /** As {@link #of(Path)}, telling {@code bytesRead} how many bytes were hashed so far (for a progress bar). */
    public static InfoHash of(Path file, java.util.function.LongConsumer bytesRead) throws IOException {
        return Metainfo.of(file, bytesRead).infoHash();
    }

    /**
     * Writes the .torrent (v1 metainfo) of {@code file} to {@code torrentFile}, atomically, and returns its
     * info-hash: what a mirror serves beside the file so a client can use it as a web seed without a peer.
     */
    public static InfoHash writeTorrent(Path file, Path torrentFile) throws IOException {
        Metainfo meta = Metainfo.of(file);
        Path tmp = torrentFile.resolveSibling(torrentFile.getFileName() + ".tmp");
        Files.write(tmp, meta.torrent());
        Files.move(tmp, torrentFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return meta.infoHash();
    }
}
