package org.caravan.keyring.key;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.bcpg.PacketTags;
import org.bouncycastle.bcpg.SignatureSubpacketTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.api.OpenPGPKey;
import org.bouncycastle.openpgp.api.OpenPGPKeyGenerator;
import org.bouncycastle.openpgp.api.SignatureParameters;
import org.bouncycastle.openpgp.api.bc.BcOpenPGPApi;

/** An OpenPGP secret key (unprotected in this version). Never log it: {@link #toString()} shows only the fingerprint. */
public final class SecretKey {
    private final OpenPGPKey bc;
    private final byte[] encoded;
    private final Certificate certificate;

    private SecretKey(OpenPGPKey bc) {
        if (bc.getPrimaryKey().getVersion() < 4) {
            throw new KeyFormatException("secret key " + bc.getKeyIdentifier() + " is an OpenPGP v"
                    + bc.getPrimaryKey().getVersion() + " key (PGP 2.x format): Caravan does not sign with v3 keys, and "
                    + "stores refuse their signatures; make a new key");
        }
        this.bc = bc;
        this.certificate = new Certificate(bc.toCertificate());
        try {
            this.encoded = bc.getEncoded();
        } catch (IOException e) {
            throw new KeyFormatException("cannot encode secret key " + certificate.fingerprint(), e);
        }
        if (bc.getPrimarySecretKey().isLocked()) {
            throw new KeyFormatException("secret key " + certificate.fingerprint()
                    + " is passphrase-protected; this version only reads unprotected keys");
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
            return new SecretKey(key);
        } catch (PGPException e) {
            throw new IllegalStateException("cannot generate an Ed25519 key for '" + userId + "': " + e.getMessage(), e);
        }
    }

    /** Parses an armored or binary transferable secret key (unprotected). */
    public static SecretKey parse(byte[] data) {
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
        return new SecretKey(keys.get(0));
    }

    /** Reads a secret key file; errors name the file. */
    public static SecretKey read(Path file) throws IOException {
        try {
            return parse(Files.readAllBytes(file));
        } catch (KeyFormatException e) {
            throw new KeyFormatException(file + ": " + e.getMessage(), e);
        }
    }

    /** ASCII-armored transferable secret key. */
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
        try {
            PGPPrivateKey priv = bc.getPrimarySecretKey().unlock().getKeyPair().getPrivateKey();
            return Pgp.ed25519Seed(priv, bc.getPrimaryKey().getAlgorithm(), fingerprint());
        } catch (PGPException e) {
            throw new KeyFormatException("cannot read the secret part of key " + fingerprint() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "secret key " + certificate;
    }
}
