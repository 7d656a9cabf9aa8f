package org.caravan.keyring.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.KeyFormatException;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.sign.SignatureCheck;
import org.caravan.keyring.testing.Personas;

/**
 * Armored and binary OpenPGP input from strangers: keyrings in catalogs and channel lists, key files
 * handed to {@code store import}, detached signatures next to packages. Each parser either returns a value
 * or throws {@link KeyFormatException} with a message; signature checking never throws at all, it reports.
 *
 * <p>{@code mvn verify} replays the inputs under {@code src/test/resources/org/caravan/keyring/fuzz/
 * OpenPgpFuzzTestInputs/METHOD/}; {@code bench/fuzz.sh} fuzzes one method for longer.
 */
class OpenPgpFuzzTest {
    private static final byte[] SIGNED_DATA = "caravan fuzz: the bytes the seeds' signatures cover\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final List<Certificate> CANDIDATES = List.of(Personas.certificate("developer"),
            Personas.certificate("root"));

    @FuzzTest
    void certificates(byte[] data) {
        List<Certificate> parsed;
        try {
            parsed = Certificate.parseAll(data);
        } catch (KeyFormatException refused) {
            Refusals.check(refused);
            return;
        }
        assertFalse(parsed.isEmpty(), "parseAll returned no certificate and no refusal");
        for (Certificate c : parsed) {
            assertNotNull(c.fingerprint());
            assertNotNull(c.userId());
            // Round trip: the armored form of what was read reads back as the same certificate.
            Certificate again = Certificate.parse(c.armored().getBytes(StandardCharsets.US_ASCII));
            assertEquals(c, again, "armored round trip of " + c.fingerprint());
        }
    }

    @FuzzTest
    void secretKey(byte[] data) {
        SecretKey key;
        try {
            key = SecretKey.parse(data);
        } catch (KeyFormatException refused) {
            Refusals.check(refused);
            return;
        }
        assertNotNull(key.fingerprint());
        assertNotNull(key.certificate());
    }

    @FuzzTest
    void detachedSignatures(byte[] signature) {
        List<SignatureCheck> checks = DetachedSignatures.verify(SIGNED_DATA, signature, CANDIDATES);
        for (SignatureCheck check : checks) {
            if (check instanceof SignatureCheck.Valid valid) {
                // Only a real signature by one of the candidates over these very bytes can be valid.
                assertTrue(CANDIDATES.stream().anyMatch(c -> c.fingerprint().equals(valid.signer())),
                        "valid signature by a key that is no candidate: " + valid.signer());
            } else if (check instanceof SignatureCheck.Invalid invalid) {
                assertFalse(invalid.reason().isBlank(), "an invalid signature without a reason");
            }
        }
    }
}
