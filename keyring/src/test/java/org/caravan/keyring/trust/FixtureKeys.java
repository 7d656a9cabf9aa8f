package org.caravan.keyring.trust;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.BCPGInputStream;
import org.bouncycastle.bcpg.BCPGOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.MPInteger;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.bcpg.RSAPublicBCPGKey;
import org.bouncycastle.bcpg.SignatureSubpacketTags;
import org.bouncycastle.bcpg.SignaturePacket;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.signers.RSADigestSigner;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.api.OpenPGPKey;
import org.bouncycastle.openpgp.api.SignatureParameters;
import org.bouncycastle.openpgp.api.bc.BcOpenPGPApi;
import org.bouncycastle.openpgp.api.bc.BcOpenPGPImplementation;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyConverter;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.Fingerprint;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.testing.Personas;

/**
 * Two checked-in keys beyond the personas, for the counting and crypto rules (made ONCE by {@link #main};
 * never with the wall clock: every packet is dated {@link Personas#CREATED}).
 *
 * <ul>
 * <li>{@code multikey.key.asc}: an Ed25519 primary key (certify + sign) with two Ed25519 subkeys, the
 * first sign-only (what GnuPG adds with {@code addkey}), the second certify + sign.</li>
 * <li>{@code legacy-v3.key.asc}: an RSA-2048 key in an OpenPGP <b>version 3</b> key packet, as PGP 2.x
 * made them (GnuPG 2.2 cannot make one), self-certified with a v3 signature. Its signatures are v3 too (a v3
 * key cannot make v4 ones Bouncy Castle accepts) but hashed with SHA-256, where PGP 2.x used MD5: so only its
 * key version is weak, and a refusal can only come from that.</li>
 * </ul>
 *
 * <pre>
 * cd /work/main/keyring &amp;&amp; java -cp "target/test-classes:target/classes:$CP" \
 *   org.caravan.keyring.trust.FixtureKeys src/test/resources/personas
 * </pre>
 */
final class FixtureKeys {
    static final Fingerprint MULTIKEY = Fingerprint.of("C1FD1E170917555E5E1D2385DCE8FC227F11270F");
    static final Fingerprint LEGACY_V3 = Fingerprint.of("54B169A49DC0574BEEECDAE59B7AB246");
    static final String MULTIKEY_USER_ID = "Multikey <multikey@caravan.test>";
    static final String LEGACY_USER_ID = "Legacy <legacy@caravan.test>";

    private static volatile SecretKey multikey;
    private static volatile PGPSecretKeyRing legacy;

    private FixtureKeys() {}

    /** The key with a sign-only subkey (component 1) and a certify + sign subkey (component 2). */
    static SecretKey multikey() {
        if (multikey == null) {
            multikey = SecretKey.parse(Personas.resource("multikey.key.asc"));
        }
        return multikey;
    }

    /** The v3 key's secret ring (Caravan's {@link SecretKey} refuses v3 keys, so this stays Bouncy Castle). */
    static PGPSecretKeyRing legacyV3Secret() {
        if (legacy == null) {
            try {
                legacy = new PGPSecretKeyRing(PGPUtil.getDecoderStream(
                        new java.io.ByteArrayInputStream(Personas.resource("legacy-v3.key.asc"))),
                        new BcKeyFingerprintCalculator());
            } catch (IOException | PGPException e) {
                throw new IllegalStateException("cannot read fixture legacy-v3.key.asc: " + e.getMessage(), e);
            }
        }
        return legacy;
    }

