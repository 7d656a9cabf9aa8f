package org.caravan.core.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.KeyFormatException;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.sign.SignatureCheck;
import org.caravan.keyring.trust.Endorsement;
import org.caravan.keyring.trust.RootRotation;
import org.caravan.keyring.trust.RootSet;
import org.caravan.keyring.trust.TrustWeb;

/**
 * Checks a generation on its own: the catalog names this store's key, the keyring is the one the
 * catalog hashes, the store's channel root (the OpenPGP Ed25519 key whose public key is the store key)
 * is one of the roots of root set version 1 (or, for a store made with an online key, the store key is the
 * online key k current roots delegated to; a magnet pin then anchors version 1), every later root set was approved by k of the previous
 * roots and k of its own (TUF-style rotation, no version skipped), the catalog's endorsed list is the one
 * the current root set signed, and k of the n current roots (the policy's root threshold) signed the catalog. Whether the
 * generation is newer than what we hold is the caller's check.
 */
public final class GenerationVerifier {
    private GenerationVerifier() {}

    public static VerifiedGeneration verify(GenerationBundle bundle, byte[] storePublicKey) {
        return verify(bundle, storePublicKey, CatalogCodec.decode(bundle.catalogJson()));
    }

    /**
     * As {@link #verify(GenerationBundle, byte[])}, for a caller that already decoded
     * {@code bundle.catalogJson()} into {@code catalog} (it must be exactly that decoding: the signature is
     * checked over the bundle's bytes, the rules over {@code catalog}).
     */
    public static VerifiedGeneration verify(GenerationBundle bundle, byte[] storePublicKey, Catalog catalog) {
        String expectedKey = HexFormat.of().formatHex(storePublicKey);
        if (!catalog.storeKey().equals(expectedKey)) {
            throw new CatalogFormatException("catalog belongs to store " + catalog.storeKey() + ", not " + expectedKey);
        }
        if (!Sha256.hex(bundle.keyring()).equals(catalog.keyringSha256())) {
            throw new CatalogFormatException("keyring.asc does not match the hash the catalog signs");
        }
        List<Certificate> certs;
        try {
            certs = Certificate.parseAll(bundle.keyring());
        } catch (KeyFormatException e) {
            throw new CatalogFormatException("keyring.asc is invalid: " + e.getMessage(), e);
        }
        Map<String, Certificate> byFpr = new HashMap<>();
        for (Certificate c : certs) {
            byFpr.put(c.fingerprint().hex(), c);
        }
        RootSet rootSet = currentRoots(catalog, byFpr, storePublicKey, expectedKey);
        if (!catalog.endorsed().isEmpty()) {
            // Whoever signs catalogs may not withhold a decision the root set endorsed (a revocation, say).
            java.util.Set<String> carried = Endorsement.packetsOn(certs);
            long missing = catalog.endorsed().stream().filter(h -> !carried.contains(h)).count();
            if (missing > 0) {
                throw new CatalogFormatException("keyring.asc lacks " + missing + " of the " + catalog.endorsed().size()
                        + " certification and revocation signatures root set version " + rootSet.version()
                        + " endorsed (withheld decisions); refuse this catalog and fetch the store's own");
            }
        }
        List<Certificate> roots = rootSet.roots();
        List<Certificate> keys = new ArrayList<>();
        for (Certificate c : certs) {
            if (!rootSet.contains(c.fingerprint())) {
                keys.add(c);
            }
        }
        List<SignatureCheck> checks = DetachedSignatures.verify(bundle.catalogJson(), bundle.catalogSignature(), roots);
        if (!rootSet.quorumIn(checks)) {
            if (catalog.delegation() == null) {
                String why = checks.stream()
                        .filter(c -> c instanceof SignatureCheck.Invalid)
                        .map(c -> ((SignatureCheck.Invalid) c).reason())
                        .findFirst().orElse(rootSet.signersAmong(checks).size() + " valid root signature(s)");
                throw new CatalogFormatException("catalog signature by the store root does not verify: need "
                        + rootSet.threshold() + " of " + roots.size() + " roots (" + why + ")");
            }
            checkOnlineSignature(bundle, catalog, rootSet, byFpr, expectedKey);
        }
        return new VerifiedGeneration(catalog, bundle, new TrustWeb(roots, keys, java.util.Set.copyOf(catalog.endorsed())),
                Sha256.hex(bundle.catalogJson()));
    }

