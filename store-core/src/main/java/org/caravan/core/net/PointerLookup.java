package org.caravan.core.net;

/**
 * What a lookup of a store's channel pointer found: the newest pointer, nothing (nodes answered, none holds one),
 * or no answer at all before the deadline, so a caller can tell "the store
 * published nothing" from "the network cannot be reached".
 */
public sealed interface PointerLookup {

    /** The pointer with the highest generation among the valid answers. */
    record Found(ChannelPointer pointer) implements PointerLookup {
        public Found {
            java.util.Objects.requireNonNull(pointer, "pointer");
        }
    }

    /** DHT nodes answered, and none holds a valid pointer for the channel. */
    record NotFound() implements PointerLookup {}

    /**
     * No other DHT node is there to answer: the routing table is empty, or no node answered before the deadline
     * ({@code knownNodes} were in the routing table, all silent). Every node this session knew is gone, or the
     * network is cut off; what this node holds itself is no news from the network.
     */
    record Unreachable(int knownNodes) implements PointerLookup {}
}
