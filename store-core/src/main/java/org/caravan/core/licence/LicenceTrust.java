package org.caravan.core.licence;

import java.util.Collection;
import java.util.List;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.sign.SignatureCheck;
import org.caravan.keyring.trust.TrustDecision;

/**
 * The trust of the store a licensed app comes from, as the licence check needs it: the keys a licence signature
 * may be by, and the trust engine's decision on the verified signatures for the app's scope.
 */
public interface LicenceTrust {
    /** The store's name, for messages. */
    String storeName();

    Collection<Certificate> candidates();

    TrustDecision decide(List<SignatureCheck> checks);
}
