package org.caravan.keyring.trust;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.Fingerprint;
import org.caravan.keyring.sign.SignatureCheck;

/**
 * A store's root keys at one version, with the threshold k: what a store certification, revocation,
 * catalog signature or the next root set needs. Versions grow by one with every rotation (as TUF's
 * root.json), so a client that knows version n accepts only n + 1 next.
 */
public record RootSet(long version, List<Certificate> roots, int threshold, Endorsement endorsement) {
    public RootSet {
        endorsement = endorsement == null ? Endorsement.NONE : endorsement;
        if (version < 1) {
            throw new IllegalArgumentException("root set version must be >= 1, not " + version);
        }
        if (roots == null || roots.isEmpty()) {
            throw new IllegalArgumentException("root set version " + version + " names no root key");
        }
        roots = roots.stream().sorted(Comparator.comparing(Certificate::fingerprint)).toList();
        for (int i = 1; i < roots.size(); i++) {
            if (roots.get(i).fingerprint().equals(roots.get(i - 1).fingerprint())) {
                throw new IllegalArgumentException("root set version " + version + " lists root "
                        + roots.get(i).fingerprint() + " twice");
            }
        }
        if (threshold < 1 || threshold > roots.size()) {
            throw new IllegalArgumentException("root set version " + version + " has threshold " + threshold
                    + " but " + roots.size() + " root" + (roots.size() == 1 ? "" : "s") + " (need 1 <= k <= n)");
        }
    }

    /** A root set that endorses no earlier decision (version 1, or a rotation made before endorsements). */
    public RootSet(long version, List<Certificate> roots, int threshold) {
        this(version, roots, threshold, Endorsement.NONE);
    }

    /** This set, endorsing {@code e} (the store's decisions it keeps). */
    public RootSet withEndorsement(Endorsement e) {
        return new RootSet(version, roots, threshold, e);
    }

    public List<Fingerprint> fingerprints() {
        return roots.stream().map(Certificate::fingerprint).toList();
    }

    public boolean contains(Fingerprint fp) {
        return roots.stream().anyMatch(r -> r.fingerprint().equals(fp));
    }

    /**
     * The exact bytes the roots sign to approve this set: a small text, one fact per line, roots sorted
     * by fingerprint, then (only when it endorses something) {@code endorses COUNT SHA256}. Documented in
     * docs/protocol.md so other tools can check a rotation.
     */
    public byte[] canonicalBytes() {
        return canonicalBytes(version, threshold, roots.stream().map(r -> r.fingerprint().hex()).toList(), endorsement);
    }

    /** {@link #canonicalBytes()} of a set given by its version, k and the roots' fingerprints (upper-case hex). */
    public static byte[] canonicalBytes(long version, int threshold, List<String> rootFingerprints) {
        return canonicalBytes(version, threshold, rootFingerprints, Endorsement.NONE);
    }

    /** As {@link #canonicalBytes(long, int, List)}, with the decisions the set endorses. */
    public static byte[] canonicalBytes(long version, int threshold, List<String> rootFingerprints,
            Endorsement endorsement) {
        StringBuilder b = new StringBuilder("caravan-root-set 1\n");
        b.append("version ").append(version).append('\n');
        b.append("threshold ").append(threshold).append('\n');
        for (String fpr : rootFingerprints.stream().sorted().toList()) {
            b.append("root ").append(fpr).append('\n');
        }
        if (endorsement != null && !endorsement.endorsesNothing()) {
            // Absent when nothing is endorsed, so rotations signed before endorsements keep their bytes.
            b.append("endorses ").append(endorsement.count()).append(' ').append(endorsement.sha256()).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The distinct roots of this set among the valid signatures, in the order they signed. */
    public List<Fingerprint> signersAmong(List<SignatureCheck> checks) {
        Set<Fingerprint> out = new LinkedHashSet<>();
        for (SignatureCheck c : checks) {
            if (c instanceof SignatureCheck.Valid v && contains(v.signer())) {
                out.add(v.signer());
            }
        }
        return new ArrayList<>(out);
    }

    /** Whether k distinct roots of this set made valid signatures among {@code checks} (e.g. over a catalog). */
    public boolean quorumIn(List<SignatureCheck> checks) {
        return signersAmong(checks).size() >= threshold;
    }

    /** The web of this store with these roots. */
    public TrustWeb web(List<Certificate> keys) {
        return new TrustWeb(roots, keys);
    }

    /** The web of this store with these roots and the earlier decisions this set's rotation endorsed. */
    public TrustWeb web(List<Certificate> keys, java.util.Collection<String> endorsed) {
        return new TrustWeb(roots, keys, java.util.Set.copyOf(endorsed));
    }
}
