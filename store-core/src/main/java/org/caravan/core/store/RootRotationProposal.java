package org.caravan.core.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.caravan.core.catalog.CatalogCodec;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.trust.Endorsement;
import org.caravan.keyring.trust.RootRotation;
import org.caravan.keyring.trust.RootSet;

/**
 * A root rotation carried between machines to be approved there ({@code rotation.json}): the next root set
 * (version, k, the roots' fingerprints), the certificates of roots it adds, and the armored signatures over
 * the set's canonical bytes collected so far. A root holder adds theirs with {@code caravan key sign-roots};
 * the store applies it with {@code store root rotate --apply} once k current and k new roots signed.
 *
 * @param format       always {@link #FORMAT}
 * @param storeKey     the store key (64 hex), so a proposal is never applied to another store
 * @param certificates armored certificates of the roots the rotation adds by certificate
 * @param endorsed     the store decisions (SHA-256 of each certification or revocation packet) the new set
 *                     endorses; its count and digest are part of what the roots sign
 */
public record RootRotationProposal(
        @JsonProperty("format") String format,
        @JsonProperty("storeKey") String storeKey,
        @JsonProperty("version") long version,
        @JsonProperty("threshold") int threshold,
        @JsonProperty("roots") List<String> roots,
        @JsonProperty("certificates") List<String> certificates,
        @JsonProperty("signatures") List<String> signatures,
        @JsonProperty("endorsed") List<String> endorsed) {
    public static final String FORMAT = "caravan-root-rotation 1";
    /** A proposal is a few certificates and signatures; a bigger file is refused before it is parsed. */
    static final int MAX_BYTES = 1024 * 1024;
    private static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern FPR = Pattern.compile("[0-9A-F]{40}");

    public RootRotationProposal {
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("not a root rotation proposal (format '" + format + "', expected '"
                    + FORMAT + "')");
        }
        if (storeKey == null || !KEY.matcher(storeKey).matches()) {
            throw new IllegalArgumentException("root rotation proposal: bad store key '" + storeKey + "'");
        }
        if (version < 2) {
            throw new IllegalArgumentException("root rotation proposal: version " + version + " (a rotation makes "
                    + "version 2 or later)");
        }
        roots = List.copyOf(roots == null ? List.of() : roots).stream().sorted().toList();
        if (roots.isEmpty() || roots.stream().anyMatch(r -> !FPR.matcher(r).matches())
                || roots.stream().distinct().count() != roots.size()) {
            throw new IllegalArgumentException("root rotation proposal: roots must be distinct v4 fingerprints, not "
                    + roots);
        }
        if (threshold < 1 || threshold > roots.size()) {
            throw new IllegalArgumentException("root rotation proposal: threshold " + threshold + " for "
                    + roots.size() + " root(s)");
        }
        certificates = List.copyOf(certificates == null ? List.of() : certificates);
        signatures = List.copyOf(signatures == null ? List.of() : signatures);
        try {
            endorsed = Endorsement.normalized(endorsed == null ? List.of() : endorsed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("root rotation proposal: " + e.getMessage(), e);
        }
    }

    /** The bytes every approving root signs: the new set's canonical bytes, with the decisions it endorses. */
    public byte[] canonicalBytes() {
        return RootSet.canonicalBytes(version, threshold, roots, Endorsement.of(endorsed));
    }

    /** Reads a proposal file; errors name the file and what is wrong. */
    public static RootRotationProposal read(Path file) throws IOException {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new StoreException("no such proposal file: " + file);
        }
        if (data.length > MAX_BYTES) {
            throw new StoreException(file + " is not a root rotation proposal: " + data.length + " bytes, at most "
                    + MAX_BYTES);
        }
        try {
            return CatalogCodec.mapper().readValue(data, RootRotationProposal.class);
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            throw new StoreException(file + " is not a root rotation proposal: " + cause.getMessage().lines()
                    .findFirst().orElse(""), e);
        }
    }

    /** Writes the proposal to {@code file}, replacing it atomically. */
    public void write(Path file) throws IOException {
        StoreDirectory.writeAtomically(file, CatalogCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
    }

    /** Whether {@code root} signed this proposal already. */
    public boolean signedBy(Certificate root) {
        return RootRotation.signedBy(canonicalBytes(), signatures, root);
    }

    /** This proposal with one more signature. */
    public RootRotationProposal withSignature(String armoredSignature) {
        List<String> more = new java.util.ArrayList<>(signatures);
        more.add(armoredSignature);
        return new RootRotationProposal(format, storeKey, version, threshold, roots, certificates, more, endorsed);
    }
}
