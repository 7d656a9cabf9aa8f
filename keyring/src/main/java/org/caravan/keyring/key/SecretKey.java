package org.caravan.keyring.key;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.PacketTags;
import org.bouncycastle.bcpg.SignatureSubpacketTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.operator.PGPDigestCalculator;
import org.bouncycastle.openpgp.operator.PBESecretKeyEncryptor;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.api.OpenPGPKey;
import org.bouncycastle.openpgp.api.OpenPGPKeyGenerator;
import org.bouncycastle.openpgp.api.SignatureParameters;
import org.bouncycastle.openpgp.api.bc.BcOpenPGPApi;

/**
 * An OpenPGP secret key, unprotected or protected by a passphrase. A protected key is read without its
 * passphrase (its public part, fingerprint and user id are at hand); the passphrase is asked for, through
 * the {@link KeyPassphrase} it was read with, the first time the key signs, and the unlocked private key is
 * then kept in memory only. Never log it: {@link #toString()} shows only the fingerprint.
 */
public final class SecretKey {
    /**
     * The coded OpenPGP S2K count of keys protected here: 0xF0 hashes 33 554 432 bytes per passphrase guess
     * (GnuPG calibrates to about that much), ~0.1 s for each unlock.
     */
    static final int S2K_COUNT = 0xF0;

    private final OpenPGPKey bc;
    private final byte[] encoded;
    private final Certificate certificate;
    private final KeyPassphrase passphrase;
    /** Unlocked private parts by key id: the primary and any subkey that signed; memory only. */
    private final java.util.Map<Long, PGPPrivateKey> unlocked = new java.util.concurrent.ConcurrentHashMap<>();

    private SecretKey(OpenPGPKey bc, KeyPassphrase passphrase) {
        if (bc.getPrimaryKey().getVersion() < 4) {
            throw new KeyFormatException("secret key " + bc.getKeyIdentifier() + " is an OpenPGP v"
                    + bc.getPrimaryKey().getVersion() + " key (PGP 2.x format): Caravan does not sign with v3 keys, and "
                    + "stores refuse their signatures; make a new key");
        }
        this.bc = bc;
        this.passphrase = passphrase;
        this.certificate = new Certificate(bc.toCertificate());
        try {
            this.encoded = bc.getEncoded();
        } catch (IOException e) {
            throw new KeyFormatException("cannot encode secret key " + certificate.fingerprint(), e);
        }
    }

    /** Generates an Ed25519 signing/certifying primary key with one user id, created at {@code creationTime}. */
    public static SecretKey generate(String userId, Instant creationTime) {
        return generate(userId, creationTime, null);
    }

    /**
     * Like {@link #generate(String, Instant)}, with the key expiring {@code validity} after its creation
     * ({@code null}: never). Legacy EdDSA (algorithm 22) in a v4 key, as {@code gpg --quick-gen-key ... ed25519}
     * makes, so every deployed GnuPG reads it.
     */
    public static SecretKey generate(String userId, Instant creationTime, Duration validity) {
        if (userId == null || userId.isBlank()) {
            throw new IllegalArgumentException("a key needs a user id, e.g. 'Alice <alice@example.org>'");
        }
        if (creationTime == null) {
            throw new IllegalArgumentException("key creation time for '" + userId + "' is missing");
        }
        if (validity != null && (validity.isNegative() || validity.isZero())) {
            throw new IllegalArgumentException("key validity for '" + userId + "' must be positive: " + validity);
        }
        // OpenPGP stores whole seconds; dropping the fraction keeps creationTime() equal to what was asked.
        Date created = Date.from(Instant.ofEpochSecond(creationTime.getEpochSecond()));
        try {
            OpenPGPKeyGenerator generator = new BcOpenPGPApi(Pgp.IMPLEMENTATION).generateKey(4, created);
            OpenPGPKey key = generator
                    .withPrimaryKey(g -> g.generateLegacyEd25519KeyPair(), new SignatureParameters.Callback() {
                        @Override
                        public SignatureParameters apply(SignatureParameters p) {
                            return p.setHashedSubpacketsFunction(sp -> {
                                // BC's default is a 5-year expiry and certify-only; Caravan keys sign packages too.
                                sp.removePacketsOfType(SignatureSubpacketTags.KEY_FLAGS);
                                sp.removePacketsOfType(SignatureSubpacketTags.KEY_EXPIRE_TIME);
                                sp.setKeyFlags(true, KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA);
                                if (validity != null) {
                                    sp.setKeyExpirationTime(true, validity.getSeconds());
                                }
                                return sp;
                            });
                        }
                    })
                    .addUserId(userId)
                    .build();
            return new SecretKey(key, KeyPassphrase.NONE);
        } catch (PGPException e) {
            throw new IllegalStateException("cannot generate an Ed25519 key for '" + userId + "': " + e.getMessage(), e);
        }
    }