    /**
     * A catalog the store's online key signed in the roots' stead: the delegation must be signed by k roots of the
     * current set (dated no later than the catalog), the catalog issued before the delegation ends and expiring no
     * later, the online key's signature valid, and the policy signed by k current roots (the online key may
     * publish, not change the rules).
     */
    private static void checkOnlineSignature(GenerationBundle bundle, Catalog catalog, RootSet rootSet,
            Map<String, Certificate> byFpr, String storeKeyHex) {
        OnlineKeyDelegation d = catalog.delegation();
        String who = "online key " + d.key();
        if (d.rootSetVersion() != rootSet.version()) {
            // TUF's root names the online keys anew in each version; here a rotation ends every delegation made
            // before it, so that a stolen online key cannot sign under the root set that rotated to be rid of it
            // (the rotation also lowered the floor a thief's fast-forward had raised).
            throw new CatalogFormatException("the catalog is signed by " + who + ", delegated under root set version "
                    + d.rootSetVersion() + ", but it is signed under version " + rootSet.version() + ": a rotation ends"
                    + " the delegations made before it (the roots must delegate again: caravan store online-key delegate)");
        }
        List<SignatureCheck> delegators = dated(verifyEach(d.canonicalBytes(storeKeyHex),
                d.signatures(), rootSet.roots()), catalog.issued());
        if (!rootSet.quorumIn(delegators)) {
            throw new CatalogFormatException("the catalog is signed by " + who + ", whose delegation is signed by "
                    + rootSet.signersAmong(delegators).size() + " of the " + rootSet.roots().size() + " roots of root set"
                    + " version " + rootSet.version() + ", which requires " + rootSet.threshold() + " (the roots must"
                    + " delegate it again: caravan store online-key delegate)");
        }
        if (!catalog.issued().isBefore(d.validUntil()) || catalog.expires().isAfter(d.validUntil())) {
            throw new CatalogFormatException("the catalog (issued " + catalog.issued() + ", expires " + catalog.expires()
                    + ") is signed by " + who + ", whose delegation ended at " + d.validUntil() + " (an expired or"
                    + " stolen online key; the roots must delegate it again: caravan store online-key delegate)");
        }
        Certificate online = byFpr.get(d.key());
        if (online == null) {
            throw new CatalogFormatException("keyring.asc lacks the certificate of " + who + " the catalog delegates to");
        }
        List<SignatureCheck> byOnline = DetachedSignatures.verify(bundle.catalogJson(), bundle.catalogSignature(),
                List.of(online));
        if (byOnline.stream().noneMatch(c -> c instanceof SignatureCheck.Valid v && v.signer().equals(online.fingerprint()))) {
            throw new CatalogFormatException("catalog signature by the store's roots or its " + who + " does not verify");
        }
        List<SignatureCheck> policy = dated(verifyEach(catalog.policy().canonicalBytes(storeKeyHex),
                catalog.policySignatures(), rootSet.roots()), catalog.issued());
        if (!rootSet.quorumIn(policy)) {
            throw new CatalogFormatException("the catalog signed by " + who + " carries a policy signed by "
                    + rootSet.signersAmong(policy).size() + " of the roots, but root set version " + rootSet.version()
                    + " requires " + rootSet.threshold() + " (a policy change needs the roots: caravan store policy"
                    + " --sign-with ROOTKEY)");
        }
    }

    /** Each armored signature checked over {@code data} against {@code candidates}. */
    static List<SignatureCheck> verifyEach(byte[] data, List<String> armored, List<Certificate> candidates) {
        List<SignatureCheck> out = new ArrayList<>();
        for (String a : armored) {
            out.addAll(DetachedSignatures.verify(data, a.getBytes(java.nio.charset.StandardCharsets.US_ASCII), candidates));
        }
        return out;
    }

