package org.caravan.keyring.trust;

import org.caravan.keyring.key.Fingerprint;

/** A key in a trust path, as a user sees it. */
public record KeyRef(Fingerprint fingerprint, String userId) {
    @Override
    public String toString() {
        return userId + " [" + fingerprint.hex() + "]";
    }
}
