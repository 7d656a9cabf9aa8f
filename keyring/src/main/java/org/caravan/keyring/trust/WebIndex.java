package org.caravan.keyring.trust;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.RevocationKey;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;
import org.bouncycastle.util.encoders.Hex;
import org.caravan.keyring.key.Bc;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.CriticalSubpackets;
import org.caravan.keyring.key.KeyComponents;
import org.caravan.keyring.key.Fingerprint;

/**
 * One store's web with every signature between its keys verified once. Verifying is the expensive part
 * (tens of microseconds per certification); everything that depends on the reference time is computed
 * from this index afterwards. Signatures that do not verify, use a refused hash, or come from a key
 * outside the web are dropped here, so nothing later can count them by mistake.
 */
final class WebIndex {
    final Map<Fingerprint, Node> roots = new LinkedHashMap<>();
    final Map<Fingerprint, Node> nodes = new LinkedHashMap<>();

    /**
     * A key of the web with what others provably said about it; {@code ignored} says which certifications
     * of it verified but were dropped by the crypto policy or the issuer's subkey rules, for explanations.
     */
    record Node(Fingerprint fp, KeyRef ref, Certificate certificate, boolean root, Instant created, Instant expires,
            String weakness, Map<Fingerprint, List<Certification>> byIssuer, List<KeyRevocation> revocations,
            List<String> ignored, Map<Certification, String> packets, List<Certification> endorsed) {}

    /** A verified revocation of the whole key: by the key itself or by a revoker it designated. */
    record KeyRevocation(Fingerprint issuer, boolean self, Instant at, RevocationReason reason, String comment,
            boolean reasonGiven) {
        boolean hard() {
            return !reasonGiven || reason.hard();
        }

        String describe() {
            String r = reasonGiven ? reason.toString() : "no reason given";
            return comment == null || comment.isBlank() ? r : r + ": " + comment;
        }
    }

    /** A component key of some certificate in the web, by key id. */
    private record Component(Fingerprint primary, OpenPGPCertificate.OpenPGPComponentKey component) {
        PGPPublicKey key() {
            return component.getPGPPublicKey();
        }

        String describe() {
            return component.isPrimaryKey() ? primary.hex()
                    : "subkey " + Hex.toHexString(key().getFingerprint()).toUpperCase(java.util.Locale.ROOT) + " of "
                            + primary.hex();
        }
    }

    WebIndex(TrustWeb web, CryptoPolicy crypto) {
        Map<Fingerprint, Certificate> rootCerts = new LinkedHashMap<>();
        Map<Fingerprint, Certificate> keyCerts = new LinkedHashMap<>();
        for (Certificate r : web.roots()) {
            rootCerts.merge(r.fingerprint(), r, Certificate::mergedWith);
        }
        for (Certificate k : web.keys()) {
            if (rootCerts.containsKey(k.fingerprint())) {
                rootCerts.merge(k.fingerprint(), k, Certificate::mergedWith);
            } else {
                keyCerts.merge(k.fingerprint(), k, Certificate::mergedWith);
            }
        }
        Map<Fingerprint, Certificate> all = new LinkedHashMap<>(rootCerts);
        all.putAll(keyCerts);
        Map<Long, List<Component>> byKeyId = new HashMap<>();
        Map<Fingerprint, String> weakness = new HashMap<>();
        for (Certificate c : all.values()) {
            OpenPGPCertificate bc = Bc.of(c);
            weakness.put(c.fingerprint(), weakness(bc.getPrimaryKey().getPGPPublicKey(), crypto));
            for (OpenPGPCertificate.OpenPGPComponentKey k : bc.getKeys()) {
                byKeyId.computeIfAbsent(k.getPGPPublicKey().getKeyID(), x -> new ArrayList<>(1))
                        .add(new Component(c.fingerprint(), k));
            }
        }
        List<Node> built = all.values().parallelStream()
                .map(c -> node(c, rootCerts.containsKey(c.fingerprint()), byKeyId, weakness, crypto, web.endorsed()))
                .toList();
        for (Node n : built) {
            nodes.put(n.fp(), n);
            if (n.root()) {
                roots.put(n.fp(), n);
            }
        }
    }

