package org.caravan.keyring.trust;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the engine may use beyond one store's web: the webs of the other stores this client subscribes to
 * (for cross-store certifications) and the user's local overrides. A value, passed with each decision,
 * so the engine keeps no hidden state about who trusts whom.
 *
 * @param otherStores other stores' webs by a name the explanation shows (e.g. the store name or key)
 * @param overrides the user's local trust/distrust decisions
 */
public record TrustContext(Map<String, TrustWeb> otherStores, List<LocalOverride> overrides) {
    public static final TrustContext NONE = new TrustContext(Map.of(), List.of());

    public TrustContext {
        otherStores = otherStores == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(otherStores));
        overrides = overrides == null ? List.of() : List.copyOf(overrides);
    }

    public static TrustContext ofStores(Map<String, TrustWeb> otherStores) {
        return new TrustContext(otherStores, List.of());
    }

    public static TrustContext ofOverrides(List<LocalOverride> overrides) {
        return new TrustContext(Map.of(), overrides);
    }

    public TrustContext withOverrides(List<LocalOverride> more) {
        List<LocalOverride> all = new java.util.ArrayList<>(overrides);
        all.addAll(more);
        return new TrustContext(otherStores, all);
    }
}
