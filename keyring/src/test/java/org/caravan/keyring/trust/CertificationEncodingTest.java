package org.caravan.keyring.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.testing.Personas;
import org.junit.jupiter.api.Test;

class CertificationEncodingTest {
    static final Instant AT = Instant.parse("2026-05-01T10:00:00Z");

    @Test
    void levelScopeAndExpiryReadBackFromTheCertification() {
        SecretKey dev = SecretKey.generate("Gus <gus@example.org>", Personas.CREATED);
        Instant expires = Instant.parse("2027-05-01T10:00:00Z");
        Certificate certified = StoreAuthority.certify(Personas.secretKey("root"), dev.certificate(), Level.MENTOR,
                Scope.parse("category:games"), AT, expires);
        List<Certification> sigs = StoreAuthority.signaturesOn(certified);
        assertEquals(List.of(new Certification.Granted(Personas.ROOT, Personas.ROOT.keyId(), dev.userId(), AT,
                Level.MENTOR, Scope.parse("category:games"), expires)), sigs);
        assertEquals(dev.fingerprint(), certified.fingerprint());
    }

    @Test
    void aCertificationWithoutExpiryNeverExpires() {
        Certificate certified = StoreAuthority.certify(Personas.secretKey("root"),
                SecretKey.generate("Hal <hal@example.org>", Personas.CREATED).certificate(), Level.NEWCOMER,
                Scope.GLOBAL, AT, null);
        Certification.Granted g = assertInstanceOf(Certification.Granted.class, StoreAuthority.signaturesOn(certified).get(0));
        assertNull(g.expires());
        assertEquals(Level.NEWCOMER, g.level());
        assertTrue(!g.expiredAt(Instant.parse("2100-01-01T00:00:00Z")));
    }

    @Test
    void aRevocationCarriesItsReasonAndComment() {
        List<Certification> sigs = StoreAuthority.signaturesOn(Personas.certificate("revoked-hard"));
        assertEquals(2, sigs.size());
        Certification.Revoked r = assertInstanceOf(Certification.Revoked.class, sigs.get(1));
        assertEquals(RevocationReason.COMPROMISED, r.reason());
        assertEquals("private key leaked", r.comment());
        assertEquals(Personas.REVOKED_AT, r.signedAt());
        assertEquals(Personas.ROOT, r.issuer());
        assertTrue(r.hard());
        Certification.Revoked soft = assertInstanceOf(Certification.Revoked.class,
                StoreAuthority.signaturesOn(Personas.certificate("revoked-soft")).get(1));
        assertEquals(RevocationReason.RETIRED, soft.reason());
        assertTrue(!soft.hard());
    }

    @Test
    void certificationsSurviveArmoring() {
        Certificate developer = Personas.certificate("developer");
        Certificate back = Certificate.parse(developer.armored().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(StoreAuthority.signaturesOn(developer), StoreAuthority.signaturesOn(back));
        Certification.Granted g = assertInstanceOf(Certification.Granted.class, StoreAuthority.signaturesOn(back).get(0));
        assertEquals(Level.DEVELOPER, g.level());
        assertEquals(Scope.parse(Personas.DEVELOPER_SCOPE), g.scope());
    }

    @Test
    void badRequestsNameTheKey() {
        Certificate dev = Personas.certificate("developer");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StoreAuthority.certify(
                Personas.secretKey("root"), dev, Level.DEVELOPER, Scope.GLOBAL, AT, AT.minusSeconds(1)));
        assertTrue(e.getMessage().contains(dev.fingerprint().hex()), e.getMessage());
        IllegalArgumentException self = assertThrows(IllegalArgumentException.class, () -> StoreAuthority.certify(
                Personas.secretKey("developer"), dev, Level.DEVELOPER, Scope.GLOBAL, AT, null));
        assertTrue(self.getMessage().contains("cannot certify itself"), self.getMessage());
    }
}
