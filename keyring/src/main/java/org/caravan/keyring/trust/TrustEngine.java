package org.caravan.keyring.trust;

import java.time.Instant;
import java.util.List;
import org.caravan.keyring.sign.SignatureCheck;

/** Decides whether signatures over a package make it installable, at an explicit reference time. */
public final class TrustEngine {

    /**
     * @param web the store's roots and certified keys
     * @param signatures the checked detached signatures over the package (several when co-signed)
     * @param subject what the package claims to be
     * @param referenceTime the time the decision is made for
     */
    public TrustDecision decide(TrustWeb web, List<SignatureCheck> signatures, Subject subject, Instant referenceTime) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
