package org.caravan.gui.catalog;

import java.util.Locale;
import org.caravan.core.client.AppEntry;

/** The words and numbers of an app entry as a user reads them; tolerant of missing fields. */
final class AppText {

    private AppText() {
    }

    /** Two lines: "Alice Developer <alice@example.org>" over "89AB CDEF 0123 4567". */
    static String signer(AppEntry app) {
        String user = blank(app.signerUserId()) ? org.caravan.gui.text.Texts.get("explore.signer.unknown") : app.signerUserId();
        String key = shortFingerprint(app.signerFingerprint());
        return key.isEmpty() ? user : user + "\n" + key;
    }

    /**
     * The last 16 hex digits (the long key id) in groups of four: long enough to tell keys apart
     * at a glance, short enough for a table column. The detail pane shows the whole fingerprint.
     */
    static String shortFingerprint(String fingerprint) {
        String hex = compact(fingerprint);
        return group(hex.length() > 16 ? hex.substring(hex.length() - 16) : hex);
    }

    static String fullFingerprint(String fingerprint) {
        return group(compact(fingerprint));
    }

    static String installed(AppEntry app) {
        return blank(app.installedVersion()) ? "—" : app.installedVersion();
    }

    /** False with no app selected. */
    static boolean isInstalled(AppEntry app) {
        return app != null && !blank(app.installedVersion());
    }

    static boolean sameVersionInstalled(AppEntry app) {
        return isInstalled(app) && app.installedVersion().equals(app.version());
    }

    static String orDash(String text) {
        return blank(text) ? "—" : text;
    }

    private static String compact(String fingerprint) {
        return fingerprint == null ? "" : fingerprint.replaceAll("\\s", "").toUpperCase(Locale.ROOT);
    }

    private static String group(String hex) {
        StringBuilder out = new StringBuilder(hex.length() + hex.length() / 4);
        for (int i = 0; i < hex.length(); i++) {
            if (i > 0 && i % 4 == 0) {
                out.append(' ');
            }
            out.append(hex.charAt(i));
        }
        return out.toString();
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
