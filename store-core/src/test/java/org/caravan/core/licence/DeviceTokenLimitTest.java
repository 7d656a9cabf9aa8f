package org.caravan.core.licence;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import org.caravan.core.pkg.Version;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.seal.KeyWrap;
import org.caravan.keyring.sign.SignatureCheck;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.trust.TrustDecision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks a device makes on its own before any store is asked: a token for a device number beyond the licence's
 * count (as a licensee's tampered client would make it) and a licence dated in the future beyond the clock
 * tolerance are refused, each saying so.
 */
class DeviceTokenLimitTest {
    static final Instant NOW = Instant.parse("2026-02-01T03:00:00Z");
    static final String APP = "org.example.paid";
    @TempDir
    Path tmp;

    /** Never reached by these refusals: they are decided before the store's trust is asked. */
    private static final LicenceTrust UNASKED = new LicenceTrust() {
        @Override
        public String storeName() {
            return "Test Store";
        }

        @Override
        public Collection<Certificate> candidates() {
            throw new AssertionError("the store's keys were consulted");
        }

        @Override
        public TrustDecision decide(List<SignatureCheck> checks) {
            throw new AssertionError("the trust engine was consulted");
        }
    };

    @Test
    void aTokenBeyondTheDeviceCountAndALicenceFromTheFutureAreRefused() throws Exception {
        SecretKey developer = Personas.secretKey("developer");
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        Licences licensee = new Licences(tmp.resolve("licensee"), clock);
        Licences device = new Licences(tmp.resolve("device"), clock);
        ClientIdentity me = licensee.identity();
        Certificate deviceCert = device.identity().certificate();
        String lic = Licences.issue(developer, APP, me.certificate(), VersionRange.ALL, null, 2, NOW.minusSeconds(60));
        Grant.SignedLicence signed = (Grant.SignedLicence) Grant.parse(lic.getBytes(StandardCharsets.UTF_8));
        // Slot 2 of a 2-device licence: the licensee's home is device 1, so only slot 1 exists.
        String wrapped = KeyWrap.wrapArmored(AppKeys.derive(developer, APP).bytes(), List.of(deviceCert));
        String token = Grant.token(signed, me.secretKey(), deviceCert.fingerprint(), 2, NOW, wrapped);
        device.add(token.getBytes(StandardCharsets.UTF_8), "token.tok");
        Entitlement e = device.entitle(APP, Version.parse("1.0.0"), developer.fingerprint(), UNASKED);
        Entitlement.NotEntitled n = assertInstanceOf(Entitlement.NotEntitled.class, e);
        assertTrue(n.reason().contains("device token 2 for " + APP + " is device 3 but the licence allows 2 device(s)"),
                n.reason());

        Files.walk(tmp.resolve("device/licences")).filter(Files::isRegularFile).forEach(p -> p.toFile().delete());
        String future = Licences.issue(developer, APP, deviceCert, VersionRange.ALL, null, 1,
                NOW.plus(Duration.ofMinutes(6)));
        device.add(future.getBytes(StandardCharsets.UTF_8), "future.lic");
        Entitlement.NotEntitled f = assertInstanceOf(Entitlement.NotEntitled.class,
                device.entitle(APP, Version.parse("1.0.0"), developer.fingerprint(), UNASKED));
        assertTrue(f.reason().contains("in the future by this computer's clock") && f.reason().contains("tolerance 5 min"),
                f.reason());
    }
}
