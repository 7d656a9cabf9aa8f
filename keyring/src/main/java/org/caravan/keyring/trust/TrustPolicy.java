package org.caravan.keyring.trust;

/**
 * The store's rules as data, so a store can change them without code: today only the level a key
 * needs to publish without a co-signature. Thresholds (how many certifications of level L promote a
 * key) and mentoring quotas belong here next.
 */
public record TrustPolicy(Level publishAlone) {
    public static final TrustPolicy DEFAULT = new TrustPolicy(Level.DEVELOPER);

    public TrustPolicy {
        if (publishAlone == null) {
            throw new IllegalArgumentException("trust policy needs the level that may publish alone");
        }
    }
}