    /** The v3 key's certificate, as a store keyring would list it. */
    static Certificate legacyV3() {
        try {
            return Certificate.parse(new PGPPublicKeyRing(List.of(legacyV3Secret().getPublicKey())).getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/personas");
        Date created = Date.from(Personas.CREATED);
        OpenPGPKey multi = new BcOpenPGPApi(new BcOpenPGPImplementation()).generateKey(4, created)
                .withPrimaryKey(g -> g.generateLegacyEd25519KeyPair(), flags(KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA))
                .addUserId(MULTIKEY_USER_ID)
                .addSigningSubkey(g -> g.generateLegacyEd25519KeyPair(), flags(KeyFlags.SIGN_DATA), null)
                .addSigningSubkey(g -> g.generateLegacyEd25519KeyPair(),
                        flags(KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA), null)
                .build();
        Path multiFile = dir.resolve("multikey.key.asc");
        if (!Files.exists(multiFile)) { // existing keys are kept: delete a file to make that key anew
            Files.writeString(multiFile, multi.toAsciiArmoredString(), StandardCharsets.US_ASCII);
        }
        System.out.println("MULTIKEY = " + SecretKey.read(multiFile).fingerprint());

        Path v3File = dir.resolve("legacy-v3.key.asc");
        if (!Files.exists(v3File)) {
            PGPSecretKeyRing v3 = v3Key(LEGACY_USER_ID, created);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ArmoredOutputStream armor = ArmoredOutputStream.builder().clearHeaders().build(bytes)) {
                v3.encode(armor);
            }
            Files.write(v3File, bytes.toByteArray());
        }
        PGPSecretKeyRing v3 = new PGPSecretKeyRing(PGPUtil.getDecoderStream(Files.newInputStream(v3File)),
                new BcKeyFingerprintCalculator());
        System.out.println("LEGACY_V3 = " + org.bouncycastle.util.encoders.Hex.toHexString(
                v3.getPublicKey().getFingerprint()).toUpperCase(java.util.Locale.ROOT));
    }

    private static SignatureParameters.Callback flags(int keyFlags) {
        return new SignatureParameters.Callback() {
            @Override
            public SignatureParameters apply(SignatureParameters p) {
                return p.setHashedSubpacketsFunction(sp -> {
                    sp.removePacketsOfType(SignatureSubpacketTags.KEY_FLAGS);
                    sp.removePacketsOfType(SignatureSubpacketTags.KEY_EXPIRE_TIME);
                    sp.setKeyFlags(true, keyFlags);
                    return sp;
                });
            }
        };
    }

    /** An RSA-2048 key in a version 3 key packet, self-certified with a v3 SHA-256 signature. */
    private static PGPSecretKeyRing v3Key(String userId, Date created) throws PGPException, IOException {
        RSAKeyPairGenerator g = new RSAKeyPairGenerator();
        g.init(new RSAKeyGenerationParameters(BigInteger.valueOf(65537), new SecureRandom(), 2048, 80));
        BcPGPKeyPair v4 = new BcPGPKeyPair(PublicKeyAlgorithmTags.RSA_GENERAL, g.generateKeyPair(), created);
        PublicKeyPacket packet = new PublicKeyPacket(PublicKeyPacket.VERSION_3, PublicKeyAlgorithmTags.RSA_GENERAL,
                created, (RSAPublicBCPGKey) v4.getPublicKey().getPublicKeyPacket().getKey());
        PGPPublicKey pub = new PGPPublicKey(packet, new BcKeyFingerprintCalculator());
        PGPPrivateKey priv = new PGPPrivateKey(pub.getKeyID(), packet, v4.getPrivateKey().getPrivateKeyDataPacket());
        PGPSignature self = v3Signature(priv, pub, PGPSignature.POSITIVE_CERTIFICATION, created.toInstant(),
                v3CertificationContent(pub, userId));
        PGPPublicKey certified = PGPPublicKey.addCertification(pub, userId, self);
        PGPSecretKey secret = new PGPSecretKey(priv, certified, null, true, null);
        return new PGPSecretKeyRing(List.of(secret));
    }

    /**
     * A v3 signature packet by the v3 key over {@code content}, dated {@code at}: RSA PKCS#1 v1.5 over
     * SHA-256(content || type || time), laid out by hand. Bouncy Castle's generators either date v3
     * signatures with the wall clock or make ones it cannot verify itself; a v3 key cannot make v4 signatures
     * Bouncy Castle accepts. SHA-256 where PGP 2.x used MD5: only the key version is weak.
     */
    static PGPSignature v3Signature(PGPPrivateKey v3Private, PGPPublicKey v3Public, int type, Instant at,
            byte[] content) throws PGPException {
        long time = at.getEpochSecond();
        byte[] trailer = {(byte) type, (byte) (time >> 24), (byte) (time >> 16), (byte) (time >> 8), (byte) time};
        SHA256Digest digest = new SHA256Digest();
        digest.update(content, 0, content.length);
        digest.update(trailer, 0, trailer.length);
        byte[] hash = new byte[digest.getDigestSize()];
        digest.doFinal(hash, 0);
        RSADigestSigner signer = new RSADigestSigner(new SHA256Digest());
        signer.init(true, new BcPGPKeyConverter().getPrivateKey(v3Private));
        signer.update(content, 0, content.length);
        signer.update(trailer, 0, trailer.length);
        byte[] rsa;
        try {
            rsa = signer.generateSignature();
        } catch (org.bouncycastle.crypto.CryptoException e) {
            throw new PGPException("cannot sign with the v3 fixture key", e);
        }
        SignaturePacket packet = new SignaturePacket(3, type, v3Public.getKeyID(), PublicKeyAlgorithmTags.RSA_GENERAL,
                HashAlgorithmTags.SHA256, time * 1000, new byte[] {hash[0], hash[1]},
                new MPInteger[] {new MPInteger(new BigInteger(1, rsa))});
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (BCPGOutputStream out = new BCPGOutputStream(bytes)) {
                packet.encode(out);
            }
            return new PGPSignature(new BCPGInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
        } catch (IOException e) {
            throw new PGPException("cannot encode the v3 signature: " + e.getMessage(), e);
        }
    }

    /** What a v3 certification of {@code userId} on {@code key} hashes (RFC 4880 5.2.4: no user id header in v3). */
    static byte[] v3CertificationContent(PGPPublicKey key, String userId) throws IOException {
        byte[] body = key.getPublicKeyPacket().getEncodedContents();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x99);
        out.write(body.length >> 8);
        out.write(body.length);
        out.write(body);
        out.write(userId.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
