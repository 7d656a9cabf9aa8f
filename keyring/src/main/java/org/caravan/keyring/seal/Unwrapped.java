package org.caravan.keyring.seal;

import java.util.List;

/** What opening a wrapped secret gave: the secret, or why not. */
public sealed interface Unwrapped {
    /** The secret, as wrapped. */
    record Opened(byte[] secret) implements Unwrapped {
        public Opened {
            secret = secret.clone();
        }
    }

    /** Wrapped for other keys only: the key ids (16 hex) the message names, none of them this key's. */
    record NotForThisKey(List<String> recipientKeyIds) implements Unwrapped {
        public NotForThisKey {
            recipientKeyIds = List.copyOf(recipientKeyIds);
        }
    }

    /** Not a readable OpenPGP message, or its integrity check failed. */
    record Broken(String reason) implements Unwrapped {}
}
