package org.caravan.keyring.trust;

import java.util.Set;

/**
 * Which cryptography the engine still accepts. By default SHA-1 (and older) signatures, RSA keys under
 * 2048 bits and OpenPGP v3 keys are refused: each can be forged or collided within a store's lifetime.
 * Hash algorithms use the OpenPGP numbers (RFC 9580 section 9.5): 1 MD5, 2 SHA-1, 3 RIPEMD-160.
 *
 * @param refusedHashes OpenPGP hash algorithm ids whose signatures count as absent
 * @param minimumRsaBits smallest RSA modulus accepted for a signer or certifier
 * @param allowV3Keys whether OpenPGP version 3 keys may sign at all
 */
public record CryptoPolicy(Set<Integer> refusedHashes, int minimumRsaBits, boolean allowV3Keys) {
    public static final CryptoPolicy DEFAULT = new CryptoPolicy(Set.of(1, 2, 3, 5, 6, 7), 2048, false);

    public CryptoPolicy {
        refusedHashes = Set.copyOf(refusedHashes);
        if (minimumRsaBits < 0) {
            throw new IllegalArgumentException("minimum RSA size cannot be negative: " + minimumRsaBits);
        }
    }

    public boolean refusesHash(int openPgpHashAlgorithm) {
        return refusedHashes.contains(openPgpHashAlgorithm);
    }
}
