package org.caravan.core.licence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import org.caravan.keyring.key.Fingerprint;

/**
 * What a licence grants (docs/protocol.md section 9c): app {@code appId}, versions in {@code versions}, to the
 * holder of {@code licensee}'s key, until {@code expires} (null: no end), on at most {@code devices} devices (the
 * licensee's home and {@code devices - 1} more through device tokens). {@code wrappedKey} is the app key wrapped
 * for the licensee (armored OpenPGP message; {@code gpg --decrypt} opens it with the licensee's secret key).
 */
public record Licence(String appId, Fingerprint issuer, Fingerprint licensee, VersionRange versions, Instant issued,
        Instant expires, int devices, String wrappedKey) {
    static final String FORMAT = "caravan-licence 1";

    public Licence {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(licensee, "licensee");
        Objects.requireNonNull(versions, "versions");
        Objects.requireNonNull(issued, "issued");
        Objects.requireNonNull(wrappedKey, "wrappedKey");
        if (devices < 1 || devices > 1000) {
            throw new IllegalArgumentException("a licence for " + appId + " allows 1 to 1000 devices, not " + devices);
        }
        if (expires != null && !expires.isAfter(issued)) {
            throw new IllegalArgumentException("a licence for " + appId + " must expire after it is issued ("
                    + issued + "), not at " + expires);
        }
    }

    /** The canonical JSON (keys sorted), the bytes the issuer signs. */
    byte[] canonical() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("appId", appId);
        n.put("devices", devices);
        if (expires == null) {
            n.putNull("expires");
        } else {
            n.put("expires", expires.toString());
        }
        n.put("formatVersion", 1);
        n.put("issued", issued.toString());
        n.put("issuer", issuer.hex());
        n.put("licensee", licensee.hex());
        n.put("versions", versions.text());
        n.put("wrappedKey", wrappedKey);
        return Json.bytes(n);
    }

    static Licence fromJson(JsonNode n) {
        Json.exactly(n, "appId", "devices", "expires", "formatVersion", "issued", "issuer", "licensee", "versions",
                "wrappedKey");
        if (n.get("formatVersion").asInt() != 1) {
            throw new IllegalArgumentException("licence format version " + n.get("formatVersion") + " is not 1");
        }
        JsonNode exp = n.get("expires");
        return new Licence(Json.text(n, "appId"), Fingerprint.of(Json.text(n, "issuer")),
                Fingerprint.of(Json.text(n, "licensee")), new VersionRange(Json.text(n, "versions")),
                Json.instant(n, "issued"), exp.isNull() ? null : Json.instant(n, "expires"),
                n.get("devices").asInt(), Json.text(n, "wrappedKey"));
    }
}
