package org.caravan.keyring.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.function.Consumer;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.caravan.keyring.key.Bc;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.SecretKey;

/**
 * Signatures made with a key's PRIMARY key and no check at all, as an older Caravan, another tool or an
 * attacker makes them: for tests that show the verifier refuses what Caravan itself would no longer sign
 * (a certify-only primary, a weak key, a signature older than its key, a critical subpacket it does not know).
 */
public final class RawSignatures {
    private RawSignatures() {}

    /** A binary detached signature over {@code data}; {@code extra} may add hashed subpackets. */
    public static String data(SecretKey key, byte[] data, Instant at, Consumer<PGPSignatureSubpacketGenerator> extra) {
        try {
            PGPSignatureGenerator g = generator(key, PGPSignature.BINARY_DOCUMENT, at, extra);
            g.update(data);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ArmoredOutputStream armor = ArmoredOutputStream.builder().clearHeaders().build(bytes)) {
                g.generate().encode(armor);
            }
            return bytes.toString(StandardCharsets.US_ASCII);
        } catch (PGPException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String data(SecretKey key, byte[] data, Instant at) {
        return data(key, data, at, g -> {});
    }

    /**
     * A Caravan certification (0x12, trust signature depth {@code rank} amount 120, non-critical scope notation)
     * of {@code subject}'s primary user id; {@code extra} may add or change hashed subpackets.
     */
    public static Certificate certification(SecretKey certifier, Certificate subject, int rank, String scope, Instant at,
            Consumer<PGPSignatureSubpacketGenerator> extra) {
        return attach(certifier, subject, at, g -> {
            g.setTrust(true, rank, 120);
            g.addNotationData(false, true, "scope@caravan.org", scope);
            extra.accept(g);
        });
    }

    /** A key revocation (0x20, reason "compromised") of {@code target} by {@code revoker}'s primary key. */
    public static Certificate keyRevocation(SecretKey revoker, Certificate target, Instant at) {
        try {
            PGPSignatureGenerator g = generator(revoker, PGPSignature.KEY_REVOCATION, at,
                    h -> h.setRevocationReason(false, (byte) 2, "compromised"));
            PGPPublicKey t = Bc.of(target).getPrimaryKey().getPGPPublicKey();
            PGPPublicKey signed = PGPPublicKey.addCertification(t, g.generateCertification(t));
            return Certificate.parse(PGPPublicKeyRing.insertPublicKey(Bc.of(target).getPGPPublicKeyRing(), signed).getEncoded());
        } catch (PGPException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An Ed25519 key whose primary may sign data but not certify (key flags 0x02): gpg always lets a primary
     * certify and sq's primaries certify, but OpenPGP allows it and other tools make such keys.
     */
    public static SecretKey signingOnlyKey(String userId, Instant created) {
        return keyWithFlags(userId, created, org.bouncycastle.bcpg.sig.KeyFlags.SIGN_DATA);
    }

    /**
     * An Ed25519 key whose self-signature carries no key flags subpacket at all (flags 0 here), as keys made
     * before the subpacket existed: its primary may do what its algorithm can.
     */
    public static SecretKey keyWithoutFlags(String userId, Instant created) {
        return keyWithFlags(userId, created, 0);
    }

    private static SecretKey keyWithFlags(String userId, Instant created, int flags) {
        try {
            org.bouncycastle.openpgp.api.OpenPGPKey key = new org.bouncycastle.openpgp.api.bc.BcOpenPGPApi()
                    .generateKey(4, Date.from(created))
                    .withPrimaryKey(g -> g.generateLegacyEd25519KeyPair(),
                            new org.bouncycastle.openpgp.api.SignatureParameters.Callback() {
                                @Override
                                public org.bouncycastle.openpgp.api.SignatureParameters apply(
                                        org.bouncycastle.openpgp.api.SignatureParameters p) {
                                    return p.setHashedSubpacketsFunction(sp -> {
                                        sp.removePacketsOfType(org.bouncycastle.bcpg.SignatureSubpacketTags.KEY_FLAGS);
                                        sp.removePacketsOfType(org.bouncycastle.bcpg.SignatureSubpacketTags.KEY_EXPIRE_TIME);
                                        if (flags != 0) {
                                            sp.setKeyFlags(true, flags);
                                        }
                                        return sp;
                                    });
                                }
                            })
                    .addUserId(userId)
                    .build();
            return SecretKey.parse(key.getEncoded());
        } catch (PGPException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Certificate attach(SecretKey certifier, Certificate subject, Instant at,
            Consumer<PGPSignatureSubpacketGenerator> extra) {
        try {
            PGPSignatureGenerator g = generator(certifier, PGPSignature.CASUAL_CERTIFICATION, at, extra);
            PGPPublicKey t = Bc.of(subject).getPrimaryKey().getPGPPublicKey();
            PGPPublicKey signed = PGPPublicKey.addCertification(t, subject.userId(),
                    g.generateCertification(subject.userId(), t));
            return Certificate.parse(PGPPublicKeyRing.insertPublicKey(Bc.of(subject).getPGPPublicKeyRing(), signed)
                    .getEncoded());
        } catch (PGPException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PGPSignatureGenerator generator(SecretKey key, int type, Instant at,
            Consumer<PGPSignatureSubpacketGenerator> extra) throws PGPException {
        PGPPublicKey pub = Bc.of(key).getPrimaryKey().getPGPPublicKey();
        PGPSignatureGenerator g = new PGPSignatureGenerator(
                new BcPGPContentSignerBuilder(pub.getAlgorithm(), HashAlgorithmTags.SHA256), pub);
        g.init(type, Bc.privateKey(key));
        PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
        hashed.setSignatureCreationTime(true, Date.from(Instant.ofEpochSecond(at.getEpochSecond())));
        hashed.setIssuerFingerprint(false, pub);
        extra.accept(hashed);
        g.setHashedSubpackets(hashed.generate());
        PGPSignatureSubpacketGenerator unhashed = new PGPSignatureSubpacketGenerator();
        unhashed.setIssuerKeyID(false, pub.getKeyID());
        g.setUnhashedSubpackets(unhashed.generate());
        return g;
    }
}
