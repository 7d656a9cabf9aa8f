package org.caravan.keyring.key;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.S2K;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.operator.PBESecretKeyDecryptor;
import org.bouncycastle.openpgp.operator.PBESecretKeyEncryptor;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;

/**
 * Changes, sets or removes the passphrase of a secret key file's keys ({@code caravan key passwd}): the primary
 * key and every subkey are protected anew the way {@link SecretKey#protectedWith} protects a new key (AES-256,
 * iterated and salted SHA-256 S2K, SHA-1 checksum: what GnuPG reads). A GnuPG stub (a key whose secret part is
 * elsewhere: a smartcard, an offline primary) stays a stub. Nothing but the protection changes.
 */
public final class PassphraseChange {
    private PassphraseChange() {}

    /**
     * {@code key} protected by {@code newPassphrase} (null: unprotected), unlocked with {@code oldPassphrase}
     * (null or ignored when it is not protected).
     *
     * @throws KeyFormatException naming the key when {@code oldPassphrase} is missing or wrong
     */
    public static SecretKey apply(SecretKey key, char[] oldPassphrase, char[] newPassphrase) {
        if (newPassphrase != null && newPassphrase.length == 0) {
            throw new IllegalArgumentException("the new passphrase of " + key + " is empty (to remove the passphrase, "
                    + "say so: --no-passphrase)");
        }
        try {
            PGPSecretKeyRing ring = new PGPSecretKeyRing(key.encoded(), new BcKeyFingerprintCalculator());
            BcPGPDigestCalculatorProvider digests = new BcPGPDigestCalculatorProvider();
            PBESecretKeyDecryptor decryptor = oldPassphrase == null ? null
                    : new BcPBESecretKeyDecryptorBuilder(digests).build(oldPassphrase);
            PBESecretKeyEncryptor encryptor = newPassphrase == null ? null
                    : new BcPBESecretKeyEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256,
                            digests.get(HashAlgorithmTags.SHA256), SecretKey.S2K_COUNT).build(newPassphrase);
            List<PGPSecretKey> out = new ArrayList<>();
            for (PGPSecretKey k : ring) {
                if (isStub(k)) {
                    out.add(k);
                    continue;
                }
                boolean locked = k.getKeyEncryptionAlgorithm() != SymmetricKeyAlgorithmTags.NULL;
                if (locked && decryptor == null) {
                    throw new KeyFormatException("secret key " + key.certificate() + " is protected: its current "
                            + "passphrase is needed to change it");
                }
                PBESecretKeyDecryptor from = locked ? decryptor : null;
                try {
                    k.extractPrivateKey(from);
                } catch (PGPException e) {
                    throw new KeyFormatException("wrong passphrase for secret key " + key.certificate()
                            + "; nothing was changed");
                }
                out.add(encryptor == null ? PGPSecretKey.copyWithNewPassword(k, from, null)
                        : PGPSecretKey.copyWithNewPassword(k, from, encryptor, digests.get(HashAlgorithmTags.SHA1)));
            }
            return SecretKey.parse(new PGPSecretKeyRing(out).getEncoded());
        } catch (PGPException | IOException e) {
            throw new KeyFormatException("cannot change the passphrase of " + key + ": " + e.getMessage(), e);
        }
    }

    /** A GnuPG stub (S2K usage 101, "gnu-dummy"): no secret material here to protect. */
    private static boolean isStub(PGPSecretKey k) {
        S2K s2k = k.getS2K();
        return s2k != null && s2k.getType() == S2K.GNU_DUMMY_S2K;
    }
}
