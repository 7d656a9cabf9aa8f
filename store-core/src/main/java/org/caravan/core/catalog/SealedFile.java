package org.caravan.core.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.caravan.keyring.seal.ContentKey;

/**
 * How a release of a private store travels (docs/protocol.md section 10a): the package sealed under its own content
 * key, fetched by {@code infoHash}, {@code size} bytes whose SHA-256 is {@code sha256}. {@code key} (64 hex) opens it;
 * it is carried only inside the sealed catalog, so only the generation's subscribers learn it.
 * {@link #toString()} never shows the key.
 */
public record SealedFile(String infoHash, String sha256, long size, String key) {
    private static final Pattern HEX40 = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    @JsonCreator
    public SealedFile(@JsonProperty("infoHash") String infoHash, @JsonProperty("sha256") String sha256,
            @JsonProperty("size") long size, @JsonProperty("key") String key) {
        if (infoHash == null || !HEX40.matcher(infoHash).matches()) {
            throw new IllegalArgumentException("sealed package: bad info-hash " + infoHash);
        }
        if (sha256 == null || !HEX64.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sealed package: bad sha256 " + sha256);
        }
        if (size <= 0) {
            throw new IllegalArgumentException("sealed package: size must be positive, not " + size);
        }
        if (key == null || !HEX64.matcher(key).matches()) {
            throw new IllegalArgumentException("sealed package " + infoHash + ": its key is not 64 lower-case hex digits");
        }
        this.infoHash = infoHash;
        this.sha256 = sha256;
        this.size = size;
        this.key = key;
    }

    /** The content key that opens the sealed file. */
    public ContentKey contentKey() {
        return ContentKey.of(HexFormat.of().parseHex(key));
    }

    /** The file's name as it travels (the torrent's name): its SHA-256, so the name tells nothing. */
    public String fileName() {
        return sha256 + ".cpkg";
    }

    @Override
    public String toString() {
        return "SealedFile[infoHash=" + infoHash + ", sha256=" + sha256 + ", size=" + size + ", key=hidden]";
    }
}
