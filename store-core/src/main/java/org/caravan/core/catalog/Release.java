package org.caravan.core.catalog;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.OptBoolean;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One version of an app or plugin: where to get the package and what it must hash to. {@code mirrors}
 * are HTTP(S) URLs of the same file, used as BEP 19 web seeds when no peer has the data; they are only
 * a source of bytes, which are checked against {@code infoHash}, {@code sha256} and the signatures like
 * any peer's.
 */
public record Release(
        String version,
        String type,
        String infoHash,
        String sha256,
        long size,
        String fileName,
        List<SignerClaim> signers,
        List<String> signatures,
        List<String> mirrors,
        String notes,
        SealedFile sealed,
        String licensedBy) {
    /** Catalogs written before release notes have no {@code notes} key; injected as empty. */
    public static final String NO_NOTES = "caravan.release.no-notes";
    /**
     * Catalogs written before mirrors existed have no {@code mirrors} key; the codec fails on missing
     * creator properties, so this one field is injected as empty when absent ({@link CatalogCodec} registers it).
     */
    public static final String NO_MIRRORS = "caravan.release.no-mirrors";
    /** Releases of open stores (and every catalog before private packages) have no {@code sealed} key. */
    public static final String NO_SEALED = "caravan.release.no-sealed";
    /** Releases that are not licensed packages (and every catalog before the flag) have no {@code licensedBy} key. */
    public static final String NO_LICENSED_BY = "caravan.release.no-licensed-by";
    public static final int MAX_MIRRORS = 16;
    private static final Pattern HEX40 = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9A-F]{40}");
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,200}");

    @JsonCreator
    public Release(
            @JsonProperty("version") String version,
            @JsonProperty("type") String type,
            @JsonProperty("infoHash") String infoHash,
            @JsonProperty("sha256") String sha256,
            @JsonProperty("size") long size,
            @JsonProperty("fileName") String fileName,
            @JsonProperty("signers") List<SignerClaim> signers,
            @JsonProperty("signatures") List<String> signatures,
            @JsonProperty("mirrors") @JacksonInject(value = NO_MIRRORS, useInput = OptBoolean.TRUE)
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> mirrors,
            @JsonProperty("notes") @JacksonInject(value = NO_NOTES, useInput = OptBoolean.TRUE)
            @JsonInclude(JsonInclude.Include.NON_EMPTY) String notes,
            @JsonProperty("sealed") @JacksonInject(value = NO_SEALED, useInput = OptBoolean.TRUE)
            @JsonInclude(JsonInclude.Include.NON_NULL) SealedFile sealed,
            @JsonProperty("licensedBy") @JacksonInject(value = NO_LICENSED_BY, useInput = OptBoolean.TRUE)
            @JsonInclude(JsonInclude.Include.NON_NULL) String licensedBy) {
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
        this.version = version;
        this.type = type;
        this.infoHash = infoHash;
        this.sha256 = sha256;
        this.size = size;
        this.fileName = fileName;
        this.signers = List.copyOf(signers == null ? List.of() : signers);
        this.signatures = List.copyOf(signatures == null ? List.of() : signatures);
        if (this.signatures.isEmpty()) {
            throw new IllegalArgumentException("release " + version + " carries no signature");
        }
        this.mirrors = checkMirrors("release " + version, mirrors);
        // The manifest's rules for release notes (AppStream's release description).
        this.notes = new org.caravan.core.pkg.AppInfo("", "", "", List.of(), null, List.of(), notes).releaseNotes();
        if (sealed != null && sealed.size() != org.caravan.core.pkg.PrivatePackage.sealedSize(size)) {
            // The sealed size follows from the plain one: a catalog cannot make a client fetch more than that.
            throw new IllegalArgumentException("release " + version + ": its sealed package is " + sealed.size()
                    + " bytes, a sealed package of " + size + " bytes is "
                    + org.caravan.core.pkg.PrivatePackage.sealedSize(size));
        }
        this.sealed = sealed;
        if (licensedBy != null && !FINGERPRINT.matcher(licensedBy).matches()) {
            throw new IllegalArgumentException("release " + version + ": licensedBy must be a key's fingerprint, 40 "
                    + "upper-case hex digits, not " + licensedBy);
        }
        this.licensedBy = licensedBy;
    }

    /** A release with {@code sealed}, not marked licensed. */
    public Release(String version, String type, String infoHash, String sha256, long size, String fileName,
                   List<SignerClaim> signers, List<String> signatures, List<String> mirrors, String notes,
                   SealedFile sealed) {
        this(version, type, infoHash, sha256, size, fileName, signers, signatures, mirrors, notes, sealed, null);
    }

    /** A release that travels as it is (an open store's). */
    public Release(String version, String type, String infoHash, String sha256, long size, String fileName,
                   List<SignerClaim> signers, List<String> signatures, List<String> mirrors, String notes) {
        this(version, type, infoHash, sha256, size, fileName, signers, signatures, mirrors, notes, null, null);
    }

    /**
     * The fingerprint of the key that licenses this release's package (protocol section 9b), as the store read it on
     * admission; null when the package is not licensed, or the catalog predates the flag. It lets a client show an app
     * as licensed before fetching it; the install decides on the package itself.
     */
    @Override
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public String licensedBy() {
        return licensedBy;
    }

    /** This release marked as licensed by {@code licensor} (40 hex; null: not licensed). */
    public Release withLicensedBy(String licensor) {
        return new Release(version, type, infoHash, sha256, size, fileName, signers, signatures, mirrors, notes, sealed,
                licensor);
    }

    /**
     * How the package travels when its store is private: sealed, fetched by the sealed file's info-hash; null when
     * it travels as it is ({@link #infoHash()}). {@code size}, {@code sha256} and the signatures stay the plain
     * package's.
     */
    @Override
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public SealedFile sealed() {
        return sealed;
    }

    /** This release travelling sealed as {@code file}. */
    public Release withSealed(SealedFile file) {
        return new Release(version, type, infoHash, sha256, size, fileName, signers, signatures, mirrors, notes, file,
                licensedBy);
    }

    /** A release without notes. */
    public Release(String version, String type, String infoHash, String sha256, long size, String fileName,
                   List<SignerClaim> signers, List<String> signatures, List<String> mirrors) {
        this(version, type, infoHash, sha256, size, fileName, signers, signatures, mirrors, "");
    }

    @Override
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public String notes() {
        return notes;
    }

    /** A release without mirrors (what every release was before BEP 19 web seeds). */
    public Release(String version, String type, String infoHash, String sha256, long size, String fileName,
                   List<SignerClaim> signers, List<String> signatures) {
        this(version, type, infoHash, sha256, size, fileName, signers, signatures, List.of());
    }

    @Override
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public List<String> mirrors() {
        return mirrors;
    }

    /** This release with other mirrors. */
    public Release withMirrors(List<String> newMirrors) {
        return new Release(version, type, infoHash, sha256, size, fileName, signers, signatures, newMirrors, notes,
                sealed, licensedBy);
    }

    /**
     * Checks mirror URLs: absolute {@code http} or {@code https} with a host, no user info, no fragment,
     * at most {@link #MAX_MIRRORS}, no duplicates. Returns them as an immutable list ({@code null} = none).
     *
     * @param subject what the mirrors belong to, for the error message
     */
    public static List<String> checkMirrors(String subject, List<String> mirrors) {
        if (mirrors == null || mirrors.isEmpty()) {
            return List.of();
        }
        if (mirrors.size() > MAX_MIRRORS) {
            throw new IllegalArgumentException(subject + ": " + mirrors.size() + " mirrors, at most " + MAX_MIRRORS);
        }
        List<String> out = new ArrayList<>();
        for (String m : mirrors) {
            if (m == null || m.isBlank()) {
                throw new IllegalArgumentException(subject + ": empty mirror URL");
            }
            URI uri;
            try {
                uri = new URI(m);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(subject + ": mirror is not a URL: " + m + " (" + e.getReason() + ")");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme();
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException(subject + ": mirror must be an http or https URL, not " + m);
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                throw new IllegalArgumentException(subject + ": mirror has no host: " + m);
            }
            if (uri.getRawUserInfo() != null) {
                throw new IllegalArgumentException(subject + ": mirror must not carry user info: " + m);
            }
            if (uri.getRawFragment() != null) {
                throw new IllegalArgumentException(subject + ": mirror must not have a fragment: " + m);
            }
            if (m.length() > 2048) {
                throw new IllegalArgumentException(subject + ": mirror URL longer than 2048 characters: " + m);
            }
            if (out.contains(m)) {
                throw new IllegalArgumentException(subject + ": mirror listed twice: " + m);
            }
            out.add(m);
        }
        return List.copyOf(out);
    }
}
