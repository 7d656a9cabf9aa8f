package org.caravan.core.store;

import java.util.List;
import org.caravan.keyring.trust.KeyRef;
import org.caravan.keyring.trust.RootSet;

/**
 * What a root rotation would do before it is made: the next root set (with the endorsement of the store's
 * decisions it signs), the endorsed signature packets, and every key whose standing would change (levels and
 * scopes it holds, "revoked" or "not trusted"). With the endorsement, a rotation changes no standing; a change
 * listed here is one the maintainers should look at before signing.
 *
 * @param heldAfter how many of the next set's root secret keys this folder would hold
 */
public record RotationPreview(RootSet next, List<String> endorsed, List<Change> changes, int heldAfter) {
    public RotationPreview {
        endorsed = List.copyOf(endorsed);
        changes = List.copyOf(changes);
    }

    /** One key's standing before and after the rotation. */
    public record Change(KeyRef key, String before, String after) {
        @Override
        public String toString() {
            return key + ": " + before + " -> " + after;
        }
    }
}
