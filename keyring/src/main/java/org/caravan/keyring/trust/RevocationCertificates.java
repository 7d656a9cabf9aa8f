package org.caravan.keyring.trust;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.bcpg.KeyIdentifier;
import org.bouncycastle.bcpg.PacketTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;
import org.bouncycastle.util.encoders.Hex;
import org.caravan.keyring.key.Bc;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.KeyFormatException;

/**
 * Bare key revocation certificates: a lone revocation signature (type 0x20) without the key it revokes, as
 * GnuPG keeps one for every key it makes ({@code ~/.gnupg/openpgp-revocs.d/FPR.rev}, its armor disarmed by a
 * leading ':') and as {@code sq revoke certificate} writes it. Attached to the certificate they revoke, they
 * are ordinary key revocations the trust engine reads like any other.
 */
public final class RevocationCertificates {
    private RevocationCertificates() {}

    /**
     * Whether {@code data} (armored, binary, or GnuPG's disarmed {@code .rev} file) holds signatures without
     * a key, rather than a certificate.
     */
    public static boolean isBare(byte[] data) {
        byte[] binary;
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(rearm(data)))) {
            binary = in.readNBytes(2);
        } catch (IOException | RuntimeException e) {
            return false;
        }
        if (binary.length == 0 || (binary[0] & 0x80) == 0) {
            return false;
        }
        int tag = (binary[0] & 0x40) != 0 ? binary[0] & 0x3f : (binary[0] & 0x3c) >> 2;
        return tag == PacketTags.SIGNATURE;
    }

    /**
     * GnuPG's {@code .rev} file as is: the explanation before the armor dropped and the ':' GnuPG puts before
     * {@code -----BEGIN} (so that an accidental import does not revoke the key) taken off.
     */
    static byte[] rearm(byte[] data) {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        int begin = text.indexOf("-----BEGIN PGP");
        if (begin < 0) {
            return data;
        }
        return text.substring(begin).getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Each key revocation in {@code data}, attached to the certificate among {@code held} that it revokes:
     * made by that key itself or by a key it designated as revoker (one of {@code held}), and verified.
     *
     * @throws KeyFormatException naming the issuer's fingerprint (or key id) when a signature is no key
     *     revocation, or revokes none of {@code held}
     */
    public static List<Certificate> attach(byte[] data, Collection<Certificate> held) {
        List<PGPSignature> signatures = parse(data);
        List<Certificate> out = new ArrayList<>();
        for (PGPSignature s : signatures) {
            if (s.getSignatureType() != PGPSignature.KEY_REVOCATION) {
                throw new KeyFormatException(String.format(Locale.ROOT, "the signature by %s is no key revocation "
                        + "(type 0x%02x): only bare key revocations are imported without their key", issuer(s),
                        s.getSignatureType()));
            }
            Certificate target = null;
            for (Certificate c : held) {
                if (revokes(s, c, held)) {
                    target = c;
                    break;
                }
            }
            if (target == null) {
                throw new KeyFormatException("the revocation by " + issuer(s) + " revokes no key this store holds: "
                        + "import the key's certificate first (or check that the revocation is for this store's key)");
            }
            OpenPGPCertificate bc = Bc.of(target);
            PGPPublicKey primary = PGPPublicKey.addCertification(bc.getPrimaryKey().getPGPPublicKey(), s);
            try {
                out.add(Certificate.parse(PGPPublicKeyRing.insertPublicKey(bc.getPGPPublicKeyRing(), primary)
                        .getEncoded()));
            } catch (IOException e) {
                throw new KeyFormatException("cannot attach the revocation to " + target + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Whether {@code s} verifies as a revocation of {@code target} by itself or by a revoker among {@code held}. */
    private static boolean revokes(PGPSignature s, Certificate target, Collection<Certificate> held) {
        PGPPublicKey key = Bc.of(target).getPrimaryKey().getPGPPublicKey();
        List<PGPPublicKey> issuers = new ArrayList<>();
        issuers.add(key);
        for (Certificate c : held) {
            if (!c.equals(target)) {
                issuers.add(Bc.of(c).getPrimaryKey().getPGPPublicKey());
            }
        }
        for (PGPPublicKey issuer : issuers) {
            boolean named = s.getKeyIdentifiers().stream().anyMatch(id -> id.getKeyId() == issuer.getKeyID());
            if (!named) {
                continue;
            }
            try {
                s.init(new BcPGPContentVerifierBuilderProvider(), issuer);
                if (s.verifyCertification(key)) {
                    return true;
                }
            } catch (PGPException | RuntimeException e) {
                // not this key's revocation; the next candidate may be it
            }
        }
        return false;
    }

    private static List<PGPSignature> parse(byte[] data) {
        List<PGPSignature> out = new ArrayList<>();
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(rearm(data)))) {
            BcPGPObjectFactory factory = new BcPGPObjectFactory(in);
            Object o;
            while ((o = factory.nextObject()) != null) {
                if (o instanceof PGPSignatureList list) {
                    list.forEach(out::add);
                } else if (!(o instanceof PGPMarker)) {
                    throw new KeyFormatException("not a revocation certificate: found " + o.getClass().getSimpleName());
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof KeyFormatException k) {
                throw k;
            }
            throw new KeyFormatException("not a revocation certificate: " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new KeyFormatException("not a revocation certificate: no signature found");
        }
        return out;
    }

    private static String issuer(PGPSignature s) {
        for (KeyIdentifier id : s.getKeyIdentifiers()) {
            if (id.getFingerprint() != null) {
                return "key " + Hex.toHexString(id.getFingerprint()).toUpperCase(Locale.ROOT);
            }
        }
        return s.getKeyIdentifiers().isEmpty() ? "an unnamed key"
                : String.format(Locale.ROOT, "key id %016X", s.getKeyIdentifiers().get(0).getKeyId());
    }
}
