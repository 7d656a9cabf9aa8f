package org.caravan.keyring.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.caravan.keyring.key.KeyFormatException;
import org.caravan.keyring.key.KeyUsability;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.key.UnusableKeyException;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.sign.SignatureCheck;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.trust.Level;
import org.caravan.keyring.trust.Scope;
import org.caravan.keyring.trust.StoreAuthority;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A careful maintainer keeps the primary key offline and gives the laptop only its subkeys
 * ({@code gpg --export-secret-subkeys}: the primary is a GnuPG stub, S2K extension 101). Such a file signs
 * packages with its signing subkey, and says plainly that it cannot certify, instead of "wrong passphrase".
 */
class GnuPGStubTest {
    @TempDir
    Path dir;
    Path data;

    @BeforeEach
    void gpg() throws Exception {
        Assumptions.assumeTrue(GnuPG.available(), "gpg is not on the PATH");
        data = dir.resolve("app.car");
        Files.write(data, "a package\n".getBytes(StandardCharsets.UTF_8));
    }

    static Instant now() {
        return Instant.ofEpochSecond(Instant.now().getEpochSecond());
    }

    /** A gpg key with a certify-only primary and a signing subkey; returns the primary's fingerprint. */
    static String offlinePrimaryKey(GnuPG gpg) throws Exception {
        gpg.ok("--quick-gen-key", "Careful <careful@caravan.test>", "ed25519", "cert", "never");
        String fpr = gpg.fingerprint("careful@caravan.test");
        gpg.ok("--quick-add-key", fpr, "ed25519", "sign", "never");
        return fpr;
    }

    @Test
    void aKeyFileWithAStubPrimarySignsWithItsSubkeyAndRefusesToCertify() throws Exception {
        try (GnuPG gpg = new GnuPG(Files.createDirectory(dir.resolve("g")))) {
            String fpr = offlinePrimaryKey(gpg);
            SecretKey laptop = SecretKey.parse(gpg.ok("--armor", "--export-secret-subkeys", fpr).out()
                    .getBytes(StandardCharsets.US_ASCII));
            laptop.unlock();
            Path sig = dir.resolve("app.car.asc");
            Files.writeString(sig, DetachedSignatures.sign(laptop, data, now()));
            assertTrue(gpg.ok("--status-fd", "1", "--verify", sig.toString(), data.toString()).out()
                    .contains("[GNUPG:] VALIDSIG "));
            SignatureCheck.Valid valid = assertInstanceOf(SignatureCheck.Valid.class,
                    DetachedSignatures.verify(data, Files.readAllBytes(sig), List.of(laptop.certificate())).get(0));
            assertEquals(fpr, valid.signer().hex());

            String refusal = "the primary key of " + fpr + " is not in this file (GnuPG stub: offline or on a "
                    + "smartcard); certify from the machine that holds it";
            assertEquals(new KeyUsability.Unusable(laptop.fingerprint(), refusal),
                    KeyUsability.forCertifying(laptop, now()));
            UnusableKeyException e = assertThrows(UnusableKeyException.class, () -> StoreAuthority.certify(laptop,
                    Personas.certificate("developer"), Level.DEVELOPER, Scope.GLOBAL, now(), null));
            assertEquals(refusal, e.getMessage());
            e = assertThrows(UnusableKeyException.class, laptop::ed25519Seed);
            assertTrue(e.getMessage().startsWith("the primary key of " + fpr + " is not in this file (GnuPG stub"),
                    e.getMessage());
        }
    }

    @Test
    void aProtectedStubFileAsksForTheSubkeysPassphraseNotAWrongOne() throws Exception {
        try (GnuPG gpg = new GnuPG(Files.createDirectory(dir.resolve("g")), "laptop passphrase")) {
            String fpr = offlinePrimaryKey(gpg);
            byte[] exported = gpg.ok("--armor", "--export-secret-subkeys", fpr).out().getBytes(StandardCharsets.US_ASCII);
            KeyFormatException none = assertThrows(KeyFormatException.class,
                    () -> DetachedSignatures.sign(SecretKey.parse(exported), data, now()));
            assertTrue(none.getMessage().endsWith("is protected by a passphrase, and none was given"), none.getMessage());
            SecretKey laptop = SecretKey.parse(exported, k -> "laptop passphrase".toCharArray());
            Path sig = dir.resolve("app.car.asc");
            Files.writeString(sig, DetachedSignatures.sign(laptop, data, now()));
            assertTrue(gpg.ok("--status-fd", "1", "--verify", sig.toString(), data.toString()).out()
                    .contains("[GNUPG:] VALIDSIG "));
        }
    }

    /** GnuPG writes the card's serial after the mode: its length, then an OpenPGP card application id. */
    static final byte[] CARD_SERIAL = {16, (byte) 0xD2, 0x76, 0x00, 0x01, 0x24, 0x01, 0x03, 0x04, 0x00, 0x05, 0x00, 0x00,
            0x12, 0x34, 0x00, 0x00};

    @Test
    void aSigningSubkeyOnASmartcardIsNamedNotMistakenForAWrongPassphrase() throws Exception {
        try (GnuPG gpg = new GnuPG(Files.createDirectory(dir.resolve("g")))) {
            String fpr = offlinePrimaryKey(gpg);
            // What gpg exports after keytocard: the subkey's secret is a divert-to-card stub (S2K 101, mode 2).
            // No card here, so the stub is written the way GnuPG writes it, onto gpg's real key.
            org.bouncycastle.openpgp.PGPSecretKeyRing ring = new org.bouncycastle.openpgp.PGPSecretKeyRing(
                    org.bouncycastle.openpgp.PGPUtil.getDecoderStream(new java.io.ByteArrayInputStream(gpg.ok("--armor",
                            "--export-secret-keys", fpr).out().getBytes(StandardCharsets.US_ASCII))),
                    new org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator());
            org.bouncycastle.openpgp.PGPSecretKey subkey = null;
            for (org.bouncycastle.openpgp.PGPSecretKey k : ring) {
                subkey = k.isMasterKey() ? subkey : k;
            }
            org.bouncycastle.bcpg.SecretKeyPacket onCard = new org.bouncycastle.bcpg.SecretSubkeyPacket(
                    subkey.getPublicKey().getPublicKeyPacket(), org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags.NULL,
                    org.bouncycastle.bcpg.SecretKeyPacket.USAGE_CHECKSUM, org.bouncycastle.bcpg.S2K.gnuDummyS2K(
                            org.bouncycastle.bcpg.S2K.GNUDummyParams.divertToCard()), null, CARD_SERIAL);
            ring = org.bouncycastle.openpgp.PGPSecretKeyRing.insertSecretKey(ring,
                    new org.bouncycastle.openpgp.PGPSecretKey(onCard, subkey.getPublicKey()));
            SecretKey laptop = SecretKey.parse(ring.getEncoded());
            String subFpr = org.bouncycastle.util.encoders.Hex.toHexString(subkey.getPublicKey().getFingerprint())
                    .toUpperCase(java.util.Locale.ROOT);
            UnusableKeyException e = assertThrows(UnusableKeyException.class,
                    () -> DetachedSignatures.sign(laptop, data, now()));
            assertEquals("the signing subkey " + subFpr + " of " + fpr + " is not in this file (GnuPG stub: offline or on a "
                    + "smartcard); use it from the machine that holds it", e.getMessage());
            // The primary is here: it still certifies.
            StoreAuthority.certify(laptop, Personas.certificate("developer"), Level.DEVELOPER, Scope.GLOBAL, now(), null);
        }
    }
}
