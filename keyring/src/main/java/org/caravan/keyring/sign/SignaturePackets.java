package org.caravan.keyring.sign;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.KeyIdentifier;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.util.encoders.Hex;
import org.caravan.keyring.key.Bc;
import org.caravan.keyring.key.Certificate;

/**
 * The signature packets of a detached-signature file, one by one: to read a binary {@code FILE.sig} (as
 * {@code gpg --detach-sign} and {@code sq sign --detached --binary} write it) as the armored text a store
 * records, and to replace one signer's stale signature in a file that co-signers share.
 */
public final class SignaturePackets {
    private SignaturePackets() {}

    /** One signature packet: its bytes, and the key ids and fingerprints (hex) it names as its issuer. */
    public record Packet(byte[] encoded, List<String> issuers) {
        public Packet {
            encoded = encoded.clone();
            issuers = List.copyOf(issuers);
        }

        @Override
        public byte[] encoded() {
            return encoded.clone();
        }

        /** Whether the packet names {@code key} (its primary or one of its subkeys) as its issuer. */
        public boolean issuedBy(Certificate key) {
            for (OpenPGPCertificate.OpenPGPComponentKey k : Bc.of(key).getKeys()) {
                String id = String.format(Locale.ROOT, "%016X", k.getPGPPublicKey().getKeyID());
                String fpr = Hex.toHexString(k.getPGPPublicKey().getFingerprint()).toUpperCase(Locale.ROOT);
                if (issuers.contains(id) || issuers.contains(fpr)) {
                    return true;
                }
            }
            return false;
        }

        /** The issuer as a user reads it: the fingerprint if the packet names one, else the key id. */
        public String issuer() {
            return issuers.stream().filter(i -> i.length() > 16).findFirst()
                    .orElse(issuers.isEmpty() ? "unknown" : issuers.get(0));
        }
    }

    /**
     * Every signature packet of armored or binary signature data, in order.
     *
     * @throws org.caravan.keyring.key.KeyFormatException when the data is not detached OpenPGP signatures
     */
    public static List<Packet> split(byte[] data) {
        List<Packet> out = new ArrayList<>();
        for (PGPSignature s : DetachedSignatures.parseSignatures(data)) {
            List<String> issuers = new ArrayList<>();
            for (KeyIdentifier id : s.getKeyIdentifiers()) {
                if (id.getFingerprint() != null) {
                    issuers.add(Hex.toHexString(id.getFingerprint()).toUpperCase(Locale.ROOT));
                }
                issuers.add(String.format(Locale.ROOT, "%016X", id.getKeyId()));
            }
            try {
                out.add(new Packet(s.getEncoded(), issuers));
            } catch (IOException e) {
                throw new IllegalStateException("cannot encode a signature by " + issuers + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** The packets as one armored block, the form a store records and gpg reads. */
    public static String armor(List<Packet> packets) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (ArmoredOutputStream armor = ArmoredOutputStream.builder().clearHeaders().build(bytes)) {
            for (Packet p : packets) {
                armor.write(p.encoded);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot armor signatures: " + e.getMessage(), e);
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    /** Armored or binary signature data as armored text: armored data as it is, binary data armored. */
    public static String armored(byte[] data) {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        if (text.stripLeading().startsWith("-----BEGIN PGP")) {
            return new String(data, StandardCharsets.US_ASCII);
        }
        return armor(split(data));
    }
}
