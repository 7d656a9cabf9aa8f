package org.caravan.core.licence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.Fingerprint;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.sign.DetachedSignatures;

/**
 * A file that may entitle a home to an app: a licence signed by its issuer, or a device token signed by a
 * licensee for another of their homes. Both are JSON {@code {"format", <body as a string>, "signature"}}; the
 * signature is an OpenPGP detached signature over the body string's UTF-8 bytes, which are kept as received.
 */
public sealed interface Grant {
    Licence licence();

    /** The file's text, as written and as kept in the home. */
    String text();

    /** A licence as its issuer signed it. */
    record SignedLicence(Licence licence, byte[] body, String signature, String text) implements Grant {
        public SignedLicence {
            body = body.clone();
        }
    }

    /**
     * A device token: the licensee (whose certificate it carries) lets {@code device} use {@code licence}, as the
     * licence's device number {@code slot} (1 .. devices - 1; the licensee's own home is the first device), with the
     * app key wrapped for the device.
     */
    record DeviceToken(SignedLicence signedLicence, Certificate licenseeCertificate, Fingerprint device, int slot,
            Instant issued, String wrappedKey, byte[] body, String signature, String text) implements Grant {
        public DeviceToken {
            body = body.clone();
        }

        @Override
        public Licence licence() {
            return signedLicence.licence();
        }
    }

    static final String TOKEN_FORMAT = "caravan-device-token 1";

    /** Signs {@code licence} with {@code issuer}: the text of a {@code .lic} file. */
    static String issue(Licence licence, SecretKey issuer, Instant at) {
        if (!issuer.fingerprint().equals(licence.issuer())) {
            throw new IllegalArgumentException("licence for " + licence.appId() + " names issuer " + licence.issuer()
                    + " but key " + issuer.fingerprint() + " signs it");
        }
        return envelope(Licence.FORMAT, "licence", licence.canonical(), issuer, at);
    }

    /** A token by the licensee ({@code licenseeKey}) for {@code device}. */
    static String token(SignedLicence licence, SecretKey licenseeKey, Fingerprint device, int slot, Instant at,
            String wrappedKey) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("device", device.hex());
        n.put("formatVersion", 1);
        n.put("issued", at.toString());
        n.put("licence", licence.text());
        n.put("licensee", licenseeKey.certificate().armored());
        n.put("slot", slot);
        n.put("wrappedKey", wrappedKey);
        return envelope(TOKEN_FORMAT, "token", Json.bytes(n), licenseeKey, at);
    }

    private static String envelope(String format, String field, byte[] body, SecretKey signer, Instant at) {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("format", format);
        doc.put(field, new String(body, StandardCharsets.UTF_8));
        doc.put("signature", DetachedSignatures.sign(signer, body, at));
        return new String(Json.bytes(doc), StandardCharsets.UTF_8) + "\n";
    }

    /**
     * Parses a licence or a device token (signatures are not checked here: that needs the store's keys).
     *
     * @throws IllegalArgumentException saying what is wrong with the file
     */
    static Grant parse(byte[] data) {
        JsonNode doc = Json.parse(data);
        String text = new String(data, StandardCharsets.UTF_8);
        JsonNode format = doc.get("format");
        if (format != null && Licence.FORMAT.equals(format.asText())) {
            Json.exactly(doc, "format", "licence", "signature");
            byte[] body = Json.text(doc, "licence").getBytes(StandardCharsets.UTF_8);
            return new SignedLicence(Licence.fromJson(Json.parse(body)), body, Json.text(doc, "signature"), text);
        }
        if (format != null && TOKEN_FORMAT.equals(format.asText())) {
            Json.exactly(doc, "format", "signature", "token");
            byte[] body = Json.text(doc, "token").getBytes(StandardCharsets.UTF_8);
            JsonNode t = Json.parse(body);
            Json.exactly(t, "device", "formatVersion", "issued", "licence", "licensee", "slot", "wrappedKey");
            if (t.get("formatVersion").asInt() != 1 || !t.get("slot").isInt()) {
                throw new IllegalArgumentException("device token: formatVersion must be 1 and slot a number");
            }
            Grant inner = parse(Json.text(t, "licence").getBytes(StandardCharsets.UTF_8));
            if (!(inner instanceof SignedLicence l)) {
                throw new IllegalArgumentException("a device token must carry a licence, not another token");
            }
            Certificate licensee = Certificate.parse(Json.text(t, "licensee").getBytes(StandardCharsets.US_ASCII));
            return new DeviceToken(l, licensee, Fingerprint.of(Json.text(t, "device")), t.get("slot").asInt(),
                    Json.instant(t, "issued"), Json.text(t, "wrappedKey"), body,
                    Json.text(doc, "signature"), text);
        }
        throw new IllegalArgumentException("not a Caravan licence or device token (format is "
                + (format == null ? "missing" : "'" + format.asText() + "'") + ", expected '" + Licence.FORMAT
                + "' or '" + TOKEN_FORMAT + "')");
    }

    static String describe(Grant g) {
        Objects.requireNonNull(g);
        return g instanceof DeviceToken t ? "device token " + t.slot() + " for " + t.licence().appId()
                : "licence for " + g.licence().appId();
    }
}
