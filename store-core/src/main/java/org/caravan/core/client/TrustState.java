package org.caravan.core.client;

/** How the client presents a release to a user. */
public enum TrustState {
    /** The trust engine admits it: installable. */
    TRUSTED("trusted"),
    /** Its signer was revoked: marked, refused for install, offered for removal. */
    SPURIOUS("spurious"),
    /** Refused for another reason (not certified, out of scope, bad signature, ...). */
    REFUSED("refused"),
    /** The store's catalog is past its expiry: new installs are refused until it syncs. */
    STALE("stale");

    private final String label;

    TrustState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