    private static Node node(Certificate c, boolean root, Map<Long, List<Component>> byKeyId,
            Map<Fingerprint, String> weakness, CryptoPolicy crypto, Set<String> endorsedPackets) {
        PGPPublicKey target = Bc.of(c).getPrimaryKey().getPGPPublicKey();
        Map<Fingerprint, List<Certification>> byIssuer = new LinkedHashMap<>();
        // Verified signatures by their packet's SHA-256 (identity: two packets may decode to equal records).
        Map<Certification, String> packets = new java.util.IdentityHashMap<>();
        List<Certification> endorsed = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (Encoding.Found f : Encoding.thirdPartySignatures(target)) {
            PGPSignature s = f.signature();
            List<Component> named = issuers(s, byKeyId);
            if (named.stream().anyMatch(k -> k.primary().equals(c.fingerprint()))) {
                continue; // made by the key itself or one of its own subkeys: a key never vouches for itself
            }
            Component issuer = null;
            String why = null;
            for (Component k : named) {
                // Refused crypto is read off the packets, before the (wasted) verification.
                if (crypto.refusesHash(s.getHashAlgorithm())) {
                    why = hashName(s.getHashAlgorithm()) + " signatures are refused";
                } else if (weakness.get(k.primary()) != null) {
                    why = weakness.get(k.primary());
                } else if (KeyComponents.unsupported(k.key()) != null) {
                    why = "the key " + KeyComponents.unsupported(k.key()); // said, rather than dropped as broken
                } else if (!verifies(s, k.key(), () -> s.verifyCertification(f.userId(), target))) {
                    continue; // forged or broken
                } else if (!k.component().isPrimaryKey()
                        && !KeyComponents.may(k.component(), KeyComponents.Job.CERTIFY, s.getCreationTime())) {
                    // Subkeys speak for their primary only while a verified binding lets them certify; anyone
                    // can append a subkey packet to a certificate they pass on.
                    why = "that subkey was not bound to it as a certification key at " + s.getCreationTime().toInstant();
                } else if (k.component().isPrimaryKey()
                        && !KeyComponents.may(k.component(), KeyComponents.Job.CERTIFY, s.getCreationTime())) {
                    // A signing-only primary signs data, not keys (gpg and sq refuse such certifications too).
                    why = "the key is not certification capable (its key flags at " + s.getCreationTime().toInstant()
                            + " do not allow certifying)";
                } else if (CriticalSubpackets.unknownCritical(s) != null) {
                    why = "it " + CriticalSubpackets.unknownCritical(s);
                } else if (!CriticalSubpackets.regex(s).isEmpty()) {
                    // A trust signature's domain restriction (gpg tsign, sq certify --regex) limits the user ids the
                    // introducer may vouch for; Caravan's limit is the scope, and silently dropping the regex would
                    // widen the grant, so the certification is refused instead.
                    why = "it carries a Regular Expression " + CriticalSubpackets.regex(s)
                            + " (a trust-signature domain restriction), which Caravan does not honour; certify again "
                            + "without one and limit it with the scope notation instead";
                } else {
                    issuer = k;
                    break;
                }
                why = "certification by " + k.describe() + " ignored: " + why;
            }
            if (issuer != null) {
                byIssuer.computeIfAbsent(issuer.primary(), x -> new ArrayList<>()).add(f.meaning());
                String hash = Encoding.packetSha256(s);
                packets.put(f.meaning(), hash);
                if (endorsedPackets.contains(hash)) {
                    // Only a packet that verified counts, whoever the root set endorsed it as.
                    endorsed.add(f.meaning());
                }
            } else if (why != null && !ignored.contains(why)) {
                ignored.add(why);
            }
        }
        for (List<Certification> events : byIssuer.values()) {
            // Oldest first; on a tie the revocation counts as the later word.
            events.sort(Comparator.comparing(Certification::signedAt)
                    .thenComparing(e -> e instanceof Certification.Revoked));
        }
        endorsed.sort(Comparator.comparing(Certification::signedAt).thenComparing(e -> e instanceof Certification.Revoked));
        return new Node(c.fingerprint(), new KeyRef(c.fingerprint(), c.userId()), c, root, c.creationTime(),
                c.expirationTime(), weakness.get(c.fingerprint()), byIssuer,
                keyRevocations(c, target, byKeyId, weakness, crypto), List.copyOf(ignored), packets,
                List.copyOf(endorsed));
    }

    /** Key revocations by the key itself or by a revoker it designated in a verified self-signature. */
    /**
     * Verifies one of {@code c}'s own signatures. Bouncy Castle verifies a certificate's own signatures lazily,
     * keeping state in them, when another thread asks whether that key may certify (KeyComponents#may locks the
     * same certificate), so they are verified one at a time. Never held while another certificate is locked.
     */
    private static boolean ownSignatureVerifies(Certificate c, java.util.function.BooleanSupplier check) {
        synchronized (Bc.of(c)) {
            return check.getAsBoolean();
        }
    }

