package org.caravan.core.store;

import java.util.List;
import org.caravan.core.catalog.SignerClaim;

/** {@code packages/<id>/<version>/release.json}: an admitted package, as the store verified it on {@code store add}. */
public record ReleaseRecord(
        String id,
        String version,
        String type,
        String name,
        String summary,
        String category,
        String fileName,
        String sha256,
        long size,
        String infoHash,
        List<SignerClaim> signers,
        List<String> signatures) {
    public ReleaseRecord {
        signers = List.copyOf(signers);
        signatures = List.copyOf(signatures);
    }
}
