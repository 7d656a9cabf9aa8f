package org.caravan.core.licence;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.seal.ContentKey;

/**
 * The app key of a licensed app: HMAC-SHA256 keyed with the licensing developer's secret
 * ({@link SecretKey#derivationSecret()}: the Ed25519 seed, or a digest of another algorithm's secret key material)
 * over {@code "caravan-app-key-v1\0" + appId}. Every package of the app wraps its fresh content key under it, and every
 * licence carries it wrapped for the licensee; so the developer keeps no key file besides their signing key, and
 * one licence covers later versions (its version range is checked by the client).
 */
public final class AppKeys {
    private AppKeys() {}

    public static ContentKey derive(SecretKey developer, String appId) {
        byte[] seed = developer.derivationSecret();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(seed, "HmacSHA256"));
            return ContentKey.of(mac.doFinal(("caravan-app-key-v1\0" + appId).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's HMAC-SHA256 is not usable: " + e.getMessage(), e);
        } finally {
            java.util.Arrays.fill(seed, (byte) 0);
        }
    }
}
