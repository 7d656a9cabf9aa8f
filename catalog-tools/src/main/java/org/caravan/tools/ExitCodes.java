package org.caravan.tools;

/** The caravan command's fixed exit codes. */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** Bad input, a missing file, an I/O or network failure: the message says which. */
    public static final int FAILURE = 1;
    /** The command line itself is wrong (unknown option, missing argument). */
    public static final int USAGE = 2;
    /** The trust engine or a verification refused: untrusted, revoked, tampered, replayed. */
    public static final int REFUSED = 3;

    private ExitCodes() {}
}
