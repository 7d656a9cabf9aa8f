package org.caravan.keyring.trust;

import org.caravan.keyring.key.Fingerprint;

/**
 * A decision the user took on their own machine; it never travels to other clients or stores.
 * Distrust wins over everything; trust for one app stands in for a store certification of that key
 * for that app only (the key must still be valid: not revoked, not expired, signature on time).
 */
public sealed interface LocalOverride {
    Fingerprint key();

    /** Trust this key to sign this app (and nothing else). */
    record TrustForApp(Fingerprint key, String appId) implements LocalOverride {
        public TrustForApp {
            if (key == null) {
                throw new IllegalArgumentException("local trust override names no key");
            }
            if (appId == null || appId.isBlank()) {
                throw new IllegalArgumentException("local trust override for key " + key.hex() + " names no app");
            }
        }
    }

    /** Never trust this key, whatever any store says. */
    record Distrust(Fingerprint key) implements LocalOverride {
        public Distrust {
            if (key == null) {
                throw new IllegalArgumentException("local distrust override names no key");
            }
        }
    }
}
