package org.caravan.keyring.key;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.caravan.keyring.testing.Personas;
import org.junit.jupiter.api.Test;

class KeyringParseTest {
    @Test
    void readsEveryCertificateOfAnArmoredKeyring() {
        List<Certificate> all = Certificate.parseAll(Personas.resource("store-keyring.asc"));
        assertEquals(List.of(Personas.MAINTAINER, Personas.MENTOR, Personas.DEVELOPER, Personas.NEWCOMER,
                Personas.REVOKED_HARD, Personas.REVOKED_SOFT, Personas.EXPIRED, Personas.OUTSIDER),
                all.stream().map(Certificate::fingerprint).toList());
    }

    @Test
    void readsABinaryKeyringAndWritesItBack() throws Exception {
        ByteArrayOutputStream binary = new ByteArrayOutputStream();
        for (Certificate c : Personas.keyring()) {
            binary.write(c.encoded());
        }
        assertEquals(Personas.keyring(), Certificate.parseAll(binary.toByteArray()));
        String armored = Certificate.armoredKeyring(Personas.keyring());
        assertEquals(Personas.keyring(), Certificate.parseAll(armored.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void mergingCollectsSignaturesFromTwoCopies() {
        Certificate bare = Personas.secretKey("developer").certificate();
        Certificate certified = Personas.certificate("developer");
        Certificate merged = bare.mergedWith(certified);
        assertEquals(certified, merged);
    }
}
