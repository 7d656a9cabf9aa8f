package org.caravan.core.pkg;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a store shows about a package beyond its name and summary, with AppStream's meanings
 * (freedesktop.org AppStream metainfo): {@code description} (the long text, paragraphs separated by an empty
 * line), {@code homepage} (url type="homepage"), {@code license} (project_license, an SPDX expression),
 * {@code keywords} (extra search words), {@code icon} (a PNG file of the package, shown on cards), {@code screenshots}
 * (image files of the package with captions) and {@code releaseNotes} (release description: what changed in
 * this version). Every field is optional: empty text, empty lists and null paths mean "not given".
 */
public record AppInfo(String description, String homepage, String license, List<String> keywords, String icon,
        List<Screenshot> screenshots, String releaseNotes) {

    public static final AppInfo NONE = new AppInfo("", "", "", List.of(), null, List.of(), "");

    public static final int MAX_DESCRIPTION = 10_000;
    public static final int MAX_RELEASE_NOTES = 5_000;
    public static final int MAX_KEYWORDS = 20;
    public static final int MAX_KEYWORD = 50;
    public static final int MAX_SCREENSHOTS = 8;
    public static final int MAX_CAPTION = 200;
    /** Cards show the icon at 48 px and the app page at 96: 256 KiB is plenty for a 512 px PNG. */
    public static final long MAX_ICON_BYTES = 256 * 1024;
    /** Screenshots travel in the catalog, to every subscriber: each is kept small. */
    public static final long MAX_SCREENSHOT_BYTES = 1024 * 1024;
    /** An icon is square, between these sizes in pixels. */
    public static final int MIN_ICON_PIXELS = 16;
    public static final int MAX_ICON_PIXELS = 1024;

    /** One screenshot: a PNG or JPEG file of the package and what it shows. */
    public record Screenshot(String path, String caption) {
        public Screenshot {
            caption = caption == null ? "" : caption;
        }
    }

    public AppInfo {
        description = paragraphs("description", description, MAX_DESCRIPTION);
        releaseNotes = paragraphs("releaseNotes", releaseNotes, MAX_RELEASE_NOTES);
        homepage = homepage == null ? "" : homepage;
        if (!homepage.isEmpty()) {
            checkHomepage(homepage);
        }
        // The grammar only: the SPDX list grows, and a reader must not refuse a licence its copy does not know yet.
        license = license == null ? "" : license;
        if (!license.isEmpty()) {
            SpdxExpression.checkSyntax(license);
        }
        if (license.length() > 1000) {
            throw new IllegalArgumentException("invalid licence: longer than 1000 characters");
        }
        keywords = List.copyOf(keywords == null ? List.of() : keywords);
        if (keywords.size() > MAX_KEYWORDS) {
            throw new IllegalArgumentException("invalid keywords: " + keywords.size() + " given, at most " + MAX_KEYWORDS);
        }
        Set<String> seen = new HashSet<>();
        for (String k : keywords) {
            if (k == null || k.isBlank() || k.length() > MAX_KEYWORD || k.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("invalid keyword " + PackagePaths.quote(String.valueOf(k))
                        + ": must be a non-blank text of at most " + MAX_KEYWORD + " characters, one line");
            }
            if (!seen.add(k.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("invalid keywords: '" + k + "' is listed twice");
            }
        }
        if (icon != null) {
            checkImagePath("icon", icon, false);
        }
        screenshots = List.copyOf(screenshots == null ? List.of() : screenshots);
        if (screenshots.size() > MAX_SCREENSHOTS) {
            throw new IllegalArgumentException("invalid screenshots: " + screenshots.size() + " given, at most "
                    + MAX_SCREENSHOTS);
        }
        Set<String> paths = new HashSet<>();
        for (Screenshot s : screenshots) {
            checkImagePath("screenshot", s.path(), true);
            if (!paths.add(s.path())) {
                throw new IllegalArgumentException("invalid screenshots: '" + s.path() + "' is listed twice");
            }
            if (s.caption().length() > MAX_CAPTION || s.caption().chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("invalid caption of screenshot '" + s.path() + "': at most "
                        + MAX_CAPTION + " characters, one line");
            }
        }
    }

    /** Nothing given. */
    public boolean isEmpty() {
        return equals(NONE);
    }

    /** This information with other release notes (the rest describes the app, the notes this version). */
    public AppInfo withReleaseNotes(String notes) {
        return new AppInfo(description, homepage, license, keywords, icon, screenshots, notes);
    }

    private static String paragraphs(String field, String text, int max) {
        if (text == null) {
            return "";
        }
        // Not normalised here: the manifest's bytes must be what was signed (the builder trims what it reads).
        String t = text;
        if (t.length() > max) {
            throw new IllegalArgumentException("invalid " + field + ": " + t.length() + " characters, at most " + max);
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (Character.isISOControl(c) && c != '\n') {
                throw new IllegalArgumentException("invalid " + field + ": contains a control character (U+"
                        + String.format("%04X", (int) c) + ") at position " + i + "; only line breaks (LF) are allowed");
            }
        }
        return t;
    }

    static void checkHomepage(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid homepage '" + url + "': not a URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("invalid homepage '" + url + "': must be an https or http URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || url.length() > 2048) {
            throw new IllegalArgumentException("invalid homepage '" + url
                    + "': must name a host, carry no user info and be at most 2048 characters");
        }
    }

    private static void checkImagePath(String what, String path, boolean jpegToo) {
        String problem = path == null ? "is missing" : PackagePaths.problem(path);
        if (problem != null) {
            throw new IllegalArgumentException("invalid " + what + " path " + PackagePaths.quote(String.valueOf(path))
                    + ": " + problem + " (it names a file inside the package)");
        }
        String lower = path.toLowerCase(Locale.ROOT);
        boolean ok = lower.endsWith(".png") || (jpegToo && (lower.endsWith(".jpg") || lower.endsWith(".jpeg")));
        if (!ok) {
            throw new IllegalArgumentException("invalid " + what + " '" + path + "': must be a "
                    + (jpegToo ? "PNG or JPEG (.png, .jpg)" : "PNG (.png)") + " file");
        }
    }

    /** The image kind of a file's first bytes: "png", "jpeg" or null. */
    public static String imageKind(byte[] head) {
        if (head.length >= 8 && (head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G'
                && head[4] == 0x0d && head[5] == 0x0a && head[6] == 0x1a && head[7] == 0x0a) {
            return "png";
        }
        if (head.length >= 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8 && (head[2] & 0xff) == 0xff) {
            return "jpeg";
        }
        return null;
    }

    /** Width and height of a PNG from its IHDR chunk, or null when the bytes are not a PNG with one. */
    public static int[] pngSize(byte[] png) {
        if (!"png".equals(imageKind(png)) || png.length < 24 || png[12] != 'I' || png[13] != 'H' || png[14] != 'D'
                || png[15] != 'R') {
            return null;
        }
        return new int[] {readInt(png, 16), readInt(png, 20)};
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    /**
     * Checks the bytes of the icon or a screenshot named {@code path} (what the builder and the store read from
     * the files): the right kind, within the size limits, an icon square.
     *
     * @throws IllegalArgumentException naming the file, what is wrong and the limit
     */
    public static void checkImage(String what, String path, byte[] bytes) {
        boolean icon = what.equals("icon");
        long max = icon ? MAX_ICON_BYTES : MAX_SCREENSHOT_BYTES;
        if (bytes.length > max) {
            throw new IllegalArgumentException(what + " '" + path + "' is " + bytes.length + " bytes, more than "
                    + max + " (" + (max / 1024) + " KiB): make it smaller");
        }
        String kind = imageKind(bytes);
        String lower = path.toLowerCase(Locale.ROOT);
        String named = lower.endsWith(".png") ? "png" : "jpeg";
        if (kind == null || !kind.equals(named)) {
            throw new IllegalArgumentException(what + " '" + path + "' is not a " + named.toUpperCase(Locale.ROOT)
                    + " image (its first bytes say " + (kind == null ? "neither PNG nor JPEG" : kind.toUpperCase(Locale.ROOT))
                    + ")");
        }
        if (icon) {
            int[] size = pngSize(bytes);
            if (size == null) {
                throw new IllegalArgumentException("icon '" + path + "' has no PNG header (IHDR)");
            }
            if (size[0] != size[1] || size[0] < MIN_ICON_PIXELS || size[0] > MAX_ICON_PIXELS) {
                throw new IllegalArgumentException("icon '" + path + "' is " + size[0] + "x" + size[1]
                        + " pixels: it must be square, " + MIN_ICON_PIXELS + " to " + MAX_ICON_PIXELS
                        + " pixels a side (128x128 is a good size)");
            }
        }
    }

    /** The package paths of the icon and screenshots, for checks against the file list. */
    public List<String> imagePaths() {
        List<String> out = new ArrayList<>();
        if (icon != null) {
            out.add(icon);
        }
        screenshots.forEach(s -> out.add(s.path()));
        return out;
    }
}
