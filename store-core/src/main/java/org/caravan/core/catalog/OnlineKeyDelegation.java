package org.caravan.core.catalog;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The root set's delegation of catalog signing to an online key (TUF's timestamp/snapshot split): the key's
 * fingerprint, the root set version it was made under, and the time it ends, signed (armored detached
 * signatures over {@link #canonicalBytes}) by k roots. A catalog signed by that key counts while k roots of
 * the catalog's current root set are among the signers, the catalog was issued before {@code validUntil} and
 * expires no later than it. The online key can publish catalogs and nothing else: certifications,
 * revocations, the policy and the root set stay signed by roots.
 *
 * @param rootSetVersion the root set version the roots signed it under (a later set counts it only while k
 *     of its own roots are among the signers)
 * @param key the online key's OpenPGP v4 fingerprint (its certificate travels in {@code keyring.asc})
 */
public record OnlineKeyDelegation(long rootSetVersion, String key, Instant validUntil, List<String> signatures) {
    private static final Pattern FPR = Pattern.compile("[0-9A-F]{40}");

    public OnlineKeyDelegation {
        if (rootSetVersion < 1) {
            throw new IllegalArgumentException("an online key delegation names root set version 1 or later, not "
                    + rootSetVersion);
        }
        if (key == null || !FPR.matcher(key).matches()) {
            throw new IllegalArgumentException("an online key delegation names the key by its fingerprint (40 upper-case"
                    + " hex digits), not '" + key + "'");
        }
        if (validUntil == null) {
            throw new IllegalArgumentException("online key delegation of " + key + " has no end (validUntil)");
        }
        signatures = List.copyOf(signatures == null ? List.of() : signatures);
    }

    /**
     * The bytes the roots sign (US-ASCII, one fact per line, the instant in ISO-8601 UTC as in catalogs):
     * <pre>
     * caravan-online-key 1
     * store STOREKEY
     * root-set-version V
     * key FINGERPRINT
     * valid-until 2026-05-01T00:00:00Z
     * </pre>
     */
    public byte[] canonicalBytes(String storeKeyHex) {
        return ("caravan-online-key 1\nstore " + storeKeyHex + "\nroot-set-version " + rootSetVersion + "\nkey " + key
                + "\nvalid-until " + validUntil + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** This delegation with one more root's signature. */
    public OnlineKeyDelegation withSignature(String armored) {
        List<String> more = new java.util.ArrayList<>(signatures);
        more.add(armored);
        return new OnlineKeyDelegation(rootSetVersion, key, validUntil, more);
    }
}
