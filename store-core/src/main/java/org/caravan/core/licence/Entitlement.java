package org.caravan.core.licence;

import org.caravan.keyring.seal.ContentKey;

/** Whether this home may open a licensed package: the app key and the licence that gives it, or why not. */
public sealed interface Entitlement {
    String appId();

    /** One line a user can read. */
    String message();

    record Entitled(String appId, Licence licence, ContentKey appKey, String how) implements Entitlement {
        @Override
        public String message() {
            return how;
        }
    }

    record NotEntitled(String appId, String reason) implements Entitlement {
        @Override
        public String message() {
            return reason;
        }
    }
}
