package org.caravan.keyring.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.seal.ContentKey;
import org.caravan.keyring.seal.KeyWrap;
import org.caravan.keyring.seal.Unwrapped;
import org.caravan.keyring.testing.Personas;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A content key wrapped for a client identity opens with GnuPG and the identity's secret key, and only with it;
 * a key GnuPG encrypts to the identity opens here.
 */
class KeyWrapInteropTest {
    private static final Instant MADE = Instant.parse("2026-01-15T00:00:00Z");
    private static SecretKey alice;
    private static SecretKey bob;

    @TempDir
    Path tmp;

    @BeforeAll
    static void keys() {
        Assumptions.assumeTrue(GnuPG.available(), "gpg is not on the PATH");
        alice = SecretKey.generateWithEncryption("Alice's laptop <client@caravan>", MADE);
        bob = SecretKey.generateWithEncryption("Bob's laptop <client@caravan>", MADE);
    }

    @Test
    void gnupgImportsTheIdentityAndDecryptsTheWrappedKey() throws Exception {
        ContentKey ck = ContentKey.random();
        String wrapped = KeyWrap.wrapArmored(ck.bytes(), List.of(alice.certificate(), bob.certificate()));
        assertTrue(wrapped.startsWith("-----BEGIN PGP MESSAGE-----"), wrapped);
        try (GnuPG gpg = new GnuPG(Files.createDirectories(tmp.resolve("gpg")))) {
            Files.writeString(tmp.resolve("alice.asc"), alice.certificate().armored(), StandardCharsets.US_ASCII);
            gpg.ok("--import", tmp.resolve("alice.asc").toString());
            String listing = gpg.ok("--with-colons", "--list-keys").out();
            assertTrue(listing.contains(":ed25519:") && listing.contains(":cv25519:"), listing);
            Files.writeString(tmp.resolve("alice.key"), alice.armored(), StandardCharsets.US_ASCII);
            gpg.ok("--import", tmp.resolve("alice.key").toString());
            Files.writeString(tmp.resolve("wrapped.asc"), wrapped, StandardCharsets.US_ASCII);
            gpg.ok("--output", tmp.resolve("ck.bin").toString(), "--decrypt", tmp.resolve("wrapped.asc").toString());
            assertArrayEquals(ck.bytes(), Files.readAllBytes(tmp.resolve("ck.bin")));

            // The other way: GnuPG encrypts to the identity, Caravan opens it.
            byte[] secret = "thirty-two bytes of key material".getBytes(StandardCharsets.US_ASCII);
            Files.write(tmp.resolve("secret.bin"), secret);
            gpg.ok("--trust-model", "always", "--armor", "--output", tmp.resolve("from-gpg.asc").toString(),
                    "--recipient", alice.fingerprint().hex(), "--encrypt", tmp.resolve("secret.bin").toString());
            Unwrapped u = KeyWrap.unwrap(Files.readAllBytes(tmp.resolve("from-gpg.asc")), alice);
            assertArrayEquals(secret, assertInstanceOf(Unwrapped.Opened.class, u).secret());
        }
    }

    @Test
    void onlyARecipientOpensIt() {
        ContentKey ck = ContentKey.random();
        byte[] wrapped = KeyWrap.wrap(ck.bytes(), List.of(alice.certificate()), false);
        assertArrayEquals(ck.bytes(), assertInstanceOf(Unwrapped.Opened.class, KeyWrap.unwrap(wrapped, alice)).secret());
        Unwrapped.NotForThisKey other = assertInstanceOf(Unwrapped.NotForThisKey.class, KeyWrap.unwrap(wrapped, bob));
        assertEquals(1, other.recipientKeyIds().size());
        byte[] tampered = wrapped.clone();
        tampered[tampered.length - 5] ^= 1;
        assertInstanceOf(Unwrapped.Broken.class, KeyWrap.unwrap(tampered, alice));
        assertInstanceOf(Unwrapped.Broken.class, KeyWrap.unwrap("not a message".getBytes(StandardCharsets.US_ASCII), alice));
    }

    @Test
    void aSigningOnlyKeyCannotBeARecipient() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> KeyWrap.wrap(new byte[32], List.of(Personas.secretKey("developer").certificate()), false));
        assertTrue(e.getMessage().contains("no key that may encrypt"), e.getMessage());
    }
}
