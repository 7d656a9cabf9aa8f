package org.caravan.keyring.trust;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.Fingerprint;
import org.caravan.keyring.sign.SignatureCheck;
import org.caravan.keyring.trust.TrustDecision.Refused;
import org.caravan.keyring.trust.TrustDecision.Rule;

/**
 * Decides whether signatures over a package make it installable, at an explicit reference time.
 *
 * <p>Each valid signature is judged on its own: the signer must be a store root, or a key of the
 * store carrying a certification by a root that this engine verified cryptographically. The newest
 * of a root's certifications and revocations of a key (up to the reference time) says what that root
 * currently holds about it. A signer refused as REVOKED makes the whole package spurious, whoever
 * else signed it. The rules are listed in docs/trust-encoding.md.
 */
public final class TrustEngine {
    private final TrustPolicy policy;

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
     * @param signatures the checked detached signatures over the package (several when co-signed)
     * @param subject what the package claims to be
     * @param referenceTime the time the decision is made for
     */
    public TrustDecision decide(TrustWeb web, List<SignatureCheck> signatures, Subject subject, Instant referenceTime) {
        Objects.requireNonNull(web, "web");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(referenceTime, "referenceTime");
        List<SignatureCheck.Valid> valid = new ArrayList<>();
        SignatureCheck.Invalid firstInvalid = null;
        for (SignatureCheck c : signatures == null ? List.<SignatureCheck>of() : signatures) {
            if (c instanceof SignatureCheck.Valid v) {
                valid.add(v);
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

        Keys keys = new Keys(web);
        List<Judged> judged = new ArrayList<>();
        for (SignatureCheck.Valid v : valid) {
            judged.add(judge(keys, v, subject, referenceTime));
        }
        for (Judged j : judged) {
            if (j.refused() != null && j.refused().rule() == Rule.REVOKED) {
                return j.refused(); // a package a revoked key signed is spurious, co-signed or not
            }
        }
        Judged best = null;
        for (Judged j : judged) {
            if (j.refused() == null && (best == null || j.level().compareTo(best.level()) > 0)) {
                best = j;
            }
        }
        if (best == null) {
            return judged.get(0).refused();
        }
        Map<Fingerprint, KeyRef> coSigners = new LinkedHashMap<>();
        for (SignatureCheck.Valid v : valid) {
            if (!v.signer().equals(best.signer().fingerprint())) {
                coSigners.putIfAbsent(v.signer(), keys.ref(v.signer()));
            }
        }
        return new TrustDecision.Trusted(best.path(), best.level(), best.scope(), List.copyOf(coSigners.values()),
                referenceTime);
    }

    /** One signature's verdict: a path with level and scope, or a refusal. */
    private record Judged(List<KeyRef> path, Level level, Scope scope, Refused refused) {
        KeyRef signer() {
            return path.get(path.size() - 1);
        }

        static Judged refused(Refused r) {
            return new Judged(List.of(), null, null, r);
        }
    }

    private Judged judge(Keys keys, SignatureCheck.Valid v, Subject subject, Instant ref) {
        Fingerprint fp = v.signer();
        Instant t = v.signedAt();
        if (t.isAfter(ref)) {
            return Judged.refused(new Refused(Rule.TIME, "signature by " + keys.name(fp) + " is dated " + t
                    + ", after the reference time " + ref, fp, ref));
        }
        Certificate root = keys.roots.get(fp);
        Certificate key = root != null ? root : keys.certified.get(fp);
        if (key == null) {
            return Judged.refused(new Refused(Rule.UNKNOWN_KEY, "signer " + fp.hex()
                    + " is not in the store's keyring", fp, ref));
        }
        if (t.isBefore(key.creationTime())) {
            return Judged.refused(new Refused(Rule.TIME, "signature dated " + t + " precedes the creation of key "
                    + key + " at " + key.creationTime(), fp, ref));
        }
        Refused ownProblem = keyValidity(key, t, ref);
        if (ownProblem != null) {
            return Judged.refused(ownProblem);
        }
        if (root != null) {
            return new Judged(List.of(keys.ref(fp)), Level.MAINTAINER, Scope.GLOBAL, null);
        }
        List<Judged> byRoot = new ArrayList<>();
        for (Certificate r : keys.roots.values()) {
            Judged j = judgeByRoot(keys, r, key, t, subject, ref);
            if (j != null) {
                byRoot.add(j);
            }
        }
        if (byRoot.isEmpty()) {
            return Judged.refused(new Refused(Rule.NOT_CERTIFIED, "key " + key
                    + " carries no valid certification by a root of this store", fp, ref));
        }
        return byRoot.stream()
                .filter(j -> j.refused() == null)
                .max(Comparator.comparing(Judged::level))
                .orElseGet(() -> byRoot.stream()
                        .min(Comparator.comparingInt(j -> severity(j.refused().rule())))
                        .orElseThrow());
    }

    /** Which refusal to show when every root refuses: the one a user most needs to know about. */
    private static int severity(Rule rule) {
        return switch (rule) {
            case REVOKED -> 0;
            case EXPIRED -> 1;
            case OUT_OF_SCOPE -> 2;
            case LEVEL_TOO_LOW -> 3;
            default -> 4;
        };
    }

    /** What {@code root} holds about {@code key} at {@code ref}, for a signature made at {@code t}; null if nothing. */
    private Judged judgeByRoot(Keys keys, Certificate root, Certificate key, Instant t, Subject subject, Instant ref) {
        List<Certification> events = new ArrayList<>();
        for (Certification c : keys.verifiedBy(root, key)) {
            if (!c.signedAt().isAfter(ref)) {
                events.add(c);
            }
        }
        // Oldest first; on a tie the revocation counts as the later word.
        events.sort(Comparator.comparing(Certification::signedAt)
                .thenComparing(c -> c instanceof Certification.Revoked));
        Certification.Granted granted = null;
        for (Certification c : events) {
            if (c instanceof Certification.Granted g) {
                granted = g;
            }
        }
        if (granted == null) {
            return null;
        }
        Fingerprint fp = key.fingerprint();
        String who = "key " + key;
        String by = " by root " + root;
        Certification latest = events.get(events.size() - 1);
        if (latest instanceof Certification.Revoked r && r.hard()) {
            return Judged.refused(new Refused(Rule.REVOKED, who + " was revoked" + by + " at " + r.signedAt() + " ("
                    + describe(r) + "); a hard revocation voids every signature the key made", fp, ref));
        }
        for (Certification c : events) {
            if (c instanceof Certification.Revoked r && r.hard() && r.signedAt().isAfter(t)) {
                return Judged.refused(new Refused(Rule.REVOKED, who + " was revoked" + by + " at " + r.signedAt()
                        + " (" + describe(r) + "), which voids its earlier signature of " + t, fp, ref));
            }
        }
        Certification atSigning = null;
        for (Certification c : events) {
            if (!c.signedAt().isAfter(t)) {
                atSigning = c;
            }
        }
        if (atSigning instanceof Certification.Revoked r) {
            return Judged.refused(new Refused(Rule.REVOKED, who + " signed at " + t + ", after it was revoked" + by
                    + " at " + r.signedAt() + " (" + describe(r) + ")", fp, ref));
        }
        if (granted.expiredAt(ref)) {
            return Judged.refused(new Refused(Rule.EXPIRED, "certification of " + who + by + " expired at "
                    + granted.expires(), fp, ref));
        }
        if (granted.scope() == null) {
            return Judged.refused(new Refused(Rule.NOT_CERTIFIED, "certification carries no scope (" + who
                    + ", certified" + by + ")", fp, ref));
        }
        if (granted.level() == null) {
            return Judged.refused(new Refused(Rule.NOT_CERTIFIED, "certification carries no privilege level (" + who
                    + ", certified" + by + ")", fp, ref));
        }
        if (!granted.scope().covers(subject)) {
            return Judged.refused(new Refused(Rule.OUT_OF_SCOPE, who + " is certified for scope " + granted.scope()
                    + ", which does not cover app " + subject.appId()
                    + (subject.category().isEmpty() ? "" : " in category " + subject.category()), fp, ref));
        }
        if (granted.level().compareTo(policy.publishAlone()) < 0) {
            return Judged.refused(new Refused(Rule.LEVEL_TOO_LOW, who + " is a " + granted.level()
                    + "; a " + granted.level() + " needs a mentor's co-signature (publishing alone takes level "
                    + policy.publishAlone() + ")", fp, ref));
        }
        return new Judged(List.of(keys.ref(root.fingerprint()), keys.ref(fp)), granted.level(), granted.scope(), null);
    }

    private static String describe(Certification.Revoked r) {
        String reason = r.reasonGiven() ? r.reason().toString() : "no reason given";
        return r.comment() == null || r.comment().isBlank() ? reason : reason + ": " + r.comment();
    }

    /**
     * The key's own word about itself at signature time: BC's OpenPGPCertificate checks the self-signatures
     * (expiry, self-revocation) cryptographically, unlike PGPPublicKey.isRevoked().
     */
    private static Refused keyValidity(Certificate key, Instant t, Instant ref) {
        OpenPGPCertificate bc = Bc.of(key);
        Date at = Date.from(t);
        OpenPGPCertificate.OpenPGPPrimaryKey primary = bc.getPrimaryKey();
        if (primary.isBoundAt(at)) {
            return null;
        }
        OpenPGPCertificate.OpenPGPComponentSignature revocation = primary.getRevocation(at);
        if (revocation == null) {
            revocation = bc.getRevocation(at);
        }
        if (revocation != null) {
            return new Refused(Rule.REVOKED, "key " + key + " revoked itself at "
                    + revocation.getCreationTime().toInstant(), key.fingerprint(), ref);
        }
        // Once expired, BC finds no self-signature "at" the time; the one in force at creation still says when.
        OpenPGPCertificate.OpenPGPComponentSignature self = primary.getLatestSelfSignature(at);
        if (self == null) {
            self = primary.getLatestSelfSignature(primary.getCreationTime());
        }
        Date expires = self == null ? null : self.getKeyExpirationTime();
        if (expires != null && !at.before(expires)) {
            return new Refused(Rule.EXPIRED, "key " + key + " expired at " + expires.toInstant()
                    + ", before its signature of " + t, key.fingerprint(), ref);
        }
        return new Refused(Rule.NOT_CERTIFIED, "key " + key + " has no valid self-signature at " + t,
                key.fingerprint(), ref);
    }

    /** The web's keys by fingerprint, and the root signatures on them that verify. */
    private static final class Keys {
        final Map<Fingerprint, Certificate> roots = new LinkedHashMap<>();
        final Map<Fingerprint, Certificate> certified = new LinkedHashMap<>();

        Keys(TrustWeb web) {
            for (Certificate r : web.roots()) {
                roots.merge(r.fingerprint(), r, Certificate::mergedWith);
            }
            for (Certificate k : web.keys()) {
                certified.merge(k.fingerprint(), k, Certificate::mergedWith);
            }
        }

        KeyRef ref(Fingerprint fp) {
            Certificate c = roots.containsKey(fp) ? roots.get(fp) : certified.get(fp);
            return new KeyRef(fp, c == null ? "unknown key" : c.userId());
        }

        String name(Fingerprint fp) {
            Certificate c = roots.containsKey(fp) ? roots.get(fp) : certified.get(fp);
            return c == null ? fp.hex() : c.toString();
        }

        /** Certifications and revocations on {@code key} that {@code root} provably made; anything else is ignored. */
        List<Certification> verifiedBy(Certificate root, Certificate key) {
            OpenPGPCertificate rootBc = Bc.of(root);
            PGPPublicKey target = Bc.of(key).getPrimaryKey().getPGPPublicKey();
            List<Certification> out = new ArrayList<>();
            for (Encoding.Found f : Encoding.thirdPartySignatures(target)) {
                PGPSignature s = f.signature();
                if (weakHash(s.getHashAlgorithm())) {
                    continue;
                }
                long issuer = Encoding.issuerKeyId(s);
                for (OpenPGPCertificate.OpenPGPComponentKey k : rootBc.getKeys()) {
                    if (k.getPGPPublicKey().getKeyID() == issuer && verifies(s, k.getPGPPublicKey(), f.userId(), target)) {
                        out.add(f.meaning());
                        break;
                    }
                }
            }
            return out;
        }
    }

    private static boolean verifies(PGPSignature s, PGPPublicKey signer, String userId, PGPPublicKey target) {
        // PGPSignature keeps verifier state; the decoded certificates are shared through a cache.
        synchronized (s) {
            try {
                s.init(new BcPGPContentVerifierBuilderProvider(), signer);
                return s.verifyCertification(userId, target);
            } catch (PGPException | RuntimeException e) {
                return false;
            }
        }
    }

    private static boolean weakHash(int algorithm) {
        return algorithm == HashAlgorithmTags.MD5 || algorithm == HashAlgorithmTags.SHA1
                || algorithm == HashAlgorithmTags.RIPEMD160 || algorithm == HashAlgorithmTags.MD2;
    }
}
