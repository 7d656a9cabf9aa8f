package org.caravan.core.net;

import java.util.Optional;

/** What re-putting a store's signed pointer achieved. */
public sealed interface RepublishResult {

    /** DHT nodes that answered a query during the lookup. */
    int nodesAnswered();

    /**
     * The item with the highest valid {@code seq} was put again, and {@code storedOn} nodes (of the closest
     * ones that gave a write token) accepted it; {@code pointer} is its value read as a channel pointer.
     */
    record Republished(long seq, Optional<ChannelPointer> pointer, int storedOn, int nodesAnswered)
            implements RepublishResult {
        public Republished {
            if (storedOn < 1) {
                throw new IllegalArgumentException("a republished item is stored on at least 1 node, not " + storedOn);
            }
        }
    }

    /** No answering node held an item with a valid signature: there is nothing to re-put. */
    record NothingFound(int nodesAnswered) implements RepublishResult {}

    /** The item was found but no node accepted the put; {@code reason} says what the nodes answered. */
    record NotStored(long seq, String reason, int nodesAnswered) implements RepublishResult {}
}
