package org.caravan.core.catalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.caravan.keyring.trust.Promotion;
import org.caravan.keyring.trust.TrustPolicy;

/**
 * The store's rules, signed as part of every generation, so every client judges packages the same way.
 * Level names are data (rank = position in {@code levels}) so a store may rename or add levels; roles
 * name a level by rank. {@code catalogLifetime} bounds how long a generation stays fresh (freeze attacks).
 *
 * @param levels level names, lowest first
 * @param catalogLifetimeSeconds how long a generation stays fresh
 * @param publishLevel the lowest rank whose signature alone makes a package installable
 * @param mentorLevel the lowest rank whose co-signature counts for a package by a lower-ranked key
 * @param maintainerLevel the lowest rank that certifies and revokes for the store within its scope
 * @param promotions by level name L: how many certifications within a scope by distinct keys of level
 *     at least L there promote a key to the next level in that scope (levels not listed: no promotion)
 * @param mentorCoSignatures how many mentors must co-sign a package by a key below {@code publishLevel}
 * @param rootThreshold k: how many distinct roots a store certification, revocation or root rotation needs
 */
public record StorePolicy(List<String> levels, long catalogLifetimeSeconds, int publishLevel, int mentorLevel,
        int maintainerLevel, Map<String, Integer> promotions, int mentorCoSignatures, int rootThreshold) {
    public static final StorePolicy DEFAULT = new StorePolicy(List.of("newcomer", "developer", "mentor", "maintainer"),
            Duration.ofDays(7).toSeconds(), 1, 2, 3, Map.of("newcomer", 20, "developer", 20), 1, 1);

    public StorePolicy {
        levels = List.copyOf(levels);
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("store policy names no privilege levels");
        }
        if (catalogLifetimeSeconds < 60) {
            throw new IllegalArgumentException("catalog lifetime must be at least 60 s, not " + catalogLifetimeSeconds);
        }
        promotions = Collections.unmodifiableMap(new TreeMap<>(promotions == null ? Map.of() : promotions));
        for (Map.Entry<String, Integer> p : promotions.entrySet()) {
            int from = levels.indexOf(p.getKey());
            if (from < 0 || from + 1 >= levels.size()) {
                throw new IllegalArgumentException("store policy promotes from level '" + p.getKey() + "', which "
                        + (from < 0 ? "is not one of " + levels : "is the top level"));
            }
            if (p.getValue() == null || p.getValue() < 1) {
                throw new IllegalArgumentException("store policy promotion from level '" + p.getKey()
                        + "' needs at least one certification, not " + p.getValue());
            }
        }
        // The rest (role ranks in range, k >= 1, mentors >= 1) is checked by the keyring's policy itself.
        toTrustPolicyChecked(levels, publishLevel, mentorLevel, maintainerLevel, promotions, mentorCoSignatures,
                rootThreshold);
    }

    /** This policy with another root threshold k (the store folder takes k from its current root set). */
    public StorePolicy withRootThreshold(int k) {
        return new StorePolicy(levels, catalogLifetimeSeconds, publishLevel, mentorLevel, maintainerLevel, promotions,
                mentorCoSignatures, k);
    }

    /** The rank of a level given by its name in this policy or by its rank. */
    public int rankOf(String nameOrRank) {
        String t = nameOrRank == null ? "" : nameOrRank.trim();
        int i = levels.indexOf(t);
        if (i >= 0) {
            return i;
        }
        try {
            int r = Integer.parseInt(t);
            if (r >= 0 && r < levels.size()) {
                return r;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("unknown privilege level '" + nameOrRank + "' (this store's levels: "
                + String.join(", ", levels) + ")");
    }

    /**
     * The bytes k roots sign to approve this policy for a store whose catalogs an online key signs:
     * {@code caravan-policy 1}, {@code store STOREKEY}, each on its own line, then the policy's canonical JSON.
     */
    public byte[] canonicalBytes(String storeKeyHex) {
        try {
            byte[] json = CatalogCodec.mapper().writeValueAsBytes(this);
            byte[] head = ("caravan-policy 1\nstore " + storeKeyHex + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[] out = java.util.Arrays.copyOf(head, head.length + json.length);
            System.arraycopy(json, 0, out, head.length, json.length);
            return out;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the store policy", e);
        }
    }

    public Duration catalogLifetime() {
        return Duration.ofSeconds(catalogLifetimeSeconds);
    }

    /** The trust engine's policy this store policy describes (crypto policy: keyring's default). */
    public TrustPolicy trustPolicy() {
        return toTrustPolicyChecked(levels, publishLevel, mentorLevel, maintainerLevel, promotions, mentorCoSignatures,
                rootThreshold);
    }

    private static TrustPolicy toTrustPolicyChecked(List<String> levels, int publishLevel, int mentorLevel,
            int maintainerLevel, Map<String, Integer> promotions, int mentorCoSignatures, int rootThreshold) {
        List<Promotion> steps = new ArrayList<>();
        for (Map.Entry<String, Integer> p : promotions.entrySet()) {
            steps.add(new Promotion(levels.indexOf(p.getKey()), p.getValue()));
        }
        try {
            return TrustPolicy.of(levels, publishLevel, mentorLevel, maintainerLevel, steps, mentorCoSignatures,
                    rootThreshold);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid store policy: " + e.getMessage(), e);
        }
    }
}
