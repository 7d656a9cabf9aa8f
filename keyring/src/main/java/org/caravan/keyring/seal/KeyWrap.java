package org.caravan.keyring.seal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.HashSet;
import org.bouncycastle.bcpg.CompressionAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.api.MessageEncryptionMechanism;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.api.OpenPGPEncryptionNegotiator;
import org.bouncycastle.openpgp.api.OpenPGPKey;
import org.bouncycastle.openpgp.api.OpenPGPMessageGenerator;
import org.bouncycastle.openpgp.api.OpenPGPMessageInputStream;
import org.bouncycastle.openpgp.api.OpenPGPMessageProcessor;
import org.bouncycastle.openpgp.api.exception.InvalidEncryptionKeyException;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.caravan.keyring.key.Bc;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.SecretKey;

/**
 * A small secret (a {@link ContentKey}) wrapped for OpenPGP certificates: a plain OpenPGP message (one public-key
 * encrypted session key packet per recipient, then AES-256 SEIPD v1 with the secret as literal data), so GnuPG
 * decrypts it with the recipient's secret key ({@code gpg --decrypt}). Made and read with Bouncy Castle's
 * high-level {@code OpenPGPMessageGenerator} / {@code OpenPGPMessageProcessor}.
 */
public final class KeyWrap {
    private KeyWrap() {}

    /** Wraps {@code secret} for every certificate's encryption key; ASCII-armored. */
    public static String wrapArmored(byte[] secret, Collection<Certificate> recipients) {
        return new String(wrap(secret, recipients, true), java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * Wraps {@code secret} for every certificate's encryption key.
     *
     * @throws IllegalArgumentException naming the certificate that has no usable encryption key
     */
    public static byte[] wrap(byte[] secret, Collection<Certificate> recipients, boolean armored) {
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("a wrapped key needs at least one recipient certificate");
        }
        OpenPGPMessageGenerator g = new OpenPGPMessageGenerator(Bc.IMPLEMENTATION)
                .setArmored(armored)
                .setCompressionNegotiator((conf, policy) -> CompressionAlgorithmTags.UNCOMPRESSED)
                .setPublicKeyBasedEncryptionNegotiator(new OpenPGPEncryptionNegotiator() {
                    @Override
                    public MessageEncryptionMechanism negotiateEncryption(OpenPGPMessageGenerator generator) {
                        // SEIPD v1 with AES-256: what GnuPG 2.2 reads; v2 (AEAD) it does not.
                        return MessageEncryptionMechanism.integrityProtected(SymmetricKeyAlgorithmTags.AES_256);
                    }
                });
        for (Certificate c : recipients) {
            try {
                g.addEncryptionCertificate(Bc.of(c));
            } catch (InvalidEncryptionKeyException | RuntimeException e) {
                throw new IllegalArgumentException("certificate " + c + " has no key that may encrypt (an identity "
                        + "made by 'caravan client identity' has one; a signing-only key has not): " + e.getMessage(), e);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = g.open(bytes)) {
            out.write(secret);
        } catch (PGPException | IOException e) {
            throw new IllegalStateException("cannot wrap a key for " + recipients.size() + " recipient(s): "
                    + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    /** Opens {@code message} (armored or binary) with {@code key}'s decryption subkey. */
    public static Unwrapped unwrap(byte[] message, SecretKey key) {
        List<String> recipients;
        try {
            recipients = recipientKeyIds(message);
        } catch (IOException | RuntimeException e) {
            return new Unwrapped.Broken("not an OpenPGP encrypted message: " + describe(e));
        }
        OpenPGPKey k = Bc.of(key);
        Set<String> mine = new HashSet<>();
        for (OpenPGPCertificate.OpenPGPComponentKey c : k.getKeys()) {
            mine.add(hexId(c.getKeyIdentifier().getKeyId()));
        }
        if (recipients.stream().noneMatch(mine::contains)) {
            return new Unwrapped.NotForThisKey(recipients);
        }
        try (OpenPGPMessageInputStream in = new OpenPGPMessageProcessor(Bc.IMPLEMENTATION).addDecryptionKey(k)
                .process(new ByteArrayInputStream(message))) {
            byte[] secret = in.readAllBytes();
            in.close();
            return new Unwrapped.Opened(secret);
        } catch (PGPException | IOException | RuntimeException e) {
            return new Unwrapped.Broken("the wrapped key does not decrypt: " + describe(e));
        }
    }

    /** The key ids (16 upper-case hex) a message is encrypted for, in packet order. */
    public static List<String> recipientKeyIds(byte[] message) throws IOException {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(message))) {
            Object first = new BcPGPObjectFactory(in).nextObject();
            if (!(first instanceof PGPEncryptedDataList list)) {
                throw new IOException("the first packet is not an encrypted session key");
            }
            List<String> ids = new ArrayList<>();
            for (Object o : list) {
                if (o instanceof PGPPublicKeyEncryptedData pk) {
                    ids.add(hexId(pk.getKeyIdentifier().getKeyId()));
                }
            }
            return ids;
        }
    }

    private static String hexId(long id) {
        return HexFormat.of().withUpperCase().toHexDigits(id).toUpperCase(Locale.ROOT);
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
