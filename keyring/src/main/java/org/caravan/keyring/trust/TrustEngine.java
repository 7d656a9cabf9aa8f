package org.caravan.keyring.trust;

import java.lang.ref.WeakReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.caravan.keyring.key.Fingerprint;
import org.caravan.keyring.sign.SignatureCheck;
import org.caravan.keyring.trust.TrustDecision.Refused;
import org.caravan.keyring.trust.TrustDecision.Rule;
import org.caravan.keyring.trust.WebIndex.KeyRevocation;
import org.caravan.keyring.trust.WebIndex.Node;

/**
 * Decides whether signatures over a package make it installable, at an explicit reference time.
 *
 * <p>A signer's standing comes from three sources, all verified cryptographically: the store's roots
 * (a certification counts when k roots hold it, see {@link TrustPolicy#rootThreshold()}), maintainers
 * certifying within their scope, and promotion by threshold (enough certifications from keys of a
 * level within a scope). Key revocations by the key itself or a designated revoker, and store
 * revocations by k roots or a maintainer in scope, take standing away: hard ones for every signature,
 * soft ones for signatures made at or after the revocation. A newcomer's package needs mentors'
 * co-signatures. Other stores' roots certified by this store, and the user's local overrides, come in
 * through {@link TrustContext}. The rules are listed in docs/trust-encoding.md.
 *
 * <p>Verifying the web's certifications is done once per {@link TrustWeb} instance and cached, so reuse
 * the same web object for many decisions.
 */
public final class TrustEngine {
    private static final int CACHED_WEBS = 8;
    private final TrustPolicy policy;
    private final List<Cached> cache = new ArrayList<>();

    public TrustEngine() {
        this(TrustPolicy.DEFAULT);
    }

