package org.caravan.keyring.trust;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.testing.Personas;

/** Small webs built from the personas plus extra signatures, for the rule tests. */
final class TrustWebs {
    private static final Map<String, SecretKey> EXTRA = new ConcurrentHashMap<>();

    private TrustWebs() {}

    /** A key made once per test run at the personas' creation time (deterministic times, fresh randomness). */
    static SecretKey extra(String name) {
        return EXTRA.computeIfAbsent(name, n -> SecretKey.generate(n.substring(0, 1).toUpperCase() + n.substring(1)
                + " <" + n + "@caravan.test>", Personas.CREATED));
    }

    /** The persona web with some certificates replaced or added (same fingerprint: merged). */
    static TrustWeb personasWith(Certificate... changed) {
        List<Certificate> keys = new ArrayList<>(Personas.keyring());
        for (Certificate c : changed) {
            boolean merged = false;
            for (int i = 0; i < keys.size(); i++) {
                if (keys.get(i).fingerprint().equals(c.fingerprint())) {
                    keys.set(i, keys.get(i).mergedWith(c));
                    merged = true;
                }
            }
            if (!merged) {
                keys.add(c);
            }
        }
        return new TrustWeb(Personas.roots(), keys);
    }

    static Certificate certify(String certifier, Certificate subject, Level level, String scope, Instant at) {
        return StoreAuthority.certify(Personas.secretKey(certifier), subject, level, Scope.parse(scope), at, null);
    }

    static Certificate certify(SecretKey certifier, Certificate subject, Level level, String scope, Instant at) {
        return StoreAuthority.certify(certifier, subject, level, Scope.parse(scope), at, null);
    }
}