    /**
     * Generates a key that can also receive encrypted data: an Ed25519 primary key (certify, sign) with an X25519
     * encryption subkey, both legacy v4 algorithms (22 and 18) so that GnuPG 2.2 encrypts to it and decrypts with
     * it. A client home's identity: publishers wrap content keys for it (licences, private stores). No expiry.
     */
    public static SecretKey generateWithEncryption(String userId, Instant creationTime) {
        if (userId == null || userId.isBlank()) {
            throw new IllegalArgumentException("a key needs a user id, e.g. 'Alice <alice@example.org>'");
        }
        Date created = Date.from(Instant.ofEpochSecond(creationTime.getEpochSecond()));
        SignatureParameters.Callback noExpiry = new SignatureParameters.Callback() {
            @Override
            public SignatureParameters apply(SignatureParameters p) {
                return p.setHashedSubpacketsFunction(sp -> {
                    sp.removePacketsOfType(SignatureSubpacketTags.KEY_EXPIRE_TIME);
                    return sp;
                });
            }
        };
        try {
            OpenPGPKeyGenerator generator = new BcOpenPGPApi(Pgp.IMPLEMENTATION).generateKey(4, created);
            OpenPGPKey key = generator
                    .withPrimaryKey(g -> g.generateLegacyEd25519KeyPair(), new SignatureParameters.Callback() {
                        @Override
                        public SignatureParameters apply(SignatureParameters p) {
                            return p.setHashedSubpacketsFunction(sp -> {
                                sp.removePacketsOfType(SignatureSubpacketTags.KEY_FLAGS);
                                sp.removePacketsOfType(SignatureSubpacketTags.KEY_EXPIRE_TIME);
                                sp.setKeyFlags(true, KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA);
                                return sp;
                            });
                        }
                    })
                    .addEncryptionSubkey(g -> g.generateLegacyX25519KeyPair(), noExpiry)
                    .addUserId(userId)
                    .build();
            return new SecretKey(key, KeyPassphrase.NONE);
        } catch (PGPException e) {
            throw new IllegalStateException("cannot generate an Ed25519/X25519 key for '" + userId + "': "
                    + e.getMessage(), e);
        }
    }

    /** Parses an armored or binary transferable secret key; a protected one cannot sign (no passphrase). */
    public static SecretKey parse(byte[] data) {
        return parse(data, KeyPassphrase.NONE);
    }

    /**
     * Parses an armored or binary transferable secret key; if it is protected, {@code passphrase} is asked
     * for its passphrase when it first signs.
     */
    public static SecretKey parse(byte[] data, KeyPassphrase passphrase) {
        java.util.Objects.requireNonNull(passphrase, "passphrase source");
        if (data == null || data.length == 0) {
            throw new KeyFormatException("no OpenPGP secret key data (empty input)");
        }
        byte[] binary;
        try {
            binary = Pgp.dearmor(data);
        } catch (IOException | RuntimeException e) {
            throw new KeyFormatException("not an OpenPGP secret key: unreadable armor (" + Certificate.describe(e) + ")", e);
        }
        int tag = Pgp.firstPacketTag(binary);
        if (tag == PacketTags.PUBLIC_KEY) {
            throw new KeyFormatException("this is a certificate (public key), not a secret key");
        }
        if (tag != PacketTags.SECRET_KEY) {
            throw new KeyFormatException("not an OpenPGP secret key: "
                    + (tag == -1 ? "the data does not start with an OpenPGP packet" : "first packet has tag " + tag));
        }
        List<OpenPGPKey> keys;
        try {
            keys = Pgp.reader().parseKeys(data);
        } catch (IOException | RuntimeException e) {
            throw new KeyFormatException("not an OpenPGP secret key: " + Certificate.describe(e), e);
        }
        if (keys.size() != 1) {
            throw new KeyFormatException("expected one OpenPGP secret key but found " + keys.size());
        }
        return new SecretKey(keys.get(0), passphrase);
    }

    /** Reads a secret key file; errors name the file. */
    public static SecretKey read(Path file) throws IOException {
        return read(file, KeyPassphrase.NONE);
    }

    /** Reads a secret key file, protected keys unlocking through {@code passphrase}; errors name the file. */
    public static SecretKey read(Path file, KeyPassphrase passphrase) throws IOException {
        try {
            return parse(Files.readAllBytes(file), passphrase);
        } catch (KeyFormatException e) {
            throw new KeyFormatException(file + ": " + e.getMessage(), e);
        }
    }

    /** Whether the key is protected by a passphrase (as read or generated; its armored form stays so). */
    public boolean isProtected() {
        return bc.getSecretKeys().values().stream().anyMatch(OpenPGPKey.OpenPGPSecretKey::isLocked);
    }

