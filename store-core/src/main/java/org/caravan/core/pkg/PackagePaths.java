package org.caravan.core.pkg;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Locale;
import java.util.Set;

/**
 * The rules for a path inside a package, shared by the manifest, the builder and the extractor.
 * One place, so that what the builder writes is exactly what the extractor accepts.
 */
final class PackagePaths {

    /** Name of the manifest entry; always the first entry of a {@code .car}. */
    static final String MANIFEST_ENTRY = "caravan-manifest.json";
    /** Every payload entry is named {@code files/<manifest path>}. */
    static final String FILES_PREFIX = "files/";

    static final int MAX_PATH_BYTES = 1024;
    static final int MAX_SEGMENT_BYTES = 255;

    /** Sorts like the bytes of the UTF-8 encoding (= Unicode code point order), unlike String.compareTo. */
    static final Comparator<String> UTF8_ORDER = (a, b) -> java.util.Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    // Windows refuses to create these names (with any extension); a package must install everywhere.
    private static final Set<String> WINDOWS_DEVICES = Set.of(
            "con", "prn", "aux", "nul",
            "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
            "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

    private PackagePaths() {}

    /**
     * Returns null when {@code path} is an acceptable relative payload path, else the reason.
     * Accepted: '/'-separated segments, none empty, "." or "..", no backslash, colon, control
     * character or characters Windows forbids, no segment ending in '.' or ' ', no Windows device name.
     */
    static String problem(String path) {
        if (path == null || path.isEmpty()) {
            return "is empty";
        }
        if (path.startsWith("/")) {
            return "is absolute";
        }
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            return "is longer than " + MAX_PATH_BYTES + " bytes";
        }
        for (int i = 0; i < path.length(); i++) {
            char ch = path.charAt(i);
            if (ch < 0x20 || ch == 0x7f) {
                return "contains a control character";
            }
            if ("\\:*?\"<>|".indexOf(ch) >= 0) {
                return "contains the character '" + ch + "'";
            }
            if (Character.isSurrogate(ch)
                    && !(Character.isHighSurrogate(ch) && i + 1 < path.length()
                            && Character.isLowSurrogate(path.charAt(i + 1)))
                    && !(Character.isLowSurrogate(ch) && i > 0 && Character.isHighSurrogate(path.charAt(i - 1)))) {
                return "contains an unpaired surrogate";
            }
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) {
                return "has an empty segment";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "has a '" + segment + "' segment";
            }
            if (segment.endsWith(".") || segment.endsWith(" ")) {
                return "has a segment ending in '.' or ' '";
            }
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                return "has a segment longer than " + MAX_SEGMENT_BYTES + " bytes";
            }
            int dot = segment.indexOf('.');
            String base = (dot < 0 ? segment : segment.substring(0, dot)).toLowerCase(Locale.ROOT);
            if (WINDOWS_DEVICES.contains(base)) {
                return "uses the reserved device name '" + segment + "'";
            }
        }
        return null;
    }

    /** Names a string for a message without letting control characters garble the output. */
    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("'");
        s.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f) {
                sb.append(String.format("\\u%04x", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.append('\'').toString();
    }
}
