package org.caravan.keyring.key;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.sign.SignatureCheck;
import org.junit.jupiter.api.Test;

/** Secret keys protected by a passphrase: kept protected on disk, asked for once, refused without it. */
class ProtectedKeyTest {
    static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant SIGNED = Instant.parse("2026-01-02T00:00:00Z");
    static final byte[] DATA = "a package".getBytes(StandardCharsets.UTF_8);

    static KeyPassphrase always(String pass, AtomicInteger asked) {
        return key -> {
            asked.incrementAndGet();
            return pass.toCharArray();
        };
    }

    @Test
    void aProtectedKeyIsWrittenProtectedAndSignsOnlyWithItsPassphrase() {
        SecretKey plain = SecretKey.generate("Alice <alice@example.org>", CREATED);
        assertFalse(plain.isProtected());
        SecretKey locked = plain.protectedWith("correct horse".toCharArray());
        assertTrue(locked.isProtected());
        assertEquals(plain.fingerprint(), locked.fingerprint());
        byte[] armored = locked.armored().getBytes(StandardCharsets.US_ASCII);

        // Read back without the passphrase: its public part is there, signing is refused with the reason.
        SecretKey read = SecretKey.parse(armored);
        assertTrue(read.isProtected());
        assertEquals(plain.certificate(), read.certificate());
        KeyFormatException none = assertThrows(KeyFormatException.class, () -> DetachedSignatures.sign(read, DATA, SIGNED));
        assertTrue(none.getMessage().contains("is protected by a passphrase, and none was given"), none.getMessage());
        assertTrue(none.getMessage().contains(plain.fingerprint().hex()), none.getMessage());

        AtomicInteger asked = new AtomicInteger();
        SecretKey wrong = SecretKey.parse(armored, always("battery staple", asked));
        KeyFormatException bad = assertThrows(KeyFormatException.class, () -> DetachedSignatures.sign(wrong, DATA, SIGNED));
        assertTrue(bad.getMessage().startsWith("wrong passphrase for secret key Alice <alice@example.org>"), bad.getMessage());

        asked.set(0);
        SecretKey right = SecretKey.parse(armored, always("correct horse", asked));
        String sig1 = DetachedSignatures.sign(right, DATA, SIGNED);
        String sig2 = DetachedSignatures.sign(right, "another".getBytes(StandardCharsets.UTF_8), SIGNED);
        assertEquals(1, asked.get(), "the passphrase is asked once per key read");
        List<SignatureCheck> checks = DetachedSignatures.verify(DATA, sig1.getBytes(StandardCharsets.US_ASCII),
                List.of(plain.certificate()));
        assertInstanceOf(SignatureCheck.Valid.class, checks.get(0), checks.toString());
        assertTrue(!sig2.isEmpty());
        assertArrayEquals(plain.ed25519Seed(), right.ed25519Seed(), "the same key inside");
        assertTrue(SecretKey.parse(right.armored().getBytes(StandardCharsets.US_ASCII)).isProtected(),
                "an unlocked key is still written protected");
    }

    @Test
    void aKeyProtectedHereSignsWithoutAskingAgain() {
        SecretKey locked = SecretKey.generate("Bob <bob@example.org>", CREATED).protectedWith("pw".toCharArray());
        String sig = DetachedSignatures.sign(locked, DATA, SIGNED);
        assertInstanceOf(SignatureCheck.Valid.class, DetachedSignatures.verify(DATA,
                sig.getBytes(StandardCharsets.US_ASCII), List.of(locked.certificate())).get(0));
    }

    @Test
    void protectingTwiceOrWithNothingIsRefused() {
        SecretKey plain = SecretKey.generate("Carol <carol@example.org>", CREATED);
        assertThrows(IllegalArgumentException.class, () -> plain.protectedWith(new char[0]));
        SecretKey locked = plain.protectedWith("pw".toCharArray());
        assertThrows(IllegalStateException.class, () -> locked.protectedWith("other".toCharArray()));
    }
}
