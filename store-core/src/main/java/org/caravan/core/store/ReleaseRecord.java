package org.caravan.core.store;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.OptBoolean;
import java.util.List;
import org.caravan.core.catalog.Release;
import org.caravan.core.catalog.SignerClaim;

/**
 * {@code packages/<id>/<version>/release.json}: an admitted package, as the store verified it on {@code store add}.
 * {@code mirrors} (HTTP(S) URLs of the same file, BEP 19 web seeds) is absent from records written before it.
 */
public record ReleaseRecord(
        String id,
        String version,
        String type,
        String name,
        String summary,
        String category,
        String fileName,
        String sha256,
        long size,
        String infoHash,
        List<SignerClaim> signers,
        List<String> signatures,
        List<String> mirrors,
        org.caravan.core.catalog.AppDetails details,
        String notes,
        String licensedBy) {

    @JsonCreator
    public ReleaseRecord(
            @JsonProperty("id") String id,
            @JsonProperty("version") String version,
            @JsonProperty("type") String type,
            @JsonProperty("name") String name,
            @JsonProperty("summary") String summary,
            @JsonProperty("category") String category,
            @JsonProperty("fileName") String fileName,
            @JsonProperty("sha256") String sha256,
            @JsonProperty("size") long size,
            @JsonProperty("infoHash") String infoHash,
            @JsonProperty("signers") List<SignerClaim> signers,
            @JsonProperty("signatures") List<String> signatures,
            @JsonProperty("mirrors") @JacksonInject(value = Release.NO_MIRRORS, useInput = OptBoolean.TRUE)
            List<String> mirrors,
            @JsonProperty("details") @JacksonInject(value = org.caravan.core.catalog.CatalogApp.NO_DETAILS,
                    useInput = OptBoolean.TRUE) @JsonInclude(JsonInclude.Include.NON_NULL)
            org.caravan.core.catalog.AppDetails details,
            @JsonProperty("notes") @JacksonInject(value = Release.NO_NOTES, useInput = OptBoolean.TRUE)
            @JsonInclude(JsonInclude.Include.NON_EMPTY) String notes,
            @JsonProperty("licensedBy") @JacksonInject(value = Release.NO_LICENSED_BY, useInput = OptBoolean.TRUE)
            @JsonInclude(JsonInclude.Include.NON_NULL) String licensedBy) {
        this.id = id;
        this.version = version;
        this.type = type;
        this.name = name;
        this.summary = summary;
        this.category = category;
        this.fileName = fileName;
        this.sha256 = sha256;
        this.size = size;
        this.infoHash = infoHash;
        this.signers = List.copyOf(signers);
        this.signatures = List.copyOf(signatures);
        this.mirrors = Release.checkMirrors(id + " " + version, mirrors);
        this.details = details == null || details.isEmpty() ? null : details;
        this.notes = notes == null ? "" : notes;
        this.licensedBy = licensedBy;
    }

    /** A record of a package that is not licensed (or was added before licensed packages were flagged). */
    public ReleaseRecord(String id, String version, String type, String name, String summary, String category,
                         String fileName, String sha256, long size, String infoHash, List<SignerClaim> signers,
                         List<String> signatures, List<String> mirrors, org.caravan.core.catalog.AppDetails details,
                         String notes) {
        this(id, version, type, name, summary, category, fileName, sha256, size, infoHash, signers, signatures,
                mirrors, details, notes, null);
    }

    /** A record without details or release notes (what every record was before them). */
    public ReleaseRecord(String id, String version, String type, String name, String summary, String category,
                         String fileName, String sha256, long size, String infoHash, List<SignerClaim> signers,
                         List<String> signatures, List<String> mirrors) {
        this(id, version, type, name, summary, category, fileName, sha256, size, infoHash, signers, signatures,
                mirrors, null, "", null);
    }

    @Override
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public org.caravan.core.catalog.AppDetails details() {
        return details;
    }

    @Override
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public String notes() {
        return notes;
    }

    /** The licensor's fingerprint when the package is a licensed one (read on admission); null otherwise. */
    @Override
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public String licensedBy() {
        return licensedBy;
    }

    /** This record marked as licensed by {@code licensor} (a fingerprint's hex; null: not licensed). */
    public ReleaseRecord withLicensedBy(String licensor) {
        return new ReleaseRecord(id, version, type, name, summary, category, fileName, sha256, size, infoHash, signers,
                signatures, mirrors, details, notes, licensor);
    }

    /** This record with other mirrors. */
    public ReleaseRecord withMirrors(List<String> newMirrors) {
        return new ReleaseRecord(id, version, type, name, summary, category, fileName, sha256, size, infoHash, signers,
                signatures, newMirrors, details, notes, licensedBy);
    }

    /** A record without mirrors. */
    public ReleaseRecord(String id, String version, String type, String name, String summary, String category,
                         String fileName, String sha256, long size, String infoHash, List<SignerClaim> signers,
                         List<String> signatures) {
        this(id, version, type, name, summary, category, fileName, sha256, size, infoHash, signers, signatures,
                List.of());
    }

    @Override
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public List<String> mirrors() {
        return mirrors;
    }

    /** The catalog's view of this record. */
    public Release release() {
        return new Release(version, type, infoHash, sha256, size, fileName, signers, signatures, mirrors, notes, null,
                licensedBy);
    }
}
