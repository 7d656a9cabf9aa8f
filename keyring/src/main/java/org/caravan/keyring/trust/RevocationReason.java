package org.caravan.keyring.trust;

import java.util.Locale;

/**
 * Why a key was revoked. Hard reasons invalidate every signature the key ever made; soft reasons keep
 * signatures made before the revocation time. Maps onto OpenPGP reason-for-revocation codes.
 */
public enum RevocationReason {
    UNSPECIFIED(0, true),
    SUPERSEDED(1, false),
    COMPROMISED(2, true),
    RETIRED(3, false);

    private final int openPgpCode;
    private final boolean hard;

    RevocationReason(int openPgpCode, boolean hard) {
        this.openPgpCode = openPgpCode;
        this.hard = hard;
    }

    public int openPgpCode() {
        return openPgpCode;
    }

    public boolean hard() {
        return hard;
    }

    public static RevocationReason fromOpenPgpCode(int code) {
        for (RevocationReason r : values()) {
            if (r.openPgpCode == code) {
                return r;
            }
        }
        return UNSPECIFIED;
    }

    public static RevocationReason parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "unknown revocation reason '" + text + "' (expected compromised, retired, superseded or unspecified)");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
