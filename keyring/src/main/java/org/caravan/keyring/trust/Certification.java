package org.caravan.keyring.trust;

import java.time.Instant;
import org.caravan.keyring.key.Fingerprint;

/**
 * A store signature found on a key, as read from its OpenPGP packets: a certification granting a
 * level and scope, or a revocation of earlier certifications. Reading does not verify; the
 * {@link TrustEngine} only counts signatures it verified against a root's key.
 *
 * @param issuer the issuer fingerprint subpacket, or null when the signature names only a key id
 * @param issuerKeyId the issuer's 16-hex-digit key id
 * @param userId the user id the signature is bound to
 * @param signedAt signature creation time
 */
public sealed interface Certification {
    Fingerprint issuer();

    String issuerKeyId();

    String userId();

    Instant signedAt();

    /**
     * A certification (OpenPGP 0x10..0x13). {@code level} and {@code scope} are null when the
     * signature carries no trust-signature or scope notation; {@code expires} is null when it never expires.
     */
    record Granted(Fingerprint issuer, String issuerKeyId, String userId, Instant signedAt, Level level, Scope scope,
            Instant expires) implements Certification {
        public boolean expiredAt(Instant time) {
            return expires != null && !time.isBefore(expires);
        }
    }

    /** A certification revocation (OpenPGP 0x30); {@code reasonGiven} is false when no reason subpacket was present. */
    record Revoked(Fingerprint issuer, String issuerKeyId, String userId, Instant signedAt, RevocationReason reason,
            String comment, boolean reasonGiven) implements Certification {
        /** Hard revocations reach back in time; so does one that gives no reason. */
        public boolean hard() {
            return !reasonGiven || reason.hard();
        }
    }

    /**
     * Every third-party certification and certification revocation on {@code key}'s user ids, decoded (Caravan's
     * level, scope and expiry when present) but NOT verified: for listings such as {@code caravan key show}. Trust
     * decisions count only what {@link TrustEngine} verified.
     */
    static java.util.List<Certification> readFrom(org.caravan.keyring.key.Certificate key) {
        return Encoding.thirdPartySignatures(org.caravan.keyring.key.Bc.of(key).getPrimaryKey().getPGPPublicKey())
                .stream().map(Encoding.Found::meaning).toList();
    }
}
