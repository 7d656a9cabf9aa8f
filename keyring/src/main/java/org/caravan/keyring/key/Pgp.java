package org.caravan.keyring.key;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.bcpg.BCPGKey;
import org.bouncycastle.bcpg.EdDSAPublicBCPGKey;
import org.bouncycastle.bcpg.EdSecretBCPGKey;
import org.bouncycastle.bcpg.Ed25519PublicBCPGKey;
import org.bouncycastle.bcpg.Ed25519SecretBCPGKey;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.api.OpenPGPImplementation;
import org.bouncycastle.openpgp.api.OpenPGPKeyReader;
import org.bouncycastle.openpgp.api.bc.BcOpenPGPImplementation;
import org.bouncycastle.util.BigIntegers;

/** Bouncy Castle plumbing shared by {@link Certificate} and {@link SecretKey}; never leaves this package. */
final class Pgp {
    /** One implementation for the whole keyring: BC's lightweight crypto, no JCA provider registration. */
    static final OpenPGPImplementation IMPLEMENTATION = new BcOpenPGPImplementation();

    private Pgp() {}

    static OpenPGPKeyReader reader() {
        return new OpenPGPKeyReader(IMPLEMENTATION, IMPLEMENTATION.policy());
    }

    /** Strips ASCII armor if present, so callers can inspect the first packet's tag. */
    static byte[] dearmor(byte[] data) throws IOException {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(data))) {
            return in.readAllBytes();
        }
    }

    /** The OpenPGP packet tag of the first packet in binary data, or -1 when it is not a packet header. */
    static int firstPacketTag(byte[] binary) {
        if (binary.length == 0 || (binary[0] & 0x80) == 0) {
            return -1;
        }
        int hdr = binary[0] & 0xff;
        return (hdr & 0x40) != 0 ? hdr & 0x3f : (hdr >> 2) & 0x0f;
    }

    static byte[] ed25519PublicKey(PGPPublicKey key, Fingerprint subject) {
        BCPGKey material = key.getPublicKeyPacket().getKey();
        if (key.getAlgorithm() == PublicKeyAlgorithmTags.EDDSA_LEGACY && material instanceof EdDSAPublicBCPGKey ed) {
            // Legacy EdDSA stores the point as an MPI of 0x40 || 32 raw bytes (RFC 4880bis "native" point format).
            byte[] point = BigIntegers.asUnsignedByteArray(33, ed.getEncodedPoint());
            if (point[0] != 0x40) {
                throw new KeyFormatException("Ed25519 key " + subject + " does not use the native point format (0x40 prefix)");
            }
            return Arrays.copyOfRange(point, 1, 33);
        }
        if (key.getAlgorithm() == PublicKeyAlgorithmTags.Ed25519 && material instanceof Ed25519PublicBCPGKey ed) {
            return ed.getKey();
        }
        throw new KeyFormatException("key " + subject + " is not an Ed25519 key (OpenPGP algorithm " + key.getAlgorithm() + ")");
    }

    static byte[] ed25519Seed(PGPPrivateKey key, int algorithm, Fingerprint subject) {
        BCPGKey material = key.getPrivateKeyDataPacket();
        if (algorithm == PublicKeyAlgorithmTags.EDDSA_LEGACY && material instanceof EdSecretBCPGKey ed) {
            // An MPI drops leading zero bytes; the RFC 8032 seed is always 32 bytes.
            BigInteger x = ed.getX();
            if (x.bitLength() > 256) {
                throw new KeyFormatException("Ed25519 secret key " + subject + " is longer than 32 bytes");
            }
            return BigIntegers.asUnsignedByteArray(32, x);
        }
        if (algorithm == PublicKeyAlgorithmTags.Ed25519 && material instanceof Ed25519SecretBCPGKey ed) {
            return ed.getKey();
        }
        throw new KeyFormatException("key " + subject + " is not an Ed25519 key (OpenPGP algorithm " + algorithm + ")");
    }
}
