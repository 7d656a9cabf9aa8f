package org.caravan.core.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.KeyFormatException;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.sign.SignatureCheck;
import org.caravan.keyring.trust.RootSet;
import org.caravan.keyring.trust.TrustWeb;

/**
 * Checks a generation on its own: the catalog names this store's key, the keyring is the one the
 * catalog hashes, the store's channel root (the OpenPGP Ed25519 key whose public key is the store key)
 * is one of its roots, and k of the n roots (the policy's root threshold) signed it. Whether the
 * generation is newer than what we hold is the caller's check.
 */
public final class GenerationVerifier {
    private GenerationVerifier() {}

    public static VerifiedGeneration verify(GenerationBundle bundle, byte[] storePublicKey) {
        Catalog catalog = CatalogCodec.decode(bundle.catalogJson());
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
        Set<String> rootFprs = Set.copyOf(catalog.roots());
        List<Certificate> roots = new ArrayList<>();
        List<Certificate> keys = new ArrayList<>();
        Certificate channelRoot = null;
        for (Certificate c : certs) {
            if (rootFprs.contains(c.fingerprint().hex())) {
                roots.add(c);
                if (isEd25519(c) && Arrays.equals(c.ed25519PublicKey(), storePublicKey)) {
                    channelRoot = c;
                }
            } else {
                keys.add(c);
            }
        }
        if (channelRoot == null) {
            throw new CatalogFormatException("the keyring holds no root key matching store key " + expectedKey);
        }
        List<SignatureCheck> checks = DetachedSignatures.verify(bundle.catalogJson(), bundle.catalogSignature(), roots);
        RootSet rootSet;
        try {
            rootSet = new RootSet(1, roots, catalog.policy().rootThreshold());
        } catch (IllegalArgumentException e) {
            throw new CatalogFormatException("the catalog's roots are invalid: " + e.getMessage(), e);
        }
        if (!rootSet.quorumIn(checks)) {
            String why = checks.stream()
                    .filter(c -> c instanceof SignatureCheck.Invalid)
                    .map(c -> ((SignatureCheck.Invalid) c).reason())
                    .findFirst().orElse(rootSet.signersAmong(checks).size() + " valid root signature(s)");
            throw new CatalogFormatException("catalog signature by the store root does not verify: need "
                    + rootSet.threshold() + " of " + roots.size() + " roots (" + why + ")");
        }
        return new VerifiedGeneration(catalog, bundle, new TrustWeb(roots, keys), Sha256.hex(bundle.catalogJson()));
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
