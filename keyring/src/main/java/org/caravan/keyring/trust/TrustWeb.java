package org.caravan.keyring.trust;

import java.util.List;
import org.caravan.keyring.key.Certificate;

/**
 * What one store vouches for: its root certificates and the certificates of the keys it certified,
 * each carrying the store's certifications and revocations as OpenPGP signatures.
 */
public record TrustWeb(List<Certificate> roots, List<Certificate> keys) {
    public TrustWeb {
        roots = List.copyOf(roots);
        keys = List.copyOf(keys);
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("a store needs at least one root key");
        }
    }
}
