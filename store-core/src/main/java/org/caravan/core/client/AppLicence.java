package org.caravan.core.client;

import java.time.Instant;
import java.util.Objects;

/**
 * What a face shows of a licensed app (docs/protocol.md section 9c): either this home holds a licence (or device
 * token) for it, with the licence's terms, or the app is known to be licensed (its package, fetched once, is sealed)
 * and no licence is held, so it is locked until one is added. Whether a held licence opens a given release is still
 * decided at install, against the store's trust.
 *
 * @param licensor fingerprint of the key that licenses the app (from the package, else the licence's issuer)
 * @param issuer   fingerprint of the licence's issuer; null when locked
 * @param versions the versions the licence covers ("*" for all); null when locked
 * @param expires  when the licence ends; null when it never does or when locked
 * @param devices  the devices the licence allows; 0 when locked
 * @param summary  one line on the licence held (app, versions, expiry, devices, issuer); null when locked
 */
public record AppLicence(String appId, State state, String licensor, String issuer, String versions, Instant expires,
        int devices, boolean expired, String summary) {

    /** Held: a licence is in this home. Locked: the app is licensed and no licence is held. */
    public enum State { HELD, LOCKED }

    public AppLicence {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(licensor, "licensor");
        if (state == State.HELD && (issuer == null || versions == null || summary == null || devices < 1)) {
            throw new IllegalArgumentException("a held licence for " + appId + " needs its issuer, versions, devices "
                    + "and summary");
        }
    }

    /** What a user does to unlock it: the command that adds a licence file. */
    public static final String ADD_COMMAND = "caravan client license add FILE.lic";
}
