package org.caravan.core.catalog;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One version of a store's root set as a catalog carries it: the roots' fingerprints, the threshold k, and
 * the armored detached signatures over the set's canonical bytes ({@code RootSet.canonicalBytes()} in the
 * keyring) by k of the previous version's roots and k of this version's. Version 1 needs no signatures: it
 * is anchored by the store key (the channel root must be one of its roots).
 */
public record SignedRootSet(long version, int threshold, List<String> roots, List<String> signatures) {
    private static final Pattern FPR = Pattern.compile("[0-9A-F]{40}");

    public SignedRootSet {
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
    }
}
