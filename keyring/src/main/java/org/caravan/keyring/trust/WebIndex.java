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

    /** A key of the web with what others provably said about it. */
    record Node(Fingerprint fp, KeyRef ref, Certificate certificate, boolean root, Instant created, Instant expires,
            String weakness, Map<Fingerprint, List<Certification>> byIssuer, List<KeyRevocation> revocations) {}

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
    private record Component(Fingerprint primary, PGPPublicKey key) {}

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
                        .add(new Component(c.fingerprint(), k.getPGPPublicKey()));
            }
        }
        List<Node> built = all.values().parallelStream()
                .map(c -> node(c, rootCerts.containsKey(c.fingerprint()), byKeyId, weakness, crypto))
                .toList();
        for (Node n : built) {
            nodes.put(n.fp(), n);
            if (n.root()) {
                roots.put(n.fp(), n);
            }
        }
    }

    private static Node node(Certificate c, boolean root, Map<Long, List<Component>> byKeyId,
            Map<Fingerprint, String> weakness, CryptoPolicy crypto) {
        PGPPublicKey target = Bc.of(c).getPrimaryKey().getPGPPublicKey();
        Map<Fingerprint, List<Certification>> byIssuer = new LinkedHashMap<>();
        for (Encoding.Found f : Encoding.thirdPartySignatures(target)) {
            PGPSignature s = f.signature();
            if (crypto.refusesHash(s.getHashAlgorithm())) {
                continue;
            }
            Component issuer = issuer(s, byKeyId);
            if (issuer == null || issuer.primary().equals(c.fingerprint()) || weakness.get(issuer.primary()) != null) {
                continue;
            }
            if (verifies(s, issuer.key(), () -> s.verifyCertification(f.userId(), target))) {
                byIssuer.computeIfAbsent(issuer.primary(), x -> new ArrayList<>()).add(f.meaning());
            }
        }
        for (List<Certification> events : byIssuer.values()) {
            // Oldest first; on a tie the revocation counts as the later word.
            events.sort(Comparator.comparing(Certification::signedAt)
                    .thenComparing(e -> e instanceof Certification.Revoked));
        }
        return new Node(c.fingerprint(), new KeyRef(c.fingerprint(), c.userId()), c, root, c.creationTime(),
                c.expirationTime(), weakness.get(c.fingerprint()), byIssuer,
                keyRevocations(c, target, byKeyId, crypto));
    }

    /** Key revocations by the key itself or by a revoker it designated in a verified self-signature. */
    private static List<KeyRevocation> keyRevocations(Certificate c, PGPPublicKey target,
            Map<Long, List<Component>> byKeyId, CryptoPolicy crypto) {
        Set<String> designated = new HashSet<>();
        for (Iterator<PGPSignature> it = target.getSignatures(); it.hasNext(); ) {
            PGPSignature s = it.next();
            PGPSignatureSubpacketVector hashed = s.getHashedSubPackets();
            if (hashed == null || hashed.getRevocationKeys().length == 0 || Encoding.issuerKeyId(s) != target.getKeyID()) {
                continue;
            }
            boolean ok = s.getSignatureType() == PGPSignature.DIRECT_KEY
                    ? verifies(s, target, () -> s.verifyCertification(target))
                    : selfCertificationVerifies(s, target);
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
                Component issuer = issuer(s, byKeyId);
                if (issuer != null && designated.contains(issuer.primary().hex())) {
                    by = issuer.key();
                    issuerFp = issuer.primary();
                }
            }
            if (by == null) {
                continue; // a key revocation by anyone else means nothing
            }
            PGPPublicKey signer = by;
            if (verifies(s, signer, () -> s.verifyCertification(target))) {
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

    private static Component issuer(PGPSignature s, Map<Long, List<Component>> byKeyId) {
        List<Component> candidates = byKeyId.get(Encoding.issuerKeyId(s));
        if (candidates == null) {
            return null;
        }
        Fingerprint claimed = Encoding.issuerFingerprint(s);
        for (Component k : candidates) {
            if (claimed == null || k.primary().equals(claimed)
                    || Hex.toHexString(k.key().getFingerprint()).equalsIgnoreCase(claimed.hex())) {
                return k;
            }
        }
        return null;
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
