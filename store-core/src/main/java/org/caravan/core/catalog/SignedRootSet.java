package org.caravan.core.catalog;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.OptBoolean;
import java.util.List;
import java.util.regex.Pattern;
import org.caravan.keyring.trust.Endorsement;
import org.caravan.keyring.trust.RootSet;

/**
 * One version of a store's root set as a catalog carries it: the roots' fingerprints, the threshold k, the
 * store decisions it endorses at its rotation (count and SHA-256 of the list of signature packets, the list
 * itself being the catalog's {@code endorsed}), and the armored detached signatures over the set's canonical
 * bytes ({@code RootSet.canonicalBytes()} in the keyring) by k of the previous version's roots and k of this
 * version's. Version 1 needs no signatures: it is anchored by the store key (the channel root must be one of
 * its roots). {@code endorses} is absent from the JSON when the rotation endorses nothing.
 */
public record SignedRootSet(long version, int threshold, List<String> roots, List<String> signatures,
        Endorsement endorses) {
    /** Root sets written before endorsements have no {@code endorses} key; injected as {@link Endorsement#NONE}. */
    public static final String NO_ENDORSEMENT = "caravan.rootset.no-endorsement";
    private static final Pattern FPR = Pattern.compile("[0-9A-F]{40}");

    @JsonCreator
    public SignedRootSet(
            @JsonProperty("version") long version,
            @JsonProperty("threshold") int threshold,
            @JsonProperty("roots") List<String> roots,
            @JsonProperty("signatures") List<String> signatures,
            @JsonProperty("endorses") @JacksonInject(value = NO_ENDORSEMENT, useInput = OptBoolean.TRUE)
            Endorsement endorses) {
        if (version < 1) {
            throw new IllegalArgumentException("root set version must be >= 1, not " + version);
        }
        roots = List.copyOf(roots == null ? List.of() : roots).stream().sorted().toList();
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("root set version " + version + " names no root");
        }
        for (String r : roots) {
            if (!FPR.matcher(r).matches()) {
                throw new IllegalArgumentException("root set version " + version + ": bad root fingerprint " + r);
            }
        }
        if (roots.stream().distinct().count() != roots.size()) {
            throw new IllegalArgumentException("root set version " + version + " lists a root twice");
        }
        if (threshold < 1 || threshold > roots.size()) {
            throw new IllegalArgumentException("root set version " + version + " has threshold " + threshold + " but "
                    + roots.size() + " root(s) (need 1 <= k <= n)");
        }
        signatures = List.copyOf(signatures == null ? List.of() : signatures);
        if (version > 1 && signatures.isEmpty()) {
            throw new IllegalArgumentException("root set version " + version + " carries no signature");
        }
        endorses = endorses == null ? Endorsement.NONE : endorses;
        if (version == 1 && !endorses.endorsesNothing()) {
            throw new IllegalArgumentException("root set version 1 endorses nothing: there is no earlier root set");
        }
        this.version = version;
        this.threshold = threshold;
        this.roots = roots;
        this.signatures = signatures;
        this.endorses = endorses;
    }

    /** A root set that endorses no earlier decision. */
    public SignedRootSet(long version, int threshold, List<String> roots, List<String> signatures) {
        this(version, threshold, roots, signatures, Endorsement.NONE);
    }

    @Override
    @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = NoEndorsement.class)
    public Endorsement endorses() {
        return endorses;
    }

    /** The bytes the approving roots signed ({@code RootSet.canonicalBytes}). */
    public byte[] canonicalBytes() {
        return RootSet.canonicalBytes(version, threshold, roots, endorses);
    }

    /** Leaves {@code endorses} out of the JSON when nothing is endorsed (older catalogs keep their bytes). */
    static final class NoEndorsement {
        @Override
        public boolean equals(Object o) {
            return o == null || (o instanceof Endorsement e && e.endorsesNothing());
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }
}
