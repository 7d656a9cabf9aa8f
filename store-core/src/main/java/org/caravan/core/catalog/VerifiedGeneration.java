package org.caravan.core.catalog;

import java.time.Instant;
import org.caravan.keyring.trust.TrustWeb;

/** A generation whose signature, store key and keyring hash were checked; its trust web is ready to use. */
public record VerifiedGeneration(Catalog catalog, GenerationBundle bundle, TrustWeb web, String catalogHash) {

    /** Past its expiry a catalog is stale: shown, but no new installs (freeze attack defence). */
    public boolean staleAt(Instant now) {
        return !now.isBefore(catalog.expires());
    }
}