    public TrustEngine(TrustPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    public TrustPolicy policy() {
        return policy;
    }

    /**
     * @param web the store's roots and certified keys
     * @param signatures the checked detached signatures over the package (several when co-signed); the
     *     first valid one is the author's, the others co-signatures
     * @param subject what the package claims to be
     * @param referenceTime the time the decision is made for
     */
    public TrustDecision decide(TrustWeb web, List<SignatureCheck> signatures, Subject subject, Instant referenceTime) {
        return decide(web, signatures, subject, referenceTime, TrustContext.NONE);
    }

    /** As {@link #decide(TrustWeb, List, Subject, Instant)}, with other stores' webs and local overrides. */
    public TrustDecision decide(TrustWeb web, List<SignatureCheck> signatures, Subject subject, Instant referenceTime,
            TrustContext context) {
        Objects.requireNonNull(web, "web");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(referenceTime, "referenceTime");
        TrustContext ctx = context == null ? TrustContext.NONE : context;
        List<SignatureCheck.Valid> valid = new ArrayList<>();
        SignatureCheck.Invalid firstInvalid = null;
        for (SignatureCheck c : signatures == null ? List.<SignatureCheck>of() : signatures) {
            if (c instanceof SignatureCheck.Valid v) {
                if (valid.stream().noneMatch(o -> o.signer().equals(v.signer()))) {
                    valid.add(v); // the same key signing twice is still one voice
                }
            } else if (c instanceof SignatureCheck.Invalid i && firstInvalid == null) {
                firstInvalid = i;
            }
        }
        if (valid.isEmpty()) {
            if (firstInvalid == null) {
                return new Refused(Rule.NO_SIGNATURE, "package " + subject.appId() + " carries no signature", null,
                        referenceTime);
            }
            Rule rule = firstInvalid.reason().contains("signatures are refused") ? Rule.WEAK_CRYPTO : Rule.BAD_SIGNATURE;
            return new Refused(rule, firstInvalid.reason(), null, referenceTime);
        }
        Evaluation eval = evaluation(web, referenceTime);
        List<Judged> judged = new ArrayList<>();
        for (SignatureCheck.Valid v : valid) {
            judged.add(eval.judge(v.signer(), v.signedAt(), subject, ctx, true));
        }
        for (Judged j : judged) {
            if (j.refused() != null && (j.refused().rule() == Rule.REVOKED || j.refused().rule() == Rule.DISTRUSTED)) {
                return j.refused(); // a package a revoked key signed is spurious, co-signed or not
            }
        }
        Judged author = judged.get(0);
        if (author.refused() == null && author.level().compareTo(policy.publishAlone()) >= 0) {
            return trusted(author, valid, eval, referenceTime);
        }
        if (author.refused() == null) {
            return mentored(author, judged, eval, subject, referenceTime);
        }
        Judged best = null;
        for (Judged j : judged) {
            if (j.refused() == null && j.level().compareTo(policy.publishAlone()) >= 0
                    && (best == null || j.level().compareTo(best.level()) > 0)) {
                best = j;
            }
        }
        return best == null ? author.refused() : trusted(best, valid, eval, referenceTime);
    }

    private TrustDecision trusted(Judged j, List<SignatureCheck.Valid> valid, Evaluation eval, Instant ref) {
        List<KeyRef> co = new ArrayList<>();
        for (SignatureCheck.Valid v : valid) {
            if (!v.signer().equals(j.signer().fingerprint())) {
                co.add(eval.ref(v.signer()));
            }
        }
        return new TrustDecision.Trusted(j.path(), j.level(), j.scope(), co, ref, j.basis());
    }

    /** The author may sign but not publish alone: enough mentors for the package's scope must co-sign. */
    private TrustDecision mentored(Judged author, List<Judged> judged, Evaluation eval, Subject subject, Instant ref) {
        List<KeyRef> mentors = new ArrayList<>();
        for (Judged j : judged.subList(1, judged.size())) {
            if (j.refused() == null && j.level().compareTo(policy.mentor()) >= 0) {
                mentors.add(j.signer());
            }
        }
        KeyRef who = author.signer();
        if (mentors.size() >= policy.mentorCoSignatures()) {
            StringBuilder basis = new StringBuilder(author.basis().isEmpty() ? "" : author.basis() + "; ");
            basis.append("a ").append(author.level()).append("'s package, installable because ")
                    .append(mentors.size() == 1 ? "mentor " : mentors.size() + " mentors ");
            for (int i = 0; i < mentors.size(); i++) {
                basis.append(i > 0 ? ", " : "").append(mentors.get(i));
            }
            basis.append(mentors.size() == 1 ? " co-signed it" : " co-signed it");
            return new TrustDecision.Trusted(author.path(), author.level(), author.scope(), mentors, ref, basis.toString());
        }
        StringBuilder notCounted = new StringBuilder();
        for (Judged j : judged.subList(1, judged.size())) {
            if (j.refused() != null) {
                notCounted.append("; a co-signature does not count: ").append(j.refused().reason());
            }
        }
        return new Refused(Rule.LEVEL_TOO_LOW, "key " + who + " is a " + author.level() + "; a " + author.level()
                + " needs a mentor's co-signature (publishing alone takes level " + policy.publishAlone() + "; "
                + policy.mentorCoSignatures() + " co-signature" + (policy.mentorCoSignatures() == 1 ? "" : "s")
                + " by keys of level " + policy.mentor() + " or above for " + subject + " needed, "
                + mentors.size() + " found)" + notCounted, who.fingerprint(), ref);
    }

    /** What the store says of one key at a reference time, for showing what a change would do. */
    public record KeyStanding(KeyRef key, String standing) {}

    /**
     * Every non-root key of the web with its standing at {@code at}: the levels and scopes it holds (from the
     * roots, maintainers or promotion), else "revoked" or "not trusted". Comparing two webs' standings shows
     * what a root rotation would change.
     */
    public List<KeyStanding> standings(TrustWeb web, Instant at) {
        Evaluation e = evaluation(web, at);
        List<KeyStanding> out = new ArrayList<>();
        for (Node key : e.index.nodes.values()) {
            if (key.root()) {
                continue;
            }
            List<Denies> denials = new ArrayList<>();
            List<String> held = new ArrayList<>();
            if (e.ownStatus(key, at) == null) {
                for (Grant g : e.grants(key, at, denials)) {
                    String h = g.level() + " in " + g.scope();
                    if (!held.contains(h)) {
                        held.add(h);
                    }
                }
            }
            held.sort(null);
            String standing = !held.isEmpty() ? String.join(", ", held)
                    : e.ownStatus(key, at) != null || denials.stream().anyMatch(d -> d.rule() == Rule.REVOKED) ? "revoked"
                    : "not trusted";
            out.add(new KeyStanding(key.ref(), standing));
        }
        return out;
    }

    /**
     * The certification and revocation packets (by {@link Endorsement} packet hash) that make the store's
     * decisions at {@code at} under the web's current roots, for the next root set to endorse at its rotation:
     * the decisions endorsed before (carried forward), every certification k current roots agree on (the
     * packets at the level they agree on), and every revocation k current roots made (from the k-th on, with the
     * certifications it revokes, so a soft revocation keeps its time).
     */
    public List<String> rootDecisions(TrustWeb web, Instant at) {
        return evaluation(web, at).rootDecisions();
    }

    // ------------------------------------------------------------------------------------------------
    // Caching: verifying the web is the expensive part, and a client asks about many packages per web.

    private record Cached(WeakReference<TrustWeb> web, WebIndex index, Evaluation[] last) {}

    private Evaluation evaluation(TrustWeb web, Instant ref) {
        Cached c = cached(web);
        synchronized (c) {
            Evaluation e = c.last()[0];
            if (e == null || !e.ref.equals(ref)) {
                e = new Evaluation(c.index(), ref);
                c.last()[0] = e;
            }
            return e;
        }
    }

    private Cached cached(TrustWeb web) {
        synchronized (cache) {
            for (Iterator<Cached> it = cache.iterator(); it.hasNext(); ) {
                Cached c = it.next();
                TrustWeb w = c.web().get();
                if (w == null) {
                    it.remove();
                } else if (w == web) {
                    return c;
                }
            }
        }
        Cached fresh = new Cached(new WeakReference<>(web), new WebIndex(web, policy.crypto()), new Evaluation[1]);
        synchronized (cache) {
            cache.add(0, fresh);
            while (cache.size() > CACHED_WEBS) {
                cache.remove(cache.size() - 1);
            }
        }
        return fresh;
    }

    // ------------------------------------------------------------------------------------------------

    /** One signature's verdict: a path with level and scope, or a refusal. */
    private record Judged(List<KeyRef> path, Level level, Scope scope, String basis, Refused refused) {
        KeyRef signer() {
            return path.get(path.size() - 1);
        }

        static Judged refused(Refused r) {
            return new Judged(List.of(), null, null, "", r);
        }
    }

    /** A level a key holds in a scope, with how it got it. */
    private record Grant(Level level, Scope scope, List<KeyRef> path, String basis) {}

    /** One authority's word about a key for a signature at some time: a grant, a refusal, or nothing. */
    private sealed interface Word {}

    private record Says(Certification.Granted cert) implements Word {}

    private record Denies(Rule rule, String reason) implements Word {}

    /** Standing of every key at one reference time over one verified web. */
    private final class Evaluation {
        final WebIndex index;
        final Instant ref;
        /**
         * The latest date a signature, certification or revocation may carry and count: the reference time plus the
         * clock skew tolerated ({@link ClockSkew}). Expiry is judged at {@link #ref} itself.
         */
        final Instant latest;
        /** Levels reached by promotion, per key and scope, with the keys that vouched. */
        final Map<Fingerprint, Map<Scope, Grant>> promoted = new HashMap<>();
        /** Per package: levels reached in its {@code app:} scope when category certifiers covering it count too. */
        final Map<Subject, Map<Fingerprint, Grant>> appPromoted = new ConcurrentHashMap<>();
        /** Keys by the scopes of the certifications that stand on them at the reference time (built on first use). */
        private volatile Map<Scope, List<Node>> certifiedIn;

        Evaluation(WebIndex index, Instant ref) {
            this.index = index;
            this.ref = ref;
            this.latest = ClockSkew.latestSignatureTime(ref);
            promote();
        }

        List<String> rootDecisions() {
            java.util.TreeSet<String> out = new java.util.TreeSet<>();
            int k = policy.rootThreshold();
            for (Node key : index.nodes.values()) {
                if (key.root()) {
                    continue;
                }
                for (Certification c : key.endorsed()) {
                    out.add(key.packets().get(c));
                }
                Map<Scope, List<Map.Entry<Node, Level>>> says = new LinkedHashMap<>();
                List<Map.Entry<Node, Certification.Revoked>> revokers = new ArrayList<>();
                for (Node root : index.roots.values()) {
                    List<Certification> events = key.byIssuer().get(root.fp());
                    if (events == null || key.fp().equals(root.fp())) {
                        continue;
                    }
                    if (word(events, ref, key, "") instanceof Says s) {
                        says.computeIfAbsent(s.cert().scope(), x -> new ArrayList<>())
                                .add(Map.entry(root, policy.level(s.cert().level())));
                    }
                    Certification last = null;
                    for (Certification c : events) {
                        if (!c.signedAt().isAfter(latest)) {
                            last = c;
                        }
                    }
                    if (last instanceof Certification.Revoked r) {
                        revokers.add(Map.entry(root, r));
                    }
                }
                for (List<Map.Entry<Node, Level>> votes : says.values()) {
                    if (votes.size() < k) {
                        continue;
                    }
                    votes.sort(Comparator.comparing((Map.Entry<Node, Level> v) -> v.getValue()).reversed());
                    Level agreed = votes.get(k - 1).getValue();
                    for (Map.Entry<Node, Level> v : votes) {
                        if (v.getValue().equals(agreed)) {
                            endorseStanding(key, timelineOf(key, v.getKey()), null, out);
                        }
                    }
                }
                if (revokers.size() >= k) {
                    revokers.sort(Comparator.comparing(e -> e.getValue().signedAt()));
                    for (int i = 0; i < revokers.size(); i++) {
                        // Revocations before the k-th were one root's word, not yet the store's.
                        endorseStanding(key, timelineOf(key, revokers.get(i).getKey()),
                                i >= k - 1 ? revokers.get(i).getValue() : null, out);
                    }
                }
            }
            return List.copyOf(out);
        }

        /**
         * Adds to {@code out} the packets that carry one root's standing word on a key: its newest certification,
         * the hard revocations before it (they still void the signatures made before them) and {@code revocation}.
         * Older certifications it superseded are left out, so an endorsement never revives a word the root took back.
         */
        private void endorseStanding(Node key, List<Certification> timeline, Certification.Revoked revocation,
                java.util.Set<String> out) {
            Certification.Granted newest = null;
            for (Certification c : timeline) {
                if (c instanceof Certification.Granted g && (revocation == null || !g.signedAt().isAfter(revocation.signedAt()))) {
                    newest = g;
                }
            }
            for (Certification c : timeline) {
                if (c == newest || c == revocation
                        || (c instanceof Certification.Revoked r && r.hard() && newest != null
                                && r.signedAt().isBefore(newest.signedAt()))) {
                    out.add(key.packets().get(c));
                }
            }
        }

        /** What one root signed on a key up to the reference time. */
        private List<Certification> timelineOf(Node key, Node root) {
            return key.byIssuer().get(root.fp()).stream().filter(c -> !c.signedAt().isAfter(latest)).toList();
        }

        KeyRef ref(Fingerprint fp) {
            Node n = index.nodes.get(fp);
            return n == null ? new KeyRef(fp, "unknown key") : n.ref();
        }

        String name(Fingerprint fp) {
            Node n = index.nodes.get(fp);
            return n == null ? fp.hex() : n.certificate().toString();
        }

        Judged judge(Fingerprint fp, Instant t, Subject subject, TrustContext ctx, boolean crossStores) {
            if (t.isAfter(latest)) {
                return Judged.refused(new Refused(Rule.TIME, "signature by " + name(fp) + " is dated " + t
                        + ", after the reference time " + ref + " by more than the " + ClockSkew.TOLERATED.toHours()
                        + " h of clock skew tolerated (signed in the future: check the clock of the signer's machine"
                        + " and of this one)", fp, ref));
            }
            for (LocalOverride o : ctx.overrides()) {
                if (o instanceof LocalOverride.Distrust d && d.key().equals(fp)) {
                    return Judged.refused(new Refused(Rule.DISTRUSTED, "key " + name(fp)
                            + " is distrusted by a local override on this machine", fp, ref));
                }
            }
            Node key = index.nodes.get(fp);
            if (key == null) {
                Judged foreign = crossStores ? viaOtherStore(fp, t, subject, ctx) : null;
                if (foreign != null) {
                    return foreign;
                }
                Judged local = localTrust(fp, null, subject, ctx);
                return local != null ? local : Judged.refused(new Refused(Rule.UNKNOWN_KEY, "signer " + fp.hex()
                        + " is not in the store's keyring", fp, ref));
            }
            if (t.isBefore(key.created())) {
                return Judged.refused(new Refused(Rule.TIME, "signature dated " + t + " precedes the creation of key "
                        + key.certificate() + " at " + key.created(), fp, ref));
            }
            if (key.weakness() != null) {
                return Judged.refused(new Refused(Rule.WEAK_CRYPTO, "key " + key.certificate() + ": " + key.weakness(),
                        fp, ref));
            }
            Refused own = ownStatus(key, t);
            if (own != null) {
                return Judged.refused(own);
            }
            if (key.root()) {
                return new Judged(List.of(key.ref()), policy.maintainer(), Scope.GLOBAL, "a root of this store", null);
            }
            List<Denies> denials = new ArrayList<>();
            List<Grant> grants = grants(key, t, denials, appPromotions(subject).get(key.fp()), subject);
            Grant best = null;
            for (Grant g : grants) {
                if (g.scope().covers(subject) && (best == null || g.level().compareTo(best.level()) > 0)) {
                    best = g;
                }
            }
            if (best != null) {
                return new Judged(best.path(), best.level(), best.scope(), best.basis(), null);
            }
            Denies revoked = denials.stream().filter(d -> d.rule() == Rule.REVOKED).findFirst().orElse(null);
            if (revoked != null && grants.isEmpty()) {
                // A local override never brings back a key its store revoked: revocation is what users most need.
                return Judged.refused(new Refused(Rule.REVOKED, revoked.reason(), fp, ref));
            }
            Judged local = localTrust(fp, key, subject, ctx);
            if (local != null) {
                return local;
            }
            if (!grants.isEmpty()) {
                Grant widest = grants.stream().max(Comparator.comparing(Grant::level)).orElseThrow();
                return Judged.refused(new Refused(Rule.OUT_OF_SCOPE, "key " + key.certificate() + " is certified for scope "
                        + widest.scope() + ", which does not cover " + subject, fp, ref));
            }
            if (!denials.isEmpty()) {
                Denies d = denials.stream().min(Comparator.comparingInt(x -> severity(x.rule()))).orElseThrow();
                return Judged.refused(new Refused(d.rule(), d.rule() == Rule.NOT_CERTIFIED ? withIgnored(d.reason(), key)
                        : d.reason(), fp, ref));
            }
            return Judged.refused(new Refused(Rule.NOT_CERTIFIED, withIgnored("key " + key.certificate()
                    + " carries no valid certification by a root of this store", key), fp, ref));
        }

        /** A refusal for lack of certification also says which certifications the policy set aside, and why. */
        private String withIgnored(String reason, Node key) {
            return key.ignored().isEmpty() ? reason : reason + " (" + String.join("; ", key.ignored()) + ")";
        }

        private Judged localTrust(Fingerprint fp, Node key, Subject subject, TrustContext ctx) {
            for (LocalOverride o : ctx.overrides()) {
                if (o instanceof LocalOverride.TrustForApp t && t.key().equals(fp) && t.appId().equals(subject.appId())) {
                    KeyRef who = key == null ? new KeyRef(fp, "key trusted locally") : key.ref();
                    return new Judged(List.of(who), policy.publishAlone(), Scope.app(subject.appId()),
                            "trusted for app " + subject.appId() + " by a local override on this machine", null);
                }
            }
            return null;
        }

        /** A key of another store, trusted here because a root of this store certified that store's root in a scope. */
        private Judged viaOtherStore(Fingerprint fp, Instant t, Subject subject, TrustContext ctx) {
            for (Map.Entry<String, TrustWeb> other : ctx.otherStores().entrySet()) {
                Evaluation there = evaluation(other.getValue(), ref);
                if (!there.index.nodes.containsKey(fp)) {
                    continue;
                }
                for (Node foreignRoot : there.index.roots.values()) {
                    Node bridge = index.nodes.get(foreignRoot.fp());
                    if (bridge == null || bridge.root() || ownStatus(bridge, t) != null) {
                        continue;
                    }
                    for (Grant g : grants(bridge, t, new ArrayList<>())) {
                        if (!g.scope().covers(subject)) {
                            continue;
                        }
                        Judged j = there.judge(fp, t, subject, TrustContext.NONE, false);
                        if (j.refused() == null) {
                            List<KeyRef> path = new ArrayList<>(g.path().subList(0, g.path().size() - 1));
                            path.addAll(j.path());
                            if (!path.contains(bridge.ref())) {
                                path.add(path.size() - j.path().size(), bridge.ref());
                            }
                            Level level = j.level().compareTo(g.level()) < 0 ? j.level() : g.level();
                            return new Judged(path, level, g.scope(), "key of store " + other.getKey()
                                    + ", whose root this store cross-certified for scope " + g.scope(), null);
                        }
                        if (j.refused().rule() == Rule.REVOKED) {
                            return j;
                        }
                    }
                }
            }
            return null;
        }

        /** What the key's own certificate says at signature time: expired, or revoked by itself or a designated revoker. */
        private Refused ownStatus(Node key, Instant t) {
            for (KeyRevocation r : key.revocations()) {
                if (r.at().isAfter(latest)) {
                    continue;
                }
                String by = r.self() ? "key " + key.certificate() + " revoked itself"
                        : "key " + key.certificate() + " was revoked by its designated revoker " + name(r.issuer());
                if (r.hard()) {
                    return new Refused(Rule.REVOKED, by + " at " + r.at() + " (" + r.describe()
                            + "); a hard revocation voids every signature the key made", key.fp(), ref);
                }
                if (!t.isBefore(r.at())) {
                    return new Refused(Rule.REVOKED, by + " at " + r.at() + " (" + r.describe() + ") before its signature of "
                            + t, key.fp(), ref);
                }
            }
            if (key.expires() != null && !t.isBefore(key.expires())) {
                return new Refused(Rule.EXPIRED, "key " + key.certificate() + " expired at " + key.expires()
                        + ", before its signature of " + t, key.fp(), ref);
            }
            return null;
        }

        /** Whether the key may still vouch (certify, mentor, revoke) by something it signed at {@code c}. */
        private boolean mayVouch(Node key, Instant c) {
            if (key.weakness() != null || c.isBefore(key.created()) || c.isAfter(latest)) {
                return false;
            }
            if (key.expires() != null && !ref.isBefore(key.expires())) {
                return false; // expired certifiers count zero at the reference time
            }
            return ownStatus(key, c) == null;
        }

        /** Every level the key holds at signature time {@code t}; reasons for what it does not hold go to {@code denials}. */
        List<Grant> grants(Node key, Instant t, List<Denies> denials) {
            return grants(key, t, denials, null);
        }

        /** As {@link #grants(Node, Instant, List)}, plus a promotion that holds only for one package ({@code appGrant}). */
        List<Grant> grants(Node key, Instant t, List<Denies> denials, Grant appGrant) {
            return grants(key, t, denials, appGrant, null);
        }

        /**
         * As {@link #grants(Node, Instant, List, Grant)}; with the package judged ({@code subject}), a maintainer's
         * certification for the package's own {@code app:<id>} scope also counts when the maintainer's scope covers
         * the package as the catalog files it (a {@code category:games} maintainer certifying for a games app).
         */
        List<Grant> grants(Node key, Instant t, List<Denies> denials, Grant appGrant, Subject subject) {
            List<Grant> out = new ArrayList<>(storeGrants(key, t, denials));
            out.addAll(maintainerGrants(key, t, denials, subject));
            Map<Scope, Grant> p = promoted.get(key.fp());
            if (p != null) {
                out.addAll(p.values());
            }
            if (appGrant != null) {
                out.add(appGrant);
            }
            return withoutMaintainerRevocations(key, t, out, denials);
        }

        /** One authority's vote for a level in a scope: a current root weighs 1, the endorsed root-set decision k. */
        private record Vote(KeyRef who, Level level, int weight, boolean endorsed) {}

        /**
         * Certifications k roots agree on, per scope: the level is the k-th highest any root grants there. A
         * decision an earlier root set made and the current set's rotation endorsed weighs k on its own, until
         * k current roots revoke the key (see {@link #endorsedTimeline}).
         */
        private List<Grant> storeGrants(Node key, Instant t, List<Denies> denials) {
            Map<Scope, List<Vote>> byScope = new LinkedHashMap<>();
            List<Map.Entry<Denies, Integer>> rootDenials = new ArrayList<>();
            int k = policy.rootThreshold();
            for (Node root : index.roots.values()) {
                List<Certification> events = key.byIssuer().get(root.fp());
                if (events == null || key.fp().equals(root.fp())) {
                    continue;
                }
                Word w = word(events, t, key, " by root " + root.certificate());
                if (w instanceof Says s) {
                    byScope.computeIfAbsent(s.cert().scope(), x -> new ArrayList<>())
                            .add(new Vote(root.ref(), policy.level(s.cert().level()), 1, false));
                } else if (w instanceof Denies d) {
                    rootDenials.add(Map.entry(d, 1));
                }
            }
            if (!key.endorsed().isEmpty()) {
                List<Certification> timeline = endorsedTimeline(key);
                Set<Scope> scopes = new LinkedHashSet<>();
                for (Certification c : timeline) {
                    if (c instanceof Certification.Granted g && g.scope() != null && g.level() != null) {
                        scopes.add(g.scope());
                    }
                }
                String by = " by the store's root set (a decision endorsed at a root rotation)";
                for (Scope scope : scopes) {
                    List<Certification> inScope = timeline.stream()
                            .filter(c -> c instanceof Certification.Revoked || scope.equals(((Certification.Granted) c).scope()))
                            .toList();
                    Word w = word(inScope, t, key, by);
                    if (w instanceof Says s) {
                        byScope.computeIfAbsent(scope, x -> new ArrayList<>())
                                .add(new Vote(issuerRef(key, s.cert()), policy.level(s.cert().level()), k, true));
                    } else if (w instanceof Denies d) {
                        rootDenials.add(Map.entry(d, k));
                    }
                }
                if (scopes.isEmpty()) {
                    Denies d = revocationOnly(timeline, t, key, by);
                    if (d != null) {
                        rootDenials.add(Map.entry(d, k));
                    }
                }
            }
            int revocations = rootDenials.stream().filter(d -> d.getKey().rule() == Rule.REVOKED)
                    .mapToInt(Map.Entry::getValue).sum();
            for (Map.Entry<Denies, Integer> e : rootDenials) {
                Denies d = e.getKey();
                // Fewer than k roots cannot revoke for the store: such a root only withdraws its own word.
                denials.add(d.rule() == Rule.REVOKED && revocations < k
                        ? new Denies(Rule.NOT_CERTIFIED, d.reason() + "; a store revocation takes " + k
                                + " roots, so this only withdraws that root's certification")
                        : d);
            }
            List<Grant> out = new ArrayList<>();
            for (Map.Entry<Scope, List<Vote>> e : byScope.entrySet()) {
                List<Vote> votes = e.getValue();
                int weight = votes.stream().mapToInt(Vote::weight).sum();
                if (weight < k) {
                    denials.add(new Denies(Rule.NOT_CERTIFIED, "key " + key.certificate() + " is certified for scope "
                            + e.getKey() + " by " + votes.size() + " root" + (votes.size() == 1 ? "" : "s")
                            + " of this store, but a store certification takes " + k));
                    continue;
                }
                votes.sort(Comparator.comparing(Vote::level).reversed());
                int sum = 0;
                int kth = 0;
                while (sum + votes.get(kth).weight() < k) {
                    sum += votes.get(kth).weight();
                    kth++;
                }
                Level level = votes.get(kth).level();
                String basis = "";
                if (votes.get(kth).endorsed()) {
                    basis = "certified by the store's root set before its rotation (" + votes.get(kth).who()
                            + " signed it; the current roots endorsed it)";
                } else if (k > 1) {
                    StringBuilder b = new StringBuilder("certified by " + k + " roots: ");
                    for (int i = 0; i <= kth; i++) {
                        b.append(i > 0 ? ", " : "").append(votes.get(i).who());
                    }
                    basis = b.toString();
                }
                out.add(new Grant(level, e.getKey(), List.of(votes.get(0).who(), key.ref()), basis));
            }
            return out;
        }

        /** The key that made a verified signature on {@code key} (a former root, for an endorsed one). */
        private KeyRef issuerRef(Node key, Certification c) {
            for (Map.Entry<Fingerprint, List<Certification>> e : key.byIssuer().entrySet()) {
                for (Certification x : e.getValue()) {
                    if (x == c) {
                        return ref(e.getKey());
                    }
                }
            }
            return ref(c.issuer()); // the synthetic current-set revocation is never a grant
        }

        /**
         * The root set's own timeline of decisions on a key: the packets the current rotation endorsed (made by
         * whichever roots held the set then), oldest first, and, when k current roots revoked the key since, that
         * store revocation (at the time the k-th root made it): a new root set deciding otherwise.
         */
        private List<Certification> endorsedTimeline(Node key) {
            List<Certification> out = new ArrayList<>(key.endorsed());
            Certification.Revoked current = currentSetRevocation(key);
            if (current != null) {
                out.add(current);
                out.sort(Comparator.comparing(Certification::signedAt).thenComparing(e -> e instanceof Certification.Revoked));
            }
            return out;
        }

        /** The revocation k current roots made of the key (their newest word), dated when the k-th made it; or null. */
        private Certification.Revoked currentSetRevocation(Node key) {
            List<Certification.Revoked> revs = new ArrayList<>();
            for (Node root : index.roots.values()) {
                List<Certification> events = key.byIssuer().get(root.fp());
                if (events == null) {
                    continue;
                }
                Certification last = null;
                for (Certification c : events) {
                    if (!c.signedAt().isAfter(latest)) {
                        last = c;
                    }
                }
                if (last instanceof Certification.Revoked r) {
                    revs.add(r);
                }
            }
            int k = policy.rootThreshold();
            if (revs.size() < k) {
                return null;
            }
            revs.sort(Comparator.comparing(Certification::signedAt));
            return revs.get(k - 1);
        }

        /** What revocations alone (no grant endorsed) say of a signature at {@code t}: hard ones reach back. */
        private Denies revocationOnly(List<Certification> timeline, Instant t, Node key, String by) {
            for (Certification c : timeline) {
                if (c instanceof Certification.Revoked r && !r.signedAt().isAfter(latest) && (r.hard() || !t.isBefore(r.signedAt()))) {
                    return new Denies(Rule.REVOKED, "key " + key.certificate() + " was revoked" + by + " at "
                            + r.signedAt() + " (" + describe(r) + ")" + (r.hard()
                                    ? "; a hard revocation voids every signature the key made" : ""));
                }
            }
            return null;
        }

        /** Levels granted by keys that were maintainers (made by the roots) in a scope including the grant's, when they signed. */
        private List<Grant> maintainerGrants(Node key, Instant t, List<Denies> denials, Subject subject) {
            List<Grant> out = new ArrayList<>();
            for (Map.Entry<Fingerprint, List<Certification>> e : key.byIssuer().entrySet()) {
                Node m = index.nodes.get(e.getKey());
                if (m == null || m.root()) {
                    continue;
                }
                Word w = word(e.getValue(), t, key, " by maintainer " + m.certificate());
                if (!(w instanceof Says s)) {
                    if (w instanceof Denies d && hadAuthority(m, e.getValue())) {
                        denials.add(d);
                    }
                    continue;
                }
                Level granted = policy.level(s.cert().level());
                if (granted.compareTo(policy.maintainer()) >= 0) {
                    continue; // only the roots make maintainers
                }
                Grant via = maintainerAt(m, s.cert().signedAt(), s.cert().scope());
                if (via == null && subject != null && s.cert().scope().equals(appScope(subject))) {
                    via = maintainerCovering(m, s.cert().signedAt(), subject);
                }
                if (via != null) {
                    List<KeyRef> path = new ArrayList<>(via.path());
                    path.add(key.ref());
                    out.add(new Grant(granted, s.cert().scope(), path, "certified by maintainer " + m.ref()
                            + " within its scope " + via.scope()));
                }
            }
            return out;
        }

        /**
         * Whether maintainer {@code m}, when it made its last word on a key ({@code events}: its certifications and
         * revocations of that key), was a maintainer for the whole store or for the scope of a certification it
         * had given the key: a category maintainer revoking what it certified in its category speaks for the store.
         */
        private boolean hadAuthority(Node m, List<Certification> events) {
            Instant at = lastEvent(events).signedAt();
            if (maintainerAt(m, at, Scope.GLOBAL) != null) {
                return true;
            }
            for (Certification c : events) {
                if (c instanceof Certification.Granted g && g.scope() != null && maintainerAt(m, at, g.scope()) != null) {
                    return true;
                }
            }
            return false;
        }

        private static Scope appScope(Subject subject) {
            try {
                return Scope.app(subject.appId());
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        /** The root-made maintainer grant of {@code m} at time {@code c} whose scope covers the package, or null. */
        private Grant maintainerCovering(Node m, Instant c, Subject subject) {
            if (!mayVouch(m, c)) {
                return null;
            }
            for (Grant g : storeGrants(m, c, new ArrayList<>())) {
                if (g.level().compareTo(policy.maintainer()) >= 0 && g.scope().covers(subject)) {
                    return g;
                }
            }
            return null;
        }

        /** The root-made maintainer grant of {@code m} at time {@code c} whose scope includes {@code scope}, or null. */
        private Grant maintainerAt(Node m, Instant c, Scope scope) {
            if (!mayVouch(m, c)) {
                return null;
            }
            for (Grant g : storeGrants(m, c, new ArrayList<>())) {
                if (g.level().compareTo(policy.maintainer()) >= 0 && g.scope().includes(scope)) {
                    return g;
                }
            }
            return null;
        }

        /** Store revocations by a maintainer in scope: hard ones void the grants they cover, soft ones later signatures. */
        private List<Grant> withoutMaintainerRevocations(Node key, Instant t, List<Grant> grants, List<Denies> denials) {
            List<Grant> out = grants;
            for (Map.Entry<Fingerprint, List<Certification>> e : key.byIssuer().entrySet()) {
                Node m = index.nodes.get(e.getKey());
                if (m == null || m.root()) {
                    continue;
                }
                for (Certification c : e.getValue()) {
                    if (!(c instanceof Certification.Revoked r) || r.signedAt().isAfter(latest)) {
                        continue;
                    }
                    if (!r.hard() && t.isBefore(r.signedAt())) {
                        continue;
                    }
                    Grant authority = maintainerAt(m, r.signedAt(), Scope.GLOBAL);
                    Scope reach = authority != null ? authority.scope() : null;
                    if (reach == null) {
                        for (Grant g : grants) {
                            Grant a = maintainerAt(m, r.signedAt(), g.scope());
                            if (a != null) {
                                reach = a.scope();
                                break;
                            }
                        }
                    }
                    if (reach == null) {
                        continue; // a revocation by someone without the authority is ignored
                    }
                    Scope within = reach;
                    List<Grant> kept = new ArrayList<>();
                    for (Grant g : out) {
                        if (!within.includes(g.scope())) {
                            kept.add(g);
                        }
                    }
                    if (kept.size() < out.size()) {
                        denials.add(new Denies(Rule.REVOKED, "key " + key.certificate() + " was revoked by maintainer "
                                + m.certificate() + " at " + r.signedAt() + " (" + describe(r) + ")"
                                + (r.hard() ? "; a hard revocation voids every signature the key made"
                                        : ", before its signature of " + t)));
                    }
                    out = kept;
                }
            }
            return out;
        }

        /**
         * What one authority's certifications and revocations of a key (oldest first) say for a signature
         * made at {@code t}: the newest word up to the reference time counts; a hard revocation reaches back.
         */
        private Word word(List<Certification> all, Instant t, Node key, String by) {
            List<Certification> events = all;
            if (all.get(all.size() - 1).signedAt().isAfter(latest)) {
                events = all.stream().filter(c -> !c.signedAt().isAfter(latest)).toList();
            }
            if (events.isEmpty()) {
                return null;
            }
            Certification.Granted granted = null;
            for (Certification c : events) {
                if (c instanceof Certification.Granted g) {
                    granted = g;
                }
            }
            if (granted == null) {
                return null;
            }
            String who = "key " + key.certificate();
            Certification latest = events.get(events.size() - 1);
            if (latest instanceof Certification.Revoked r && r.hard()) {
                return new Denies(Rule.REVOKED, who + " was revoked" + by + " at " + r.signedAt() + " (" + describe(r)
                        + "); a hard revocation voids every signature the key made");
            }
            Certification atSigning = null;
            for (Certification c : events) {
                if (c instanceof Certification.Revoked r && r.hard() && r.signedAt().isAfter(t)) {
                    return new Denies(Rule.REVOKED, who + " was revoked" + by + " at " + r.signedAt() + " ("
                            + describe(r) + "), which voids its earlier signature of " + t);
                }
                if (!c.signedAt().isAfter(t)) {
                    atSigning = c;
                }
            }
            if (atSigning instanceof Certification.Revoked r) {
                return new Denies(Rule.REVOKED, who + " signed at " + t + ", after it was revoked" + by + " at "
                        + r.signedAt() + " (" + describe(r) + ")");
            }
            if (granted.expiredAt(ref)) {
                return new Denies(Rule.EXPIRED, "certification of " + who + by + " expired at " + granted.expires());
            }
            if (granted.scope() == null) {
                return new Denies(Rule.NOT_CERTIFIED, "certification carries no scope (" + who + ", certified" + by + ")");
            }
            if (granted.level() == null) {
                return new Denies(Rule.NOT_CERTIFIED, "certification carries no privilege level (" + who + ", certified"
                        + by + ")");
            }
            return new Says(granted);
        }

        private Certification lastEvent(List<Certification> events) {
            return events.get(events.size() - 1);
        }

        // --------------------------------------------------------------------------------------------
        // Promotion by threshold.

        /**
         * Applies the policy's promotion steps, lowest first, until nothing changes: within a scope, the
         * distinct keys (subkeys count as their primary; the key itself never) of level >= L there whose
         * certification of the key is valid now and was made while they could vouch lift it to L + 1.
         */
        private void promote() {
            if (policy.promotions().isEmpty()) {
                return;
            }
            for (Promotion step : policy.promotions()) {
                boolean changed = true;
                while (changed) {
                    changed = false;
                    for (Node key : index.nodes.values()) {
                        if (key.root() || key.byIssuer().isEmpty()) {
                            continue;
                        }
                        Map<Scope, Set<Fingerprint>> vouchers = new HashMap<>();
                        for (Map.Entry<Fingerprint, List<Certification>> e : key.byIssuer().entrySet()) {
                            Node certifier = index.nodes.get(e.getKey());
                            Certification.Granted g = standingCertification(e.getValue());
                            // The roots' word is the grant itself; promotion counts the community's vouches.
                            if (certifier == null || certifier.root() || g == null || g.scope() == null) {
                                continue;
                            }
                            if (levelAt(certifier, g.signedAt(), g.scope()) >= step.from()) {
                                vouchers.computeIfAbsent(g.scope(), x -> new LinkedHashSet<>()).add(certifier.fp());
                            }
                        }
                        for (Map.Entry<Scope, Set<Fingerprint>> v : vouchers.entrySet()) {
                            if (v.getValue().size() < step.certifications()) {
                                continue;
                            }
                            Map<Scope, Grant> mine = promoted.computeIfAbsent(key.fp(), x -> new HashMap<>());
                            Grant had = mine.get(v.getKey());
                            if (had == null || had.level().rank() < step.to()) {
                                mine.put(v.getKey(), new Grant(policy.level(step.to()), v.getKey(), List.of(key.ref()),
                                        "promoted to " + policy.level(step.to()) + " in " + v.getKey() + " by "
                                                + v.getValue().size() + " certifications from keys of level "
                                                + policy.level(step.from()) + " or above (threshold "
                                                + step.certifications() + ")"));
                                changed = true;
                            }
                        }
                    }
                }
            }
        }

        /**
         * Promotion in the package's own {@code app:<id>} scope, where a certifier counts when its scope
         * covers the package as the catalog describes it (id, category, type): so a key trusted for
         * {@code category:games} vouches for {@code app:chess} when the catalog files chess under games, as the
         * holder of that scope could sign chess itself. The keyring alone does not say which apps a category
         * holds, so this is computed per package, on top of the package-independent promotions.
         */
        Map<Fingerprint, Grant> appPromotions(Subject subject) {
            if (policy.promotions().isEmpty() || subject.category().isEmpty()) {
                return Map.of(); // no category can cover the package: the general promotions say it all
            }
            Map<Fingerprint, Grant> known = appPromoted.get(subject);
            if (known != null) {
                return known;
            }
            Scope app;
            try {
                app = Scope.app(subject.appId());
            } catch (IllegalArgumentException e) {
                return Map.of(); // no certification can name such an app id
            }
            List<Node> candidates = certifiedIn().getOrDefault(app, List.of());
            Map<Fingerprint, Grant> out = new HashMap<>();
            for (Promotion step : policy.promotions()) {
                boolean changed = true;
                while (changed) {
                    changed = false;
                    for (Node key : candidates) {
                        Set<Fingerprint> vouchers = new LinkedHashSet<>();
                        for (Map.Entry<Fingerprint, List<Certification>> e : key.byIssuer().entrySet()) {
                            Node certifier = index.nodes.get(e.getKey());
                            Certification.Granted g = standingCertification(e.getValue());
                            if (certifier == null || certifier.root() || g == null || !app.equals(g.scope())) {
                                continue;
                            }
                            if (levelFor(certifier, g.signedAt(), subject, out.get(certifier.fp())) >= step.from()) {
                                vouchers.add(certifier.fp());
                            }
                        }
                        Grant had = out.get(key.fp());
                        if (vouchers.size() >= step.certifications() && (had == null || had.level().rank() < step.to())) {
                            out.put(key.fp(), new Grant(policy.level(step.to()), app, List.of(key.ref()),
                                    "promoted to " + policy.level(step.to()) + " in " + app + " by " + vouchers.size()
                                            + " certifications from keys of level " + policy.level(step.from())
                                            + " or above in scopes covering " + subject + " (threshold "
                                            + step.certifications() + ")"));
                            changed = true;
                        }
                    }
                }
            }
            Map<Fingerprint, Grant> result = Map.copyOf(out);
            appPromoted.put(subject, result);
            return result;
        }

        /** As {@link #levelAt}, with scopes that cover the package instead of scopes that include its app scope. */
        private int levelFor(Node key, Instant c, Subject subject, Grant appGrant) {
            if (!mayVouch(key, c)) {
                return -1;
            }
            if (key.root()) {
                return policy.maintainer().rank();
            }
            int best = -1;
            for (Grant g : grants(key, c, new ArrayList<>(), appGrant, subject)) {
                if (g.scope().covers(subject)) {
                    best = Math.max(best, g.level().rank());
                }
            }
            return best;
        }

        private Map<Scope, List<Node>> certifiedIn() {
            Map<Scope, List<Node>> m = certifiedIn;
            if (m == null) {
                m = new HashMap<>();
                for (Node key : index.nodes.values()) {
                    if (key.root()) {
                        continue;
                    }
                    Set<Scope> scopes = new LinkedHashSet<>();
                    for (List<Certification> events : key.byIssuer().values()) {
                        Certification.Granted g = standingCertification(events);
                        if (g != null && g.scope() != null) {
                            scopes.add(g.scope());
                        }
                    }
                    for (Scope sc : scopes) {
                        m.computeIfAbsent(sc, x -> new ArrayList<>()).add(key);
                    }
                }
                certifiedIn = m;
            }
            return m;
        }

        /** The newest certification of an issuer if it stands at the reference time (not revoked, not expired). */
        private Certification.Granted standingCertification(List<Certification> events) {
            Certification last = null;
            for (Certification c : events) {
                if (!c.signedAt().isAfter(latest)) {
                    last = c;
                }
            }
            return last instanceof Certification.Granted g && !g.expiredAt(ref) ? g : null;
        }

        /** The highest rank the key held, for vouching at time {@code c}, in a scope including {@code scope}; -1 if none. */
        private int levelAt(Node key, Instant c, Scope scope) {
            if (!mayVouch(key, c)) {
                return -1;
            }
            if (key.root()) {
                return policy.maintainer().rank();
            }
            int best = -1;
            for (Grant g : grants(key, c, new ArrayList<>())) {
                if (g.scope().includes(scope)) {
                    best = Math.max(best, g.level().rank());
                }
            }
            return best;
        }
    }

    /** Which refusal to show when every authority refuses: the one a user most needs to know about. */
    private static int severity(Rule rule) {
        return switch (rule) {
            case REVOKED -> 0;
            case EXPIRED -> 1;
            case OUT_OF_SCOPE -> 2;
            case LEVEL_TOO_LOW -> 3;
            default -> 4;
        };
    }

    private static String describe(Certification.Revoked r) {
        String reason = r.reasonGiven() ? r.reason().toString() : "no reason given";
        return r.comment() == null || r.comment().isBlank() ? reason : reason + ": " + r.comment();
    }

    /**
     * What {@code key} may sign at {@code at} in {@code web}, by the same rules as {@link #decide}: its grants
     * (level, scope, path) for a signature made then, or the rule that leaves it none. Read-only, for listings.
     */
    public KeyGrants keyGrants(TrustWeb web, Fingerprint key, Instant at) {
        Objects.requireNonNull(key, "key");
        Evaluation eval = evaluation(web, at);
        WebIndex.Node n = eval.index.nodes.get(key);
        if (n == null) {
            return new KeyGrants.None(key, Rule.UNKNOWN_KEY, "key " + key.hex() + " is not in the store's keyring");
        }
        if (n.weakness() != null) {
            return new KeyGrants.None(key, Rule.WEAK_CRYPTO, "key " + n.certificate() + ": " + n.weakness());
        }
        Refused own = eval.ownStatus(n, at);
        if (own != null) {
            return new KeyGrants.None(key, own.rule(), own.reason());
        }
        if (n.root()) {
            return new KeyGrants.Holds(key, true, List.of(new KeyGrants.Grant(policy.maintainer(), Scope.GLOBAL,
                    List.of(n.ref()), "a root of this store")));
        }
        List<Denies> denials = new ArrayList<>();
        List<Grant> grants = new ArrayList<>(eval.grants(n, at, denials));
        if (!grants.isEmpty()) {
            grants.sort(Comparator.comparing(Grant::level).reversed());
            List<KeyGrants.Grant> out = new ArrayList<>();
            for (Grant g : grants) {
                KeyGrants.Grant k = new KeyGrants.Grant(g.level(), g.scope(), g.path(), g.basis());
                if (out.stream().noneMatch(o -> o.level().equals(k.level()) && o.scope().equals(k.scope()))) {
                    out.add(k);
                }
            }
            return new KeyGrants.Holds(key, false, out);
        }
        if (!denials.isEmpty()) {
            Denies d = denials.stream().min(Comparator.comparingInt(x -> severity(x.rule()))).orElseThrow();
            return new KeyGrants.None(key, d.rule(), d.reason());
        }
        return new KeyGrants.None(key, Rule.NOT_CERTIFIED, "key " + n.certificate()
                + " carries no valid certification by a root of this store");
    }
}