    private static List<KeyRevocation> keyRevocations(Certificate c, PGPPublicKey target,
            Map<Long, List<Component>> byKeyId, Map<Fingerprint, String> weakness, CryptoPolicy crypto) {
        Set<String> designated = new HashSet<>();
        for (Iterator<PGPSignature> it = target.getSignatures(); it.hasNext(); ) {
            PGPSignature s = it.next();
            PGPSignatureSubpacketVector hashed = s.getHashedSubPackets();
            if (hashed == null || hashed.getRevocationKeys().length == 0 || Encoding.issuerKeyId(s) != target.getKeyID()) {
                continue;
            }
            boolean ok = ownSignatureVerifies(c, () -> s.getSignatureType() == PGPSignature.DIRECT_KEY
                    ? verifies(s, target, () -> s.verifyCertification(target))
                    : selfCertificationVerifies(s, target));
            if (ok) {
                for (RevocationKey k : hashed.getRevocationKeys()) {
                    designated.add(Hex.toHexString(k.getFingerprint()).toUpperCase(java.util.Locale.ROOT));
                }
            }
        }
        List<KeyRevocation> out = new ArrayList<>();
        for (Iterator<PGPSignature> it = target.getSignaturesOfType(PGPSignature.KEY_REVOCATION); it.hasNext(); ) {
            PGPSignature s = it.next();
            if (s.getCreationTime() == null || crypto.refusesHash(s.getHashAlgorithm())) {
                continue;
            }
            boolean self = Encoding.issuerKeyId(s) == target.getKeyID();
            PGPPublicKey by = null;
            Fingerprint issuerFp = c.fingerprint();
            if (self) {
                by = target;
            } else {
                for (Component k : issuers(s, byKeyId)) {
                    // A revoker the crypto policy refuses speaks no more here than anywhere else.
                    if (designated.contains(k.primary().hex()) && weakness.get(k.primary()) == null
                            && KeyComponents.may(k.component(), KeyComponents.Job.CERTIFY, s.getCreationTime())) {
                        by = k.key();
                        issuerFp = k.primary();
                        break;
                    }
                }
            }
            if (by == null || CriticalSubpackets.unknownCritical(s) != null) {
                continue; // a key revocation by anyone else means nothing, nor one invalid for what it carries
            }
            PGPPublicKey signer = by;
            if (ownSignatureVerifies(c, () -> verifies(s, signer, () -> s.verifyCertification(target)))) {
                org.bouncycastle.bcpg.sig.RevocationReason r = s.getHashedSubPackets() == null ? null
                        : s.getHashedSubPackets().getRevocationReason();
                out.add(r == null
                        ? new KeyRevocation(issuerFp, self, s.getCreationTime().toInstant(), RevocationReason.UNSPECIFIED, "",
                                false)
                        : new KeyRevocation(issuerFp, self, s.getCreationTime().toInstant(),
                                RevocationReason.fromOpenPgpCode(r.getRevocationReason() & 0xff),
                                r.getRevocationDescription(), true));
            }
        }
        out.sort(Comparator.comparing(KeyRevocation::at));
        return List.copyOf(out);
    }

    private static boolean selfCertificationVerifies(PGPSignature s, PGPPublicKey target) {
        for (Iterator<String> ids = target.getUserIDs(); ids.hasNext(); ) {
            String uid = ids.next();
            for (Iterator<PGPSignature> sigs = target.getSignaturesForID(uid); sigs.hasNext(); ) {
                if (sigs.next() == s) {
                    return verifies(s, target, () -> s.verifyCertification(uid, target));
                }
            }
        }
        return false;
    }

    /** Every component key of the web the signature's issuer key id (and fingerprint, if present) may mean. */
    private static List<Component> issuers(PGPSignature s, Map<Long, List<Component>> byKeyId) {
        List<Component> candidates = byKeyId.get(Encoding.issuerKeyId(s));
        if (candidates == null) {
            return List.of();
        }
        Fingerprint claimed = Encoding.issuerFingerprint(s);
        List<Component> out = new ArrayList<>(1);
        for (Component k : candidates) {
            if (claimed == null || k.primary().equals(claimed)
                    || Hex.toHexString(k.key().getFingerprint()).equalsIgnoreCase(claimed.hex())) {
                out.add(k);
            }
        }
        return out;
    }

    private static String hashName(int algorithm) {
        return switch (algorithm) {
            case 1 -> "MD5";
            case 2 -> "SHA-1";
            case 3 -> "RIPEMD-160";
            default -> "hash algorithm " + algorithm;
        };
    }

    private interface Check {
        boolean run() throws PGPException;
    }

    private static boolean verifies(PGPSignature s, PGPPublicKey signer, Check check) {
        // PGPSignature keeps verifier state and the decoded certificates are shared through a cache.
        synchronized (s) {
            try {
                s.init(new BcPGPContentVerifierBuilderProvider(), signer);
                return check.run();
            } catch (PGPException | RuntimeException e) {
                return false;
            }
        }
    }

    /** Why a key is too weak to count under the policy, or null. */
    static String weakness(PGPPublicKey key, CryptoPolicy crypto) {
        if (key.getVersion() <= 3 && !crypto.allowV3Keys()) {
            return "OpenPGP v" + key.getVersion() + " keys are refused";
        }
        int alg = key.getAlgorithm();
        boolean rsa = alg == PublicKeyAlgorithmTags.RSA_GENERAL || alg == PublicKeyAlgorithmTags.RSA_SIGN
                || alg == PublicKeyAlgorithmTags.RSA_ENCRYPT;
        if (rsa && key.getBitStrength() < crypto.minimumRsaBits()) {
            return "RSA keys under " + crypto.minimumRsaBits() + " bits are refused (this one has "
                    + key.getBitStrength() + ")";
        }
        return null;
    }
}