    /**
     * This key protected by {@code passphrase} (AES-256 under OpenPGP's iterated and salted S2K with SHA-256,
     * {@link #S2K_COUNT}, which GnuPG reads): its {@link #armored()} form is then protected, and it signs without being asked again.
     *
     * @throws IllegalStateException when this key is protected already
     */
    public SecretKey protectedWith(char[] passphrase) {
        if (passphrase == null || passphrase.length == 0) {
            throw new IllegalArgumentException("a passphrase for key " + certificate + " must not be empty");
        }
        if (isProtected()) {
            throw new IllegalStateException("secret key " + certificate + " is protected already");
        }
        java.util.Map<Long, PGPPrivateKey> privs = new java.util.HashMap<>();
        for (OpenPGPKey.OpenPGPSecretKey k : bc.getSecretKeys().values()) {
            if (!isStub(k)) {
                privs.put(k.getKeyIdentifier().getKeyId(), privateKey(k, "protect it"));
            }
        }
        try {
            // Low-level, to choose the S2K: BC's high-level editor hashes only 65 536 bytes per guess.
            PBESecretKeyEncryptor encryptor = new BcPBESecretKeyEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256,
                    new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA256), S2K_COUNT).build(passphrase);
            // With a SHA-1 checksum (S2K usage 254, as GnuPG writes), so a wrong passphrase is always noticed.
            PGPDigestCalculator sha1 = new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1);
            List<PGPSecretKey> keys = new java.util.ArrayList<>();
            for (PGPSecretKey k : new PGPSecretKeyRing(encoded, new BcKeyFingerprintCalculator())) {
                keys.add(PGPSecretKey.copyWithNewPassword(k, null, encryptor, sha1));
            }
            PGPSecretKeyRing ring = new PGPSecretKeyRing(keys);
            SecretKey out = new SecretKey(new OpenPGPKey(ring, Pgp.IMPLEMENTATION), KeyPassphrase.NONE);
            out.unlocked.putAll(privs);
            return out;
        } catch (PGPException | IOException e) {
            throw new KeyFormatException("cannot protect secret key " + certificate + ": " + e.getMessage(), e);
        }
    }

    /**
     * Unlocks the key now, asking its passphrase if it is protected and was not unlocked yet, so that a
     * long-running command fails at its start rather than at its first signature. Unlocks the primary key, or,
     * when this file holds only a GnuPG stub of it ({@code gpg --export-secret-subkeys}), the key that signs data.
     *
     * @throws KeyFormatException when the key is protected and no passphrase, or a wrong one, was given
     */
    public SecretKey unlock() {
        if (isStub(bc.getPrimarySecretKey())) {
            KeyComponents.Choice c = choose(KeyComponents.Job.SIGN_DATA, new Date());
            if (c.key() == null) {
                throw new UnusableKeyException(fingerprint(), c.refusal());
            }
            privateKey(bc.getSecretKey(c.key()), "sign");
            return this;
        }
        primaryPrivateKey();
        return this;
    }

    /**
     * The primary key's private part (the channel key, {@link #ed25519Seed()}). A protected key asks its
     * {@link KeyPassphrase} once and keeps the unlocked key.
     *
     * @throws KeyFormatException when the key is protected and no passphrase, or a wrong one, was given, or
     *     when this file holds only a GnuPG stub of the primary key
     */
    PGPPrivateKey primaryPrivateKey() {
        return privateKey(bc.getPrimarySecretKey(), "use it");
    }

    /** The component of this key that does {@code job} at {@code at}, among those whose secret this file holds. */
    KeyComponents.Choice choose(KeyComponents.Job job, Date at) {
        return KeyComponents.choose(bc, job, at, k -> !isStub(bc.getSecretKey(k)));
    }

    PGPPrivateKey privateKeyOf(org.bouncycastle.openpgp.api.OpenPGPCertificate.OpenPGPComponentKey component,
            String purpose) {
        return privateKey(bc.getSecretKey(component.getKeyIdentifier()), purpose);
    }

    /** The private part of {@code component} of this key, unlocked (asking the passphrase once) and kept. */
    PGPPrivateKey privateKey(OpenPGPKey.OpenPGPSecretKey component, String purpose) {
        long id = component.getKeyIdentifier().getKeyId();
        PGPPrivateKey k = unlocked.get(id);
        if (k != null) {
            return k;
        }
        synchronized (this) {
            k = unlocked.get(id);
            if (k == null) {
                k = unlock(component, purpose);
                unlocked.put(id, k);
            }
            return k;
        }
    }

    /**
     * Whether this file holds only a stub of {@code k}: GnuPG's S2K extension 101 (mode 1 "no private key",
     * {@code --export-secret-subkeys}; mode 2 "divert to card", a smartcard), or a packet with no secret at all.
     */
    static boolean isStub(OpenPGPKey.OpenPGPSecretKey k) {
        PGPSecretKey s = k.getPGPSecretKey();
        org.bouncycastle.bcpg.S2K s2k = s.getS2K();
        return (s2k != null && s2k.getType() == org.bouncycastle.bcpg.S2K.GNU_DUMMY_S2K) || s.isPrivateKeyEmpty();
    }

    private PGPPrivateKey unlock(OpenPGPKey.OpenPGPSecretKey component, String purpose) {
        Fingerprint fp = fingerprint();
        if (isStub(component)) {
            String where = component.getPGPSecretKey().getS2K() != null
                    && component.getPGPSecretKey().getS2K().getProtectionMode()
                            == org.bouncycastle.bcpg.S2K.GNU_PROTECTION_MODE_DIVERT_TO_CARD
                    ? "GnuPG stub: on a smartcard" : "GnuPG stub: offline or on a smartcard";
            throw new UnusableKeyException(fp, (component.isPrimaryKey() ? "the primary key of " + fp
                    : "subkey " + KeyComponents.hex(component.getPGPPublicKey().getFingerprint()) + " of " + fp)
                    + " is not in this file (" + where + "); " + purpose + " from the machine that holds it");
        }
        try {
            if (!component.isLocked()) {
                return component.unlock().getKeyPair().getPrivateKey();
            }
            char[] pass = passphrase.forKey(certificate);
            if (pass == null) {
                throw new KeyFormatException("secret key " + certificate + " is protected by a passphrase, and none "
                        + "was given");
            }
            try {
                if (!component.isPassphraseCorrect(pass)) {
                    throw new KeyFormatException("wrong passphrase for secret key " + certificate);
                }
                // GnuPG protects every part of a key with one passphrase: open the others now, not ask again.
                for (OpenPGPKey.OpenPGPSecretKey other : bc.getSecretKeys().values()) {
                    long id = other.getKeyIdentifier().getKeyId();
                    if (other != component && !isStub(other) && other.isLocked() && !unlocked.containsKey(id)
                            && other.isPassphraseCorrect(pass)) {
                        unlocked.put(id, other.unlock(pass).getKeyPair().getPrivateKey());
                    }
                }
                return component.unlock(pass).getKeyPair().getPrivateKey();
            } finally {
                java.util.Arrays.fill(pass, '\0');
            }
        } catch (PGPException e) {
            throw new KeyFormatException("cannot read the secret part of key " + fp + ": " + e.getMessage(), e);
        }
    }

    /** ASCII-armored transferable secret key, protected if this key is. */
    public String armored() {
        try {
            return bc.toAsciiArmoredString();
        } catch (IOException e) {
            throw new KeyFormatException("cannot armor secret key " + fingerprint(), e);
        }
    }

    /** The binary transferable secret key, for keyring internals. Handle as secret. */
    public byte[] encoded() {
        return encoded.clone();
    }

    public Certificate certificate() {
        return certificate;
    }

    public Fingerprint fingerprint() {
        return certificate().fingerprint();
    }

    public String userId() {
        return certificate().userId();
    }

    /**
     * The 32-byte Ed25519 seed of the primary key (RFC 8032 private key), from which BEP 44 key pairs
     * are derived. Throws {@link KeyFormatException} if the primary key is not Ed25519.
     */
    public byte[] ed25519Seed() {
        return Pgp.ed25519Seed(privateKey(bc.getPrimarySecretKey(), "use the store's channel key"),
                bc.getPrimaryKey().getAlgorithm(), fingerprint());
    }

    /**
     * 32 bytes only this key's holder can compute, the same for as long as the key lives: what a licensed app's key
     * is derived from. For an Ed25519 primary key, its seed ({@link #ed25519Seed()}); for any other (GnuPG 2.2's
     * default RSA-3072, say), SHA-256 over {@code "caravan-derivation-secret-v1\0"} and the primary key's secret
     * key material as OpenPGP encodes it (for RSA the MPIs d, p, q, u).
     */
    public byte[] derivationSecret() {
        int algorithm = bc.getPrimaryKey().getAlgorithm();
        if (algorithm == org.bouncycastle.bcpg.PublicKeyAlgorithmTags.EDDSA_LEGACY
                || algorithm == org.bouncycastle.bcpg.PublicKeyAlgorithmTags.Ed25519) {
            return ed25519Seed();
        }
        PGPPrivateKey k = privateKey(bc.getPrimarySecretKey(), "derive a licensed app's key");
        byte[] material = k.getPrivateKeyDataPacket().getEncoded();
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update("caravan-derivation-secret-v1\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            sha.update(material);
            return sha.digest();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256: " + e.getMessage(), e);
        } finally {
            java.util.Arrays.fill(material, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "secret key " + certificate;
    }
}
