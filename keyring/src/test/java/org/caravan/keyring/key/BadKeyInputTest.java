package org.caravan.keyring.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.testing.Personas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BadKeyInputTest {
    @Test
    void aV6CertificateIsRefusedByName() throws Exception {
        org.bouncycastle.openpgp.api.OpenPGPKey v6 = new org.bouncycastle.openpgp.api.bc.BcOpenPGPApi()
                .generateKey(6, java.util.Date.from(Instant.parse("2026-01-01T00:00:00Z")))
                .signOnlyKey()
                .build();
        byte[] armored = v6.toCertificate().toAsciiArmoredString().getBytes(StandardCharsets.US_ASCII);
        KeyFormatException e = assertThrows(KeyFormatException.class, () -> Certificate.parse(armored));
        assertTrue(e.getMessage().startsWith("OpenPGP v6 keys are not supported (key "), e.getMessage());
        assertTrue(e.getMessage().contains("use a v4 key"), e.getMessage());
        byte[] secret = v6.toAsciiArmoredString().getBytes(StandardCharsets.US_ASCII);
        KeyFormatException s = assertThrows(KeyFormatException.class, () -> SecretKey.parse(secret));
        assertTrue(s.getMessage().contains("OpenPGP v6 keys are not supported"), s.getMessage());
    }

    @Test
    void garbageIsNotACertificate() {
        KeyFormatException e = assertThrows(KeyFormatException.class,
                () -> Certificate.parse("hello, I am not a key".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith("not an OpenPGP certificate"), e.getMessage());
    }

    @Test
    void emptyInputIsNamed() {
        KeyFormatException e = assertThrows(KeyFormatException.class, () -> Certificate.parse(new byte[0]));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void brokenArmorIsNotACertificate() {
        String broken = "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmDMEaVW!!!garbage\n-----END PGP PUBLIC KEY BLOCK-----\n";
        KeyFormatException e = assertThrows(KeyFormatException.class,
                () -> Certificate.parse(broken.getBytes(StandardCharsets.US_ASCII)));
        assertTrue(e.getMessage().startsWith("not an OpenPGP certificate"), e.getMessage());
    }

    @Test
    void aSecretKeyIsRefusedAsCertificateAndNamesTheKey() {
        SecretKey secret = Personas.secretKey("developer");
        KeyFormatException e = assertThrows(KeyFormatException.class,
                () -> Certificate.parse(secret.armored().getBytes(StandardCharsets.US_ASCII)));
        assertTrue(e.getMessage().contains("secret key"), e.getMessage());
        assertTrue(e.getMessage().contains(secret.fingerprint().hex()), e.getMessage());
    }

    @Test
    void aCertificateIsRefusedAsSecretKey() {
        KeyFormatException e = assertThrows(KeyFormatException.class,
                () -> SecretKey.parse(Personas.certificate("developer").armored().getBytes(StandardCharsets.US_ASCII)));
        assertTrue(e.getMessage().contains("not a secret key"), e.getMessage());
    }

    @Test
    void aSignatureIsNotACertificate() {
        String sig = DetachedSignatures.sign(Personas.secretKey("developer"), new byte[] {1, 2, 3},
                Instant.parse("2026-02-01T00:00:00Z"));
        KeyFormatException e = assertThrows(KeyFormatException.class,
                () -> Certificate.parse(sig.getBytes(StandardCharsets.US_ASCII)));
        assertEquals("not an OpenPGP certificate: the data is a signature", e.getMessage());
    }

    @Test
    void parseWantsExactlyOneCertificate() {
        KeyFormatException e = assertThrows(KeyFormatException.class,
                () -> Certificate.parse(Personas.resource("store-keyring.asc")));
        assertTrue(e.getMessage().startsWith("expected one OpenPGP certificate but found 8"), e.getMessage());
    }

    @Test
    void readingAFileNamesTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("alice.asc");
        Files.writeString(file, "garbage");
        KeyFormatException e = assertThrows(KeyFormatException.class, () -> Certificate.read(file));
        assertTrue(e.getMessage().startsWith(file.toString() + ": not an OpenPGP certificate"), e.getMessage());
        KeyFormatException s = assertThrows(KeyFormatException.class, () -> SecretKey.read(file));
        assertTrue(s.getMessage().startsWith(file + ": not an OpenPGP secret key"), s.getMessage());
    }
}
