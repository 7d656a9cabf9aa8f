package org.caravan.keyring.trust;

import java.time.Instant;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.SecretKey;

/**
 * What a store root (or maintainer) signs about developer keys: certifications with a privilege level
 * and a scope, and revocations. Results are the developer certificate with the new signature attached.
 */
public final class StoreAuthority {
    private StoreAuthority() {}

    /**
     * Certifies {@code developer}'s primary user id with a level and scope, encoded as an OpenPGP
     * trust signature (level/amount) plus a {@code scope@caravan.org} notation. {@code expires} may be null.
     */
    public static Certificate certify(SecretKey certifier, Certificate developer, Level level, Scope scope,
            Instant signedAt, Instant expires) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Revokes the certifier's certification(s) of {@code developer} with a reason (hard or soft). */
    public static Certificate revoke(SecretKey certifier, Certificate developer, RevocationReason reason,
            String comment, Instant signedAt) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
