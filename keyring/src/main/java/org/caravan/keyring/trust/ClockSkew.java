package org.caravan.keyring.trust;

import java.time.Duration;
import java.time.Instant;

/**
 * How far the clocks of a store, a developer and a user may disagree. A trust decision at reference time T counts
 * signatures, certifications and revocations dated up to {@link #TOLERATED} after T as made (a store or a developer
 * whose clock runs a day ahead, or a user whose clock runs a day behind, is not refused); anything dated later is
 * "signed in the future": a signature is refused, a certification or revocation does not count yet. Expiry (of a
 * key, a certification, a catalog) is judged at T itself, never moved. {@link TrustEngine} applies it.
 */
public final class ClockSkew {
    /** One day: clocks set to the wrong day or time zone happen; a week would let a thief's back-dating slip by. */
    public static final Duration TOLERATED = Duration.ofDays(1);

    private ClockSkew() {}

    /** The latest date a signature may carry and count in a decision at {@code reference}. */
    public static Instant latestSignatureTime(Instant reference) {
        return reference.plus(TOLERATED);
    }
}
