package org.caravan.core.catalog;

import java.util.List;
import java.util.regex.Pattern;

/** One version of an app or plugin: where to get the package and what it must hash to. */
public record Release(
        String version,
        String type,
        String infoHash,
        String sha256,
        long size,
        String fileName,
        List<SignerClaim> signers,
        List<String> signatures) {
    private static final Pattern HEX40 = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,200}");

    public Release {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("release has no version");
        }
        if (!"app".equals(type) && !"plugin".equals(type)) {
            throw new IllegalArgumentException("release " + version + ": type must be app or plugin, not " + type);
        }
        if (infoHash == null || !HEX40.matcher(infoHash).matches()) {
            throw new IllegalArgumentException("release " + version + ": bad info-hash " + infoHash);
        }
        if (sha256 == null || !HEX64.matcher(sha256).matches()) {
            throw new IllegalArgumentException("release " + version + ": bad sha256 " + sha256);
        }
        if (size <= 0) {
            throw new IllegalArgumentException("release " + version + ": size must be positive, not " + size);
        }
        if (fileName == null || !FILE.matcher(fileName).matches()) {
            throw new IllegalArgumentException("release " + version + ": bad file name " + fileName);
        }
        signers = List.copyOf(signers == null ? List.of() : signers);
        signatures = List.copyOf(signatures == null ? List.of() : signatures);
        if (signatures.isEmpty()) {
            throw new IllegalArgumentException("release " + version + " carries no signature");
        }
    }
}
