package org.caravan.keyring.key;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.openpgp.api.OpenPGPKeyReader;
import org.junit.jupiter.api.Test;

class KeyGenerationTest {
    static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void generatesAnEd25519KeyWithTheUserIdAndCreationTime() {
        SecretKey key = SecretKey.generate("Alice <alice@example.org>", CREATED);
        assertEquals("Alice <alice@example.org>", key.userId());
        assertEquals(CREATED, key.certificate().creationTime());
        assertNull(key.certificate().expirationTime(), "keys do not expire unless asked");
        assertEquals(32, key.ed25519Seed().length);
        assertEquals(32, key.certificate().ed25519PublicKey().length);
        assertNotEquals(key.fingerprint(), SecretKey.generate("Alice <alice@example.org>", CREATED).fingerprint(),
                "each key is fresh");
    }

    @Test
    void usesLegacyEdDsaAsGnuPgDoes() throws Exception {
        SecretKey key = SecretKey.generate("Bob <bob@example.org>", CREATED);
        var bc = new OpenPGPKeyReader().parseCertificate(key.certificate().encoded());
        assertEquals(22, bc.getPrimaryKey().getAlgorithm(), "OpenPGP algorithm 22 (EdDSA legacy)");
        assertEquals(4, bc.getPrimaryKey().getVersion());
        assertTrue(bc.getPrimaryKey().isSigningKey(java.util.Date.from(CREATED)));
        assertTrue(bc.getPrimaryKey().isCertificationKey(java.util.Date.from(CREATED)));
    }

    @Test
    void secretKeyArmorRoundTripKeepsEverything() {
        SecretKey key = SecretKey.generate("Carol <carol@example.org>", CREATED);
        String armored = key.armored();
        assertTrue(armored.startsWith("-----BEGIN PGP PRIVATE KEY BLOCK-----"), armored);
        SecretKey back = SecretKey.parse(armored.getBytes(StandardCharsets.US_ASCII));
        assertEquals(key.fingerprint(), back.fingerprint());
        assertArrayEquals(key.ed25519Seed(), back.ed25519Seed());
        assertEquals(key.certificate(), back.certificate());
        assertArrayEquals(key.encoded(), SecretKey.parse(key.encoded()).encoded(), "binary form parses too");
    }

    @Test
    void certificateArmorRoundTripKeepsEverything() {
        Certificate cert = SecretKey.generate("Dave <dave@example.org>", CREATED).certificate();
        String armored = cert.armored();
        assertTrue(armored.startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----"), armored);
        Certificate back = Certificate.parse(armored.getBytes(StandardCharsets.US_ASCII));
        assertEquals(cert, back);
        assertEquals(cert.fingerprint(), back.fingerprint());
        assertEquals(cert.userId(), back.userId());
        assertEquals(cert.creationTime(), back.creationTime());
        assertEquals(cert, Certificate.parse(cert.encoded()));
        assertTrue(armored.contains("-----END PGP PUBLIC KEY BLOCK-----"));
    }

    @Test
    void aValidityMakesTheKeyExpire() {
        SecretKey key = SecretKey.generate("Eve <eve@example.org>", CREATED, Duration.ofDays(30));
        assertEquals(CREATED.plus(Duration.ofDays(30)), key.certificate().expirationTime());
    }

    @Test
    void fractionsOfASecondAreDroppedAsOpenPgpStoresSeconds() {
        SecretKey key = SecretKey.generate("Fay <fay@example.org>", CREATED.plusMillis(700));
        assertEquals(CREATED, key.certificate().creationTime());
    }
}
