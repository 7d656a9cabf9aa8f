package org.caravan.keyring.sign;

import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.bouncycastle.bcpg.BCPGKey;
import org.bouncycastle.bcpg.EdDSAPublicBCPGKey;
import org.bouncycastle.bcpg.Ed25519PublicBCPGKey;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.operator.PGPContentVerifier;
import org.bouncycastle.openpgp.operator.PGPContentVerifierBuilder;
import org.bouncycastle.openpgp.operator.PGPContentVerifierBuilderProvider;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentVerifierBuilderProvider;
import org.bouncycastle.util.BigIntegers;

/**
 * Verifiers that hash with the JDK's MessageDigest (CPU SHA instructions, ~5x Bouncy Castle's digest)
 * and check Ed25519 with Bouncy Castle (~8x the JDK's SunEC). Other key algorithms, as a GnuPG user's
 * RSA key, go through the JCA with the JDK's providers.
 */
final class FastVerifiers implements PGPContentVerifierBuilderProvider {
    private final JcaPGPContentVerifierBuilderProvider jca = new JcaPGPContentVerifierBuilderProvider();
    /** When set, Ed25519 verifiers over this digest's algorithm start from a clone of it (the data already hashed). */
    private final MessageDigest dataState;

    FastVerifiers() {
        this(null);
    }

    /**
     * Verifiers whose Ed25519 checks over {@code dataState}'s hash algorithm continue a clone of that state
     * (the document's bytes already hashed by the caller) instead of an empty digest; see {@link #continues}.
     */
    FastVerifiers(MessageDigest dataState) {
        this.dataState = dataState;
    }

    /**
     * Whether a verifier from this provider for the given key and hash algorithms starts from the caller's data
     * state: Ed25519 (hashed here, not inside the JCA) over the state's own algorithm, and the state clones.
     */
    boolean continues(int keyAlgorithm, int hashAlgorithm) {
        if (dataState == null || (keyAlgorithm != PublicKeyAlgorithmTags.EDDSA_LEGACY
                && keyAlgorithm != PublicKeyAlgorithmTags.Ed25519)) {
            return false;
        }
        String name = jdkDigest(hashAlgorithm);
        if (name == null || !name.equalsIgnoreCase(dataState.getAlgorithm())) {
            return false;
        }
        try {
            dataState.clone();
            return true;
        } catch (CloneNotSupportedException e) {
            return false;
        }
    }

    @Override
    public PGPContentVerifierBuilder get(int keyAlgorithm, int hashAlgorithm) throws PGPException {
        if (keyAlgorithm != PublicKeyAlgorithmTags.EDDSA_LEGACY && keyAlgorithm != PublicKeyAlgorithmTags.Ed25519) {
            return jca.get(keyAlgorithm, hashAlgorithm);
        }
        String digestName = jdkDigest(hashAlgorithm);
        if (digestName == null) {
            return jca.get(keyAlgorithm, hashAlgorithm);
        }
        boolean fromState = continues(keyAlgorithm, hashAlgorithm);
        return key -> verifier(key, keyAlgorithm, hashAlgorithm, digestName, fromState ? dataState : null);
    }

    private static PGPContentVerifier verifier(PGPPublicKey key, int keyAlgorithm, int hashAlgorithm, String digestName,
            MessageDigest startFrom) throws PGPException {
        Ed25519PublicKeyParameters publicKey = new Ed25519PublicKeyParameters(rawEd25519(key));
        MessageDigest digest;
        try {
            digest = startFrom == null ? MessageDigest.getInstance(digestName) : (MessageDigest) startFrom.clone();
        } catch (NoSuchAlgorithmException | CloneNotSupportedException e) {
            throw new PGPException("cannot start a " + digestName + " digest", e);
        }
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                digest.update((byte) b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                digest.update(b, off, len);
            }
        };
        return new PGPContentVerifier() {
            @Override
            public OutputStream getOutputStream() {
                return out;
            }

            @Override
            public int getHashAlgorithm() {
                return hashAlgorithm;
            }

            @Override
            public int getKeyAlgorithm() {
                return keyAlgorithm;
            }

            @Override
            public long getKeyID() {
                return key.getKeyID();
            }

            @Override
            public boolean verify(byte[] signature) {
                // OpenPGP Ed25519 signs the digest, not the data itself.
                byte[] hash = digest.digest();
                Ed25519Signer signer = new Ed25519Signer();
                signer.init(false, publicKey);
                signer.update(hash, 0, hash.length);
                return signer.verifySignature(signature);
            }
        };
    }

    private static byte[] rawEd25519(PGPPublicKey key) throws PGPException {
        BCPGKey material = key.getPublicKeyPacket().getKey();
        if (material instanceof EdDSAPublicBCPGKey ed) {
            byte[] point = BigIntegers.asUnsignedByteArray(33, ed.getEncodedPoint());
            if (point[0] != 0x40) {
                throw new PGPException("EdDSA key without the native 0x40 point prefix");
            }
            return Arrays.copyOfRange(point, 1, 33);
        }
        if (material instanceof Ed25519PublicBCPGKey ed) {
            return ed.getKey();
        }
        throw new PGPException("not an Ed25519 key");
    }

    private static String jdkDigest(int hashAlgorithm) {
        return switch (hashAlgorithm) {
            case HashAlgorithmTags.SHA256 -> "SHA-256";
            case HashAlgorithmTags.SHA384 -> "SHA-384";
            case HashAlgorithmTags.SHA512 -> "SHA-512";
            case HashAlgorithmTags.SHA224 -> "SHA-224";
            case HashAlgorithmTags.SHA3_256 -> "SHA3-256";
            case HashAlgorithmTags.SHA3_512 -> "SHA3-512";
            default -> null;
        };
    }
}