    /** The checks, with valid signatures dated after {@code at} turned invalid (no signature from the future). */
    private static List<SignatureCheck> dated(List<SignatureCheck> checks, java.time.Instant at) {
        List<SignatureCheck> out = new ArrayList<>();
        for (SignatureCheck c : checks) {
            out.add(c instanceof SignatureCheck.Valid v && v.signedAt().isAfter(at)
                    ? new SignatureCheck.Invalid("signature by " + v.signer() + " is dated " + v.signedAt() + ", after "
                            + at)
                    : c);
        }
        return out;
    }

    /**
     * The catalog's current root set, after walking its root history from version 1 (which must hold the
     * store's channel root: the store key anchors it) through every rotation, each approved by k of the
     * previous roots and k of the new ones, signed no later than the catalog was issued.
     */
    private static RootSet currentRoots(Catalog catalog, Map<String, Certificate> certs, byte[] storePublicKey,
            String storeKeyHex) {
        List<SignedRootSet> history = catalog.rootHistory().isEmpty()
                ? List.of(new SignedRootSet(1, catalog.policy().rootThreshold(), catalog.roots(), List.of()))
                : catalog.rootHistory();
        RootSet current = null;
        boolean anchoredByRoot = false;
        String noAnchor = null;
        for (SignedRootSet step : history) {
            List<Certificate> members = new ArrayList<>();
            for (String fpr : step.roots()) {
                Certificate c = certs.get(fpr);
                if (c == null) {
                    throw new CatalogFormatException("keyring.asc lacks root " + fpr + " of root set version " + step.version());
                }
                members.add(c);
            }
            RootSet next;
            try {
                next = new RootSet(step.version(), members, step.threshold(), step.endorses());
            } catch (IllegalArgumentException e) {
                throw new CatalogFormatException("the catalog's roots are invalid: " + e.getMessage(), e);
            }
            if (current == null) {
                anchoredByRoot = members.stream()
                        .anyMatch(c -> isEd25519(c) && Arrays.equals(c.ed25519PublicKey(), storePublicKey));
                noAnchor = "the keyring holds no root key matching store key " + storeKeyHex
                        + (step.version() == 1 && history.size() == 1 ? "" : " in root set version 1");
            } else if (RootRotation.verify(current, next, step.signatures(), catalog.issued())
                    instanceof RootRotation.Decision.Refused r) {
                throw new CatalogFormatException("root rotation refused: " + r.reason());
            }
            current = next;
        }
        if (!anchoredByRoot) {
            // A store made with an online key: the store key is that key's, which k current roots delegated.
            OnlineKeyDelegation d = catalog.delegation();
            Certificate channel = d == null ? null : certs.get(d.key());
            boolean delegated = channel != null && isEd25519(channel) && d.rootSetVersion() == current.version()
                    && Arrays.equals(channel.ed25519PublicKey(), storePublicKey)
                    && current.quorumIn(dated(verifyEach(d.canonicalBytes(storeKeyHex), d.signatures(), current.roots()),
                            catalog.issued()));
            if (!delegated) {
                throw new CatalogFormatException(noAnchor + ", and no delegation by the roots to the key it is");
            }
        }
        // The list travels in the catalog; the rotation signed only its count and digest.
        if (!current.endorsement().matches(catalog.endorsed())) {
            throw new CatalogFormatException("the catalog's endorsed list (" + Endorsement.of(catalog.endorsed())
                    + ") is not the one root set version " + current.version() + " signed (" + current.endorsement()
                    + "): a tampered endorsement list; refuse this catalog and fetch the store's own");
        }
        return current;
    }

    private static boolean isEd25519(Certificate c) {
        try {
            c.ed25519PublicKey();
            return true;
        } catch (KeyFormatException e) {
            return false;
        }
    }
}
