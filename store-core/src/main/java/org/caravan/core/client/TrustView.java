package org.caravan.core.client;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.caravan.core.catalog.Release;
import org.caravan.core.catalog.SignerClaim;
import org.caravan.core.pkg.Version;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.Fingerprint;
import org.caravan.keyring.sign.SignatureCheck;
import org.caravan.keyring.trust.Subject;
import org.caravan.keyring.trust.TrustDecision;
import org.caravan.keyring.trust.TrustContext;
import org.caravan.keyring.trust.TrustEngine;
import org.caravan.keyring.trust.TrustWeb;

/**
 * What the client shows about each app: the trust decision for its releases, made from the store's
 * verified keyring and the signer claims of the current catalog, at the client's clock.
 */
final class TrustView {
    private final ClientDatabase db;
    private final InstalledTable installed;
    private final Map<String, TrustWeb> webs = new ConcurrentHashMap<>();
    private final Map<String, TrustEngine> engines = new ConcurrentHashMap<>();

    TrustView(ClientDatabase db, InstalledTable installed) {
        this.db = db;
        this.installed = installed;
    }

    /** The store's engine, built from the policy its current catalog carries. */
    TrustEngine engine(String storeKey) {
        return engines.computeIfAbsent(storeKey,
                k -> new TrustEngine(ClientService.sql(() -> db.policy(k)).trustPolicy()));
    }

    /** A store's trust web and policy changed (a new generation was imported). */
    void replaceWeb(String storeKey, TrustWeb web) {
        webs.put(storeKey, web);
        engines.remove(storeKey);
    }

    /** A store was unsubscribed: nothing of it is decided by any more. */
    void forget(String storeKey) {
        webs.remove(storeKey);
        engines.remove(storeKey);
    }

    TrustWeb web(String storeKey) {
        return webs.computeIfAbsent(storeKey, k -> ClientService.sql(() -> {
            String keyring = db.keyring(k);
            List<String> roots = db.roots(k);
            List<Certificate> rootCerts = new ArrayList<>();
            List<Certificate> keys = new ArrayList<>();
            for (Certificate c : Certificate.parseAll(keyring.getBytes(StandardCharsets.US_ASCII))) {
                (roots.contains(c.fingerprint().hex()) ? rootCerts : keys).add(c);
            }
            return new TrustWeb(rootCerts, keys, java.util.Set.copyOf(db.endorsed(k)));
        }));
    }

    /**
     * What a decision for one store may use beyond its own web: the other subscribed stores' webs (a root
     * of this store may cross-certify theirs within a scope) and the user's local overrides.
     */
    TrustContext context(String storeKey) {
        return ClientService.sql(() -> {
            Map<String, TrustWeb> others = new HashMap<>();
            for (StoreRecord s : db.stores()) {
                if (!s.storeKey().equals(storeKey) && s.generation() > 0) {
                    others.put(s.displayName(), web(s.storeKey()));
                }
            }
            return new TrustContext(others, db.overrides());
        });
    }

    /** Decides a package of a store from checked signatures, with the store's policy and the client's context. */
    TrustDecision decide(String storeKey, List<SignatureCheck> checks, Subject subject, Instant now) {
        return engine(storeKey).decide(web(storeKey), checks, subject, now, context(storeKey));
    }

    /** The decision for a release from the signer claims the store recorded (before download). */
    TrustDecision decideClaimed(String storeKey, String appId, String category, Release r, Instant now) {
        return decideClaimed(storeKey, appId, category, r, now, context(storeKey));
    }

    private TrustDecision decideClaimed(String storeKey, String appId, String category, Release r, Instant now,
            TrustContext ctx) {
        List<SignatureCheck> claimed = new ArrayList<>();
        for (SignerClaim c : r.signers()) {
            claimed.add(new SignatureCheck.Valid(Fingerprint.of(c.fingerprint()), c.signedAt()));
        }
        return engine(storeKey).decide(web(storeKey), claimed, new Subject(appId, category, r.type()), now, ctx);
    }

    List<AppEntry> apps(Instant now) throws SQLException {
        return entries(now, db.apps());
    }

