package org.caravan.core.catalog;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.OptBoolean;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One signed generation of a store's catalog. Serialized as canonical JSON by {@link CatalogCodec};
 * {@code storeKey} is the store's Ed25519 public key (hex), the key of its DHT channel and of its first root.
 * {@code roots} and the policy's {@code rootThreshold} are the current root set; {@code rootHistory} lists
 * every root set from version 1 to the current one with the signatures that approved each rotation. It is
 * empty (and absent from the JSON) while the store has never rotated its roots: the set is then version 1.
 * {@code endorsed} lists (sorted SHA-256s of signature packets) the certifications and revocations the current
 * root set endorsed at its rotation: decisions of earlier root sets that still count. Its count and digest
 * are the newest root set's {@code endorses}, which k old and k new roots signed. Absent when empty.
 * {@code delegation} (absent: none) lets an online key sign the catalog in the roots' stead; such a catalog
 * carries {@code policySignatures}, k roots' signatures over the policy ({@link StorePolicy#canonicalBytes}),
 * because the online key may not change the rules.
 */
public record Catalog(
        int formatVersion,
        String storeKey,
        String storeName,
        long generation,
        Instant issued,
        Instant expires,
        String previousHash,
        List<String> roots,
        String keyringSha256,
        StorePolicy policy,
        List<CatalogApp> apps,
        List<SignedRootSet> rootHistory,
        List<String> endorsed,
        OnlineKeyDelegation delegation,
        List<String> policySignatures) {
    public static final int FORMAT_VERSION = 1;
    /** Catalogs of stores without an online key have no {@code delegation} key; injected as null. */
    public static final String NO_DELEGATION = "caravan.catalog.no-delegation";
    /** Catalogs of stores without an online key have no {@code policySignatures} key; injected as empty. */
    public static final String NO_POLICY_SIGNATURES = "caravan.catalog.no-policy-signatures";
    /** Catalogs of stores that never rotated with endorsements have no {@code endorsed} key; injected as empty. */
    public static final String NO_ENDORSED = "caravan.catalog.no-endorsed";
    /** Catalogs of stores that never rotated have no {@code rootHistory} key; injected as empty. */
    public static final String NO_ROOT_HISTORY = "caravan.catalog.no-root-history";
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    @JsonCreator
    public Catalog(
            @JsonProperty("formatVersion") int formatVersion,
            @JsonProperty("storeKey") String storeKey,
            @JsonProperty("storeName") String storeName,
            @JsonProperty("generation") long generation,
            @JsonProperty("issued") Instant issued,
            @JsonProperty("expires") Instant expires,
            @JsonProperty("previousHash") String previousHash,
            @JsonProperty("roots") List<String> roots,
            @JsonProperty("keyringSha256") String keyringSha256,
            @JsonProperty("policy") StorePolicy policy,
            @JsonProperty("apps") List<CatalogApp> apps,
            @JsonProperty("rootHistory") @JacksonInject(value = NO_ROOT_HISTORY, useInput = OptBoolean.TRUE)
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<SignedRootSet> rootHistory,
            @JsonProperty("endorsed") @JacksonInject(value = NO_ENDORSED, useInput = OptBoolean.TRUE)
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> endorsed,
            @JsonProperty("delegation") @JacksonInject(value = NO_DELEGATION, useInput = OptBoolean.TRUE)
            @JsonInclude(JsonInclude.Include.NON_NULL) OnlineKeyDelegation delegation,
            @JsonProperty("policySignatures") @JacksonInject(value = NO_POLICY_SIGNATURES, useInput = OptBoolean.TRUE)
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> policySignatures) {
        if (formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported catalog format version " + formatVersion);
        }
        if (storeKey == null || !HEX64.matcher(storeKey).matches()) {
            throw new IllegalArgumentException("bad store key " + storeKey);
        }
        if (generation < 1) {
            throw new IllegalArgumentException("generation must be >= 1, not " + generation);
        }
        if (issued == null || expires == null || !expires.isAfter(issued)) {
            throw new IllegalArgumentException("catalog must have issued < expires");
        }
        if (previousHash != null && !HEX64.matcher(previousHash).matches()) {
            throw new IllegalArgumentException("bad previous-generation hash " + previousHash);
        }
        if (roots == null || roots.isEmpty()) {
            throw new IllegalArgumentException("catalog names no root key");
        }
        roots = List.copyOf(roots);
        if (keyringSha256 == null || !HEX64.matcher(keyringSha256).matches()) {
            throw new IllegalArgumentException("bad keyring hash " + keyringSha256);
        }
        policy = policy == null ? StorePolicy.DEFAULT : policy;
        apps = apps.stream().sorted(Comparator.comparing(CatalogApp::id)).toList();
        if (apps.stream().map(CatalogApp::id).distinct().count() != apps.size()) {
            throw new IllegalArgumentException("catalog lists an app id twice");
        }
        rootHistory = List.copyOf(rootHistory == null ? List.of() : rootHistory);
        for (int i = 0; i < rootHistory.size(); i++) {
            if (rootHistory.get(i).version() != i + 1) {
                throw new IllegalArgumentException("root history must list versions 1, 2, ... in order; entry " + (i + 1)
                        + " is version " + rootHistory.get(i).version());
            }
        }
        if (!rootHistory.isEmpty()) {
            SignedRootSet current = rootHistory.get(rootHistory.size() - 1);
            if (!current.roots().equals(roots.stream().sorted().toList())
                    || current.threshold() != policy.rootThreshold()) {
                throw new IllegalArgumentException("the catalog's roots and root threshold are not its newest root set"
                        + " (version " + current.version() + ")");
            }
        }
        endorsed = List.copyOf(endorsed == null ? List.of() : endorsed);
        try {
            if (!org.caravan.keyring.trust.Endorsement.normalized(endorsed).equals(endorsed)) {
                throw new IllegalArgumentException("the endorsed signatures must be listed sorted, each once");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("catalog's endorsed list: " + e.getMessage(), e);
        }
        this.formatVersion = formatVersion;
        this.storeKey = storeKey;
        this.storeName = storeName;
        this.generation = generation;
        this.issued = issued;
        this.expires = expires;
        this.previousHash = previousHash;
        this.roots = roots;
        this.keyringSha256 = keyringSha256;
        this.policy = policy;
        this.apps = apps;
        this.rootHistory = rootHistory;
        this.endorsed = endorsed;
        this.delegation = delegation;
        this.policySignatures = List.copyOf(policySignatures == null ? List.of() : policySignatures);
    }

    /** A catalog signed by the roots themselves (no online key). */
    public Catalog(int formatVersion, String storeKey, String storeName, long generation, Instant issued,
            Instant expires, String previousHash, List<String> roots, String keyringSha256, StorePolicy policy,
            List<CatalogApp> apps, List<SignedRootSet> rootHistory, List<String> endorsed) {
        this(formatVersion, storeKey, storeName, generation, issued, expires, previousHash, roots, keyringSha256,
                policy, apps, rootHistory, endorsed, null, List.of());
    }

    /** A catalog whose root set endorses no earlier decision. */
    public Catalog(int formatVersion, String storeKey, String storeName, long generation, Instant issued,
            Instant expires, String previousHash, List<String> roots, String keyringSha256, StorePolicy policy,
            List<CatalogApp> apps, List<SignedRootSet> rootHistory) {
        this(formatVersion, storeKey, storeName, generation, issued, expires, previousHash, roots, keyringSha256,
                policy, apps, rootHistory, List.of(), null, List.of());
    }

    /** A catalog of a store that never rotated its roots (root set version 1). */
    public Catalog(int formatVersion, String storeKey, String storeName, long generation, Instant issued,
            Instant expires, String previousHash, List<String> roots, String keyringSha256, StorePolicy policy,
            List<CatalogApp> apps) {
        this(formatVersion, storeKey, storeName, generation, issued, expires, previousHash, roots, keyringSha256,
                policy, apps, List.of(), List.of(), null, List.of());
    }

    @Override
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public List<String> endorsed() {
        return endorsed;
    }

    @Override
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public OnlineKeyDelegation delegation() {
        return delegation;
    }

    @Override
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public List<String> policySignatures() {
        return policySignatures;
    }

    @Override
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public List<SignedRootSet> rootHistory() {
        return rootHistory;
    }

    /** The version of the current root set: 1 until the store first rotates its roots. */
    public long rootVersion() {
        return rootHistory.isEmpty() ? 1 : rootHistory.get(rootHistory.size() - 1).version();
    }

    /** This catalog with other apps (same head). */
    public Catalog withApps(List<CatalogApp> newApps) {
        return new Catalog(formatVersion, storeKey, storeName, generation, issued, expires, previousHash, roots,
                keyringSha256, policy, newApps, rootHistory, endorsed, delegation, policySignatures);
    }

    public Optional<CatalogApp> app(String id) {
        return apps.stream().filter(a -> a.id().equals(id)).findFirst();
    }
}
