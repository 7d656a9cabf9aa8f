package org.caravan.keyring.trust;

import java.util.List;
import org.caravan.keyring.key.Fingerprint;

/**
 * What one key of a store's web may sign at a reference time, as the {@link TrustEngine} sees it, for listings
 * such as {@code caravan store keys}: the grants that stand (level, scope, the path from a root), or why none does.
 */
public sealed interface KeyGrants {
    Fingerprint key();

    /** A level in a scope, reached through {@code path} (root first); {@code basis} says how in words, or is empty. */
    record Grant(Level level, Scope scope, List<KeyRef> path, String basis) {
        public Grant {
            path = List.copyOf(path);
            basis = basis == null ? "" : basis;
        }
    }

    /** The key may sign: every grant that stands, highest level first. A root stands as maintainer, global. */
    record Holds(Fingerprint key, boolean root, List<Grant> grants) implements KeyGrants {
        public Holds {
            grants = List.copyOf(grants);
            if (grants.isEmpty()) {
                throw new IllegalArgumentException("key " + key + " holding grants needs one");
            }
        }
    }

    /** Nothing stands: {@code rule} and {@code reason} as a refusal of a package it signed now would name them. */
    record None(Fingerprint key, TrustDecision.Rule rule, String reason) implements KeyGrants {}
}
