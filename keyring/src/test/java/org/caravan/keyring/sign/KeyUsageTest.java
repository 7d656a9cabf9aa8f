package org.caravan.keyring.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.caravan.keyring.key.KeyUsability;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.testing.RawSignatures;
import org.caravan.keyring.trust.Level;
import org.caravan.keyring.trust.Scope;
import org.caravan.keyring.trust.StoreAuthority;
import org.junit.jupiter.api.Test;

/** Keys older than the key flags subpacket keep working: their primary signs and certifies, as in gpg. */
class KeyUsageTest {
    static final byte[] DATA = "a package\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void aPrimaryWithoutKeyFlagsSignsAndCertifies() {
        SecretKey old = RawSignatures.keyWithoutFlags("Old Timer <old@caravan.test>", Personas.CREATED);
        assertEquals(old.fingerprint().hex(), assertInstanceOf(KeyUsability.Usable.class,
                KeyUsability.forSigning(old, Personas.SIGNED)).component());
        assertInstanceOf(KeyUsability.Usable.class, KeyUsability.forCertifying(old, Personas.SIGNED));
        SignatureCheck.Valid valid = assertInstanceOf(SignatureCheck.Valid.class, DetachedSignatures.verify(DATA,
                DetachedSignatures.sign(old, DATA, Personas.SIGNED).getBytes(StandardCharsets.US_ASCII),
                List.of(old.certificate())).get(0));
        assertEquals(old.fingerprint(), valid.signer());
        StoreAuthority.certify(old, Personas.certificate("developer"), Level.DEVELOPER, Scope.GLOBAL, Personas.SIGNED, null);
    }
}
