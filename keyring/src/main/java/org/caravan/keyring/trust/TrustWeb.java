package org.caravan.keyring.trust;

import java.util.List;
import java.util.Set;
import org.caravan.keyring.key.Certificate;

/**
 * What one store vouches for: its root certificates and the certificates of the keys it certified,
 * each carrying the store's certifications and revocations as OpenPGP signatures. {@code endorsed} names
 * (by {@link TrustEngine#packetHash} SHA-256) the certification and revocation packets the current root set's
 * rotation endorsed: decisions of an earlier root set that keep counting as the store's (see
 * {@link Endorsement}); empty for a store that never rotated.
 */
public record TrustWeb(List<Certificate> roots, List<Certificate> keys, Set<String> endorsed) {
    public TrustWeb {
        roots = List.copyOf(roots);
        keys = List.copyOf(keys);
        endorsed = Set.copyOf(endorsed == null ? Set.of() : endorsed);
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("a store needs at least one root key");
        }
    }

    public TrustWeb(List<Certificate> roots, List<Certificate> keys) {
        this(roots, keys, Set.of());
    }
}