    /** The entries of the given apps, in their order. */
    List<AppEntry> entries(Instant now, List<ClientDatabase.StoredApp> apps) throws SQLException {
        return entries(now, apps, java.util.function.UnaryOperator.identity());
    }

    /** The entries as they would be with each store's context changed by {@code adjust} (a preview of overrides). */
    List<AppEntry> entries(Instant now, List<ClientDatabase.StoredApp> apps,
            java.util.function.UnaryOperator<TrustContext> adjust) throws SQLException {
        Map<String, StoreRecord> stores = new HashMap<>();
        for (StoreRecord s : db.stores()) {
            stores.put(s.storeKey(), s);
        }
        Map<String, TrustContext> contexts = new HashMap<>();
        // One query for every installed app, not one per listed app (100 000 of them in a big catalog).
        Map<String, InstalledRecord> installedById = new HashMap<>();
        for (InstalledRecord r : installed.all()) {
            installedById.put(r.appId(), r);
        }
        Map<String, String> userIds = new HashMap<>();
        List<AppEntry> out = new ArrayList<>();
        for (ClientDatabase.StoredApp a : apps) {
            TrustContext ctx = contexts.computeIfAbsent(a.storeKey(), k -> adjust.apply(context(k)));
            StoreRecord store = stores.get(a.storeKey());
            Release newest = newest(a.releases());
            TrustDecision d = decideClaimed(a.storeKey(), a.appId(), a.category(), newest, now, ctx);
            Optional<InstalledRecord> inst = Optional.ofNullable(installedById.get(a.appId()))
                    .filter(i -> i.storeKey().equals(a.storeKey()));
            TrustState state = stateOf(d, store, now);
            if (inst.isPresent() && state != TrustState.SPURIOUS) {
                // An installed older release may be spurious even if the newest is fine.
                Optional<Release> installedRelease = a.releases().stream()
                        .filter(r -> r.version().equals(inst.get().version())).findFirst();
                if (installedRelease.isPresent()) {
                    TrustDecision di = decideClaimed(a.storeKey(), a.appId(), a.category(), installedRelease.get(), now, ctx);
                    if (di instanceof TrustDecision.Refused ri && ri.spurious()) {
                        state = TrustState.SPURIOUS;
                        d = di;
                    }
                }
            }
            SignerClaim signer = newest.signers().isEmpty() ? null : newest.signers().get(0);
            out.add(new AppEntry(store.displayName(), a.appId(), a.name(), a.summary(), a.category(), newest.version(),
                    signer == null ? "" : userIds.computeIfAbsent(a.storeKey() + "/" + signer.fingerprint(),
                            k -> userIdOf(a.storeKey(), signer.fingerprint())),
                    signer == null ? "" : signer.fingerprint(), state,
                    inst.map(InstalledRecord::version).orElse(null), explain(d, store, now)));
        }
        return out;
    }

    private String userIdOf(String storeKey, String fingerprint) {
        TrustWeb web = web(storeKey);
        return Stream.concat(web.roots().stream(), web.keys().stream())
                .filter(c -> c.fingerprint().hex().equals(fingerprint))
                .map(Certificate::userId).findFirst().orElse("unknown key");
    }

    private static TrustState stateOf(TrustDecision d, StoreRecord store, Instant now) {
        if (d instanceof TrustDecision.Refused r) {
            return r.spurious() ? TrustState.SPURIOUS : TrustState.REFUSED;
        }
        return isStale(store, now) ? TrustState.STALE : TrustState.TRUSTED;
    }

    static boolean isStale(StoreRecord store, Instant now) {
        return store.expires() != null && !now.isBefore(store.expires());
    }

    private static String explain(TrustDecision d, StoreRecord store, Instant now) {
        if (d instanceof TrustDecision.Trusted && isStale(store, now)) {
            return "the catalog of " + store.displayName() + " expired at " + store.expires()
                    + "; new installs wait for a fresh sync (" + d.explain() + ")";
        }
        return d.explain();
    }

    static Release newest(List<Release> releases) {
        return releases.stream().max(Comparator.comparing(r -> Version.parse(r.version()))).orElseThrow();
    }
}
