package org.caravan.keyring.key;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.bcpg.ECPublicBCPGKey;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.S2K;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.api.OpenPGPCertificate.OpenPGPComponentKey;
import org.bouncycastle.openpgp.api.OpenPGPCertificate.OpenPGPComponentSignature;
import org.bouncycastle.openpgp.api.OpenPGPKey;
import org.bouncycastle.util.encoders.Hex;

/**
 * What a key file holds, as {@code gpg --show-keys} tells it: for each key its primary and subkeys (algorithm,
 * dates, usage, revocation, whether this file holds the secret), its user ids and its public certificate (for
 * the third-party certifications on it, which the trust package reads). Reading only: nothing is verified
 * against a store, and nothing is unlocked.
 */
public record KeyListing(Certificate certificate, boolean secretKey, Component primary, List<Component> subkeys,
        List<UserId> userIds) {
    public KeyListing {
        subkeys = List.copyOf(subkeys);
        userIds = List.copyOf(userIds);
    }

    /** Where this file keeps a component's secret. */
    public enum SecretPart {
        /** A certificate: no secret at all. */
        NONE("none"),
        /** The secret is in the file, unprotected. */
        PRESENT("present"),
        /** The secret is in the file, protected by a passphrase. */
        PROTECTED("protected"),
        /** A GnuPG stub: the secret is elsewhere (gpg --export-secret-subkeys). */
        STUB("gnupg-stub"),
        /** A GnuPG stub pointing to a smartcard. */
        CARD("on-card");

        private final String label;

        SecretPart(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * A revocation of a key or subkey: when, by whom (a fingerprint or key id), the OpenPGP reason code (0 none
     * or unspecified, 1 superseded, 2 compromised, 3 retired; -1 when no reason was given) and its text.
     */
    public record Revocation(Instant at, String by, int reasonCode, String comment) {}

    /**
     * One (sub)key. {@code algorithm} as gpg names it ({@code ed25519}, {@code cv25519}, {@code rsa3072},
     * {@code nistp256}); {@code usage} in gpg's letters, S sign, C certify, E encrypt, A authenticate.
     */
    public record Component(String fingerprint, String algorithm, Instant created, Instant expires, String usage,
            Revocation revocation, SecretPart secret) {}

    /** A user id; {@code revoked} by its own key. */
    public record UserId(String userId, boolean primary, boolean revoked) {}

    public Fingerprint fingerprint() {
        return certificate.fingerprint();
    }

    /** Every key in {@code data}: armored or binary, certificates or secret keys, one or many. */
    public static List<KeyListing> parse(byte[] data) {
        if (data == null || data.length == 0) {
            throw new KeyFormatException("no OpenPGP key data (empty file)");
        }
        List<OpenPGPCertificate> parsed;
        try {
            byte[] binary = Pgp.dearmor(data);
            int tag = Pgp.firstPacketTag(binary);
            if (tag != org.bouncycastle.bcpg.PacketTags.PUBLIC_KEY && tag != org.bouncycastle.bcpg.PacketTags.SECRET_KEY) {
                throw new KeyFormatException("not an OpenPGP key: " + (tag == -1
                        ? "the data does not start with an OpenPGP packet"
                        : tag == org.bouncycastle.bcpg.PacketTags.SIGNATURE ? "the data is a signature"
                                : "first packet has tag " + tag));
            }
            parsed = Pgp.reader().parseKeysOrCertificates(data);
        } catch (IOException | RuntimeException e) {
            if (e instanceof KeyFormatException k) {
                throw k;
            }
            throw new KeyFormatException("not an OpenPGP key: " + Certificate.describe(e), e);
        }
        if (parsed.isEmpty()) {
            throw new KeyFormatException("not an OpenPGP key: no key packet found");
        }
        Date now = new Date();
        List<KeyListing> out = new ArrayList<>();
        for (OpenPGPCertificate c : parsed) {
            OpenPGPKey key = c instanceof OpenPGPKey k && c.isSecretKey() ? k : null;
            Certificate cert = new Certificate(key == null ? c : key.toCertificate());
            List<Component> subs = new ArrayList<>();
            for (OpenPGPComponentKey s : c.getSubkeys().values()) {
                subs.add(component(s, key, now));
            }
            String primaryUid = cert.userId();
            List<UserId> uids = new ArrayList<>();
            for (OpenPGPCertificate.OpenPGPUserId u : c.getAllUserIds()) {
                uids.add(new UserId(u.getUserId(), u.getUserId().equals(primaryUid), u.getRevocation(now) != null));
            }
            out.add(new KeyListing(cert, key != null, component(c.getPrimaryKey(), key, now), subs, uids));
        }
        return List.copyOf(out);
    }

    private static Component component(OpenPGPComponentKey k, OpenPGPKey key, Date now) {
        OpenPGPComponentSignature self = k.getLatestSelfSignature(now);
        if (self == null) {
            self = k.getLatestSelfSignature(); // a key made "in the future" by a skewed clock
        }
        Date expires = self == null ? null : self.getKeyExpirationTime();
        OpenPGPComponentSignature rev = k.getRevocation(now);
        return new Component(hex(k.getPGPPublicKey().getFingerprint()), algorithm(k), k.getCreationTime().toInstant(),
                expires == null ? null : expires.toInstant(), usage(k, self), rev == null ? null : revocation(rev),
                secret(k, key));
    }

    private static Revocation revocation(OpenPGPComponentSignature rev) {
        PGPSignature s = rev.getSignature();
        org.bouncycastle.bcpg.sig.RevocationReason r = s.getHashedSubPackets() == null ? null
                : s.getHashedSubPackets().getRevocationReason();
        String by = "unknown";
        for (org.bouncycastle.bcpg.KeyIdentifier id : s.getKeyIdentifiers()) {
            by = id.getFingerprint() != null ? hex(id.getFingerprint()) : String.format(Locale.ROOT, "%016X", id.getKeyId());
            break;
        }
        return new Revocation(s.getCreationTime().toInstant(), by, r == null ? -1 : r.getRevocationReason() & 0xff,
                r == null ? "" : r.getRevocationDescription());
    }

    private static String usage(OpenPGPComponentKey k, OpenPGPComponentSignature self) {
        KeyFlags flags = self == null || self.getSignature().getHashedSubPackets() == null ? null
                : self.getSignature().getHashedSubPackets().getKeyFlags() == 0 ? null
                        : new KeyFlags(false, self.getSignature().getHashedSubPackets().getKeyFlags());
        int f;
        if (flags != null) {
            f = flags.getFlags();
        } else {
            // No key flags subpacket: what the algorithm can do, as GnuPG shows it.
            boolean signs = k.getPGPPublicKey().isMasterKey() || !k.getPGPPublicKey().isEncryptionKey();
            f = (k.getPGPPublicKey().isEncryptionKey() ? KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE : 0)
                    | (signs && canSign(k.getAlgorithm()) ? KeyFlags.SIGN_DATA | (k.isPrimaryKey() ? KeyFlags.CERTIFY_OTHER : 0) : 0);
        }
        StringBuilder b = new StringBuilder();
        if ((f & KeyFlags.SIGN_DATA) != 0) {
            b.append('S');
        }
        if ((f & KeyFlags.CERTIFY_OTHER) != 0) {
            b.append('C');
        }
        if ((f & (KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE)) != 0) {
            b.append('E');
        }
        if ((f & KeyFlags.AUTHENTICATION) != 0) {
            b.append('A');
        }
        return b.toString();
    }

    private static boolean canSign(int alg) {
        return switch (alg) {
            case PublicKeyAlgorithmTags.ECDH, PublicKeyAlgorithmTags.X25519, PublicKeyAlgorithmTags.X448,
                    PublicKeyAlgorithmTags.ELGAMAL_ENCRYPT, PublicKeyAlgorithmTags.RSA_ENCRYPT -> false;
            default -> true;
        };
    }

    private static SecretPart secret(OpenPGPComponentKey k, OpenPGPKey key) {
        if (key == null) {
            return SecretPart.NONE;
        }
        OpenPGPKey.OpenPGPSecretKey s = key.getSecretKey(k);
        if (s == null) {
            return SecretPart.STUB;
        }
        if (SecretKey.isStub(s)) {
            S2K s2k = s.getPGPSecretKey().getS2K();
            return s2k != null && s2k.getProtectionMode() == S2K.GNU_PROTECTION_MODE_DIVERT_TO_CARD ? SecretPart.CARD
                    : SecretPart.STUB;
        }
        return s.isLocked() ? SecretPart.PROTECTED : SecretPart.PRESENT;
    }

    /** The algorithm as gpg names it in --show-keys. */
    private static String algorithm(OpenPGPComponentKey k) {
        var pub = k.getPGPPublicKey();
        if (pub.getPublicKeyPacket().getKey() instanceof ECPublicBCPGKey ec) {
            String oid = ec.getCurveOID().getId();
            return switch (oid) {
                case "1.3.6.1.4.1.11591.15.1" -> "ed25519";
                case "1.3.6.1.4.1.3029.1.5.1" -> "cv25519";
                case "1.2.840.10045.3.1.7" -> "nistp256";
                case "1.3.132.0.34" -> "nistp384";
                case "1.3.132.0.35" -> "nistp521";
                case "1.3.101.112" -> "ed25519";
                case "1.3.101.113" -> "ed448";
                case "1.3.101.110" -> "cv25519";
                case "1.3.101.111" -> "cv448";
                default -> {
                    String name = ECNamedCurveTable.getName(ec.getCurveOID());
                    yield name == null ? "curve-" + oid : name.replace("brainpoolP", "brainpoolP");
                }
            };
        }
        return switch (pub.getAlgorithm()) {
            case PublicKeyAlgorithmTags.RSA_GENERAL, PublicKeyAlgorithmTags.RSA_SIGN, PublicKeyAlgorithmTags.RSA_ENCRYPT ->
                    "rsa" + pub.getBitStrength();
            case PublicKeyAlgorithmTags.DSA -> "dsa" + pub.getBitStrength();
            case PublicKeyAlgorithmTags.ELGAMAL_ENCRYPT, PublicKeyAlgorithmTags.ELGAMAL_GENERAL -> "elg" + pub.getBitStrength();
            case PublicKeyAlgorithmTags.Ed25519 -> "ed25519";
            case PublicKeyAlgorithmTags.Ed448 -> "ed448";
            case PublicKeyAlgorithmTags.X25519 -> "cv25519";
            case PublicKeyAlgorithmTags.X448 -> "cv448";
            default -> "algorithm-" + pub.getAlgorithm();
        };
    }

    private static String hex(byte[] fp) {
        return Hex.toHexString(fp).toUpperCase(Locale.ROOT);
    }
}
