package org.caravan.core.client;

/**
 * Why a request about an app was not done, as a script must tell it apart (the command line's exit codes 3 and 1):
 * a rule said no, or something stood in the way.
 */
public enum Cause {
    /**
     * A rule said no: the trust engine, a signature, the package's integrity, or a policy (a downgrade, a stale
     * catalog, a client too old, no licence). Trying again will not help until the rule's subject changes.
     */
    REFUSED,
    /**
     * It could not be done: the app is not listed or not installed, no peer holds it, the disk is full, another
     * request holds the app, an I/O error. Trying again later, or after fixing what the message names, may help.
     */
    FAILED
}
