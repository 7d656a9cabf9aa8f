package org.caravan.core.catalog;

import java.time.Instant;
import org.caravan.keyring.key.Fingerprint;

/**
 * Who signed a release and when, as the store verified it when the package was added. Lets a client
 * show trust before download; the signatures themselves are checked again over the downloaded bytes.
 */
public record SignerClaim(String fingerprint, Instant signedAt) {
    public SignerClaim {
        fingerprint = Fingerprint.of(fingerprint).hex();
        if (signedAt == null) {
            throw new IllegalArgumentException("signer " + fingerprint + " has no signature time");
        }
    }
}
