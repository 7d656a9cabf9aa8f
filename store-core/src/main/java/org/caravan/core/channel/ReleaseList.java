package org.caravan.core.channel;

import java.time.Instant;
import java.util.List;
import org.caravan.keyring.key.Fingerprint;

/**
 * A developer's signed list of releases, the value behind their BEP 46 channel. {@code sequence} grows
 * with each list the developer publishes; a store ignores lists it has seen.
 */
public record ReleaseList(int formatVersion, String developer, long sequence, Instant issued, List<ListedRelease> releases) {
    public static final int FORMAT_VERSION = 1;

    public ReleaseList {
        if (formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported release list format version " + formatVersion);
        }
        developer = Fingerprint.of(developer).hex();
        if (sequence < 1) {
            throw new IllegalArgumentException("release list sequence must be >= 1, not " + sequence);
        }
        if (issued == null) {
            throw new IllegalArgumentException("release list has no issue time");
        }
        releases = List.copyOf(releases);
    }
}
