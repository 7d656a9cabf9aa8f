package org.caravan.core.net;

import java.io.IOException;
import java.nio.file.Path;

/** The info-hash a file will have when seeded, computed without a session (the store lists it offline). */
public final class InfoHashes {
    private InfoHashes() {}

    public static InfoHash of(Path file) throws IOException {
        return Metainfo.of(file).infoHash();
    }
}
