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
import org.caravan.keyring.trust.TrustEngine;
import org.caravan.keyring.trust.TrustWeb;

/**
 * What the client shows about each app: the trust decision for its releases, made from the store's
 * verified keyring and the signer claims of the current catalog, at the client's clock.
 */
final class TrustView {
    private final ClientDatabase db;
    private final InstalledTable installed;
    private final TrustEngine engine = new TrustEngine();
    private final Map<String, TrustWeb> webs = new ConcurrentHashMap<>();

    TrustView(ClientDatabase db, InstalledTable installed) {
        this.db = db;
        this.installed = installed;
    }

    TrustEngine engine() {
        return engine;
    }

    /** A store's trust web changed (a new generation was imported). */
    void replaceWeb(String storeKey, TrustWeb web) {
        webs.put(storeKey, web);
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
            return new TrustWeb(rootCerts, keys);
        }));
    }

    /** The decision for a release from the signer claims the store recorded (before download). */
    TrustDecision decideClaimed(String storeKey, String appId, String category, Release r, Instant now) {
        List<SignatureCheck> claimed = new ArrayList<>();
        for (SignerClaim c : r.signers()) {
            claimed.add(new SignatureCheck.Valid(Fingerprint.of(c.fingerprint()), c.signedAt()));
        }
        return engine.decide(web(storeKey), claimed, new Subject(appId, category, r.type()), now);
    }

    List<AppEntry> apps(Instant now) throws SQLException {
        return entries(now, db.apps());
    }

    /** The entries of the given apps, in their order. */
    List<AppEntry> entries(Instant now, List<ClientDatabase.StoredApp> apps) throws SQLException {
        Map<String, StoreRecord> stores = new HashMap<>();
        for (StoreRecord s : db.stores()) {
            stores.put(s.storeKey(), s);
        }
        List<AppEntry> out = new ArrayList<>();
        for (ClientDatabase.StoredApp a : apps) {
            StoreRecord store = stores.get(a.storeKey());
            Release newest = newest(a.releases());
            TrustDecision d = decideClaimed(a.storeKey(), a.appId(), a.category(), newest, now);
            Optional<InstalledRecord> inst = installed.installed(a.appId()).filter(i -> i.storeKey().equals(a.storeKey()));
            TrustState state = stateOf(d, store, now);
            if (inst.isPresent() && state != TrustState.SPURIOUS) {
                // An installed older release may be spurious even if the newest is fine.
                Optional<Release> installedRelease = a.releases().stream()
                        .filter(r -> r.version().equals(inst.get().version())).findFirst();
                if (installedRelease.isPresent()) {
                    TrustDecision di = decideClaimed(a.storeKey(), a.appId(), a.category(), installedRelease.get(), now);
                    if (di instanceof TrustDecision.Refused ri && ri.spurious()) {
                        state = TrustState.SPURIOUS;
                        d = di;
                    }
                }
            }
            SignerClaim signer = newest.signers().isEmpty() ? null : newest.signers().get(0);
            out.add(new AppEntry(store.displayName(), a.appId(), a.name(), a.summary(), a.category(), newest.version(),
                    signer == null ? "" : userIdOf(a.storeKey(), signer.fingerprint()),
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
