package org.caravan.core.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Base64;
import java.util.List;
import org.caravan.core.pkg.AppInfo;

/**
 * What a catalog shows about an app beyond its name and summary, taken by the store from the newest release's
 * manifest ({@link AppInfo}, AppStream's meanings): the long description, homepage, SPDX licence, keywords, and the
 * icon and screenshots themselves (base64 of the image bytes, so that a client shows them before any download).
 * Absent from the catalog JSON of an app without any of it; when present, every field is written.
 */
public record AppDetails(String description, String homepage, String license, List<String> keywords, String icon,
        List<Shot> screenshots) {

    /** One screenshot: its caption and its bytes (base64 PNG or JPEG). */
    public record Shot(String caption, String image) {
        @JsonCreator
        public Shot(@JsonProperty("caption") String caption, @JsonProperty("image") String image) {
            this.caption = caption == null ? "" : caption;
            this.image = image;
            byte[] bytes = decode("screenshot", image);
            if (bytes.length == 0 || bytes.length > AppInfo.MAX_SCREENSHOT_BYTES || AppInfo.imageKind(bytes) == null) {
                throw new IllegalArgumentException("screenshot '" + this.caption + "' is not a PNG or JPEG of at most "
                        + AppInfo.MAX_SCREENSHOT_BYTES + " bytes");
            }
        }

        public byte[] bytes() {
            return Base64.getDecoder().decode(image);
        }
    }

    @JsonCreator
    public AppDetails(@JsonProperty("description") String description, @JsonProperty("homepage") String homepage,
            @JsonProperty("license") String license, @JsonProperty("keywords") List<String> keywords,
            @JsonProperty("icon") String icon, @JsonProperty("screenshots") List<Shot> screenshots) {
        // The same rules as the manifest's, so that nothing a package could not carry reaches a client.
        AppInfo checked = new AppInfo(description, homepage, license, keywords, null, List.of(), "");
        this.description = checked.description();
        this.homepage = checked.homepage();
        this.license = checked.license();
        this.keywords = checked.keywords();
        this.icon = icon == null ? "" : icon;
        if (!this.icon.isEmpty()) {
            byte[] bytes = decode("icon", this.icon);
            if (bytes.length > AppInfo.MAX_ICON_BYTES || !"png".equals(AppInfo.imageKind(bytes))) {
                throw new IllegalArgumentException("icon is not a PNG of at most " + AppInfo.MAX_ICON_BYTES + " bytes");
            }
        }
        this.screenshots = List.copyOf(screenshots == null ? List.of() : screenshots);
        if (this.screenshots.size() > AppInfo.MAX_SCREENSHOTS) {
            throw new IllegalArgumentException(this.screenshots.size() + " screenshots, at most " + AppInfo.MAX_SCREENSHOTS);
        }
    }

    /** The icon's PNG bytes; empty when the app has none. */
    public byte[] iconBytes() {
        return icon.isEmpty() ? new byte[0] : Base64.getDecoder().decode(icon);
    }

    /** Nothing to show: the catalog leaves such details out. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isEmpty() {
        return description.isEmpty() && homepage.isEmpty() && license.isEmpty() && keywords.isEmpty() && icon.isEmpty()
                && screenshots.isEmpty();
    }

    private static byte[] decode(String what, String base64) {
        if (base64 == null) {
            throw new IllegalArgumentException(what + " has no image");
        }
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not base64: " + e.getMessage());
        }
    }
}
