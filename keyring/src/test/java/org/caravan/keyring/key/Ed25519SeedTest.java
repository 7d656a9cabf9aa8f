package org.caravan.keyring.key;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.caravan.keyring.testing.Personas;
import org.junit.jupiter.api.Test;

/** BEP 44 derives the channel key pair from the seed; its public half must be the certificate's key. */
class Ed25519SeedTest {
    @Test
    void publicKeyDerivedFromTheSeedIsTheCertificatesKey() {
        for (int i = 0; i < 20; i++) {
            SecretKey key = SecretKey.generate("Seed " + i + " <seed@example.org>", Instant.parse("2026-01-01T00:00:00Z"));
            byte[] derived = new Ed25519PrivateKeyParameters(key.ed25519Seed(), 0).generatePublicKey().getEncoded();
            assertArrayEquals(key.certificate().ed25519PublicKey(), derived, "key " + key.fingerprint());
        }
    }

    @Test
    void personaSeedsMatchTheirPublishedCertificates() {
        for (String name : Personas.NAMES) {
            byte[] seed = Personas.secretKey(name).ed25519Seed();
            assertEquals(32, seed.length);
            byte[] derived = new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
            assertArrayEquals(Personas.certificate(name).ed25519PublicKey(), derived, name);
        }
    }
}
