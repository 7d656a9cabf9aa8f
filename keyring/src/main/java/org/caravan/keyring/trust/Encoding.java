package org.caravan.keyring.trust;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.bcpg.KeyIdentifier;
import org.bouncycastle.bcpg.sig.NotationData;
import org.bouncycastle.bcpg.sig.TrustSignature;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.util.encoders.Hex;
import org.caravan.keyring.key.Fingerprint;

/**
 * How Caravan's level, scope, expiry and revocation reason sit in OpenPGP signature packets (see
 * docs/trust-encoding.md). Writing lives in {@link StoreAuthority}, reading here; both use these names.
 */
final class Encoding {
    /** Notation name of the scope; the value is the scope text, e.g. {@code app:org.example.editor}. */
    static final String SCOPE_NOTATION = "scope@caravan.org";
    /** Trust amount of every Caravan certification: 120 is "complete" trust in OpenPGP terms. */
    static final int TRUST_AMOUNT = 120;

    private Encoding() {}

    static boolean isCertification(int type) {
        return type >= PGPSignature.DEFAULT_CERTIFICATION && type <= PGPSignature.POSITIVE_CERTIFICATION;
    }

    static boolean isCertificationRevocation(int type) {
        return type == PGPSignature.CERTIFICATION_REVOCATION;
    }

    /** Every third-party certification and revocation on the key's user ids, decoded but not verified. */
    static List<Found> thirdPartySignatures(PGPPublicKey key) {
        List<Found> out = new ArrayList<>();
        for (Iterator<String> ids = key.getUserIDs(); ids.hasNext(); ) {
            String uid = ids.next();
            for (Iterator<PGPSignature> it = key.getSignaturesForID(uid); it.hasNext(); ) {
                PGPSignature s = it.next();
                if (!(isCertification(s.getSignatureType()) || isCertificationRevocation(s.getSignatureType()))) {
                    continue;
                }
                if (s.getKeyID() == key.getKeyID() || s.getCreationTime() == null) {
                    continue; // self-signatures belong to the key's own validity, not to the store's word
                }
                out.add(new Found(uid, s, decode(uid, s)));
            }
        }
        return out;
    }

    /** A signature packet with the user id it is bound to and its Caravan meaning. */
    record Found(String userId, PGPSignature signature, Certification meaning) {}

    static Certification decode(String uid, PGPSignature s) {
        PGPSignatureSubpacketVector hashed = s.getHashedSubPackets();
        Fingerprint issuer = issuerFingerprint(s);
        String keyId = String.format(Locale.ROOT, "%016X", issuerKeyId(s));
        Instant signedAt = s.getCreationTime().toInstant();
        if (isCertificationRevocation(s.getSignatureType())) {
            org.bouncycastle.bcpg.sig.RevocationReason r = hashed == null ? null : hashed.getRevocationReason();
            return r == null
                    ? new Certification.Revoked(issuer, keyId, uid, signedAt, RevocationReason.UNSPECIFIED, "", false)
                    : new Certification.Revoked(issuer, keyId, uid, signedAt,
                            RevocationReason.fromOpenPgpCode(r.getRevocationReason() & 0xff),
                            r.getRevocationDescription(), true);
        }
        Level level = null;
        Scope scope = null;
        Instant expires = null;
        if (hashed != null) {
            TrustSignature trust = hashed.getTrust();
            if (trust != null) {
                level = Level.ofRank(trust.getDepth());
            }
            for (NotationData n : hashed.getNotationDataOccurrences(SCOPE_NOTATION)) {
                try {
                    scope = Scope.parse(n.getNotationValue());
                } catch (IllegalArgumentException e) {
                    scope = null; // an unreadable scope grants nothing; the engine reports it as missing
                }
            }
            long seconds = hashed.getSignatureExpirationTime();
            if (seconds > 0) {
                expires = signedAt.plusSeconds(seconds);
            }
        }
        return new Certification.Granted(issuer, keyId, uid, signedAt, level, scope, expires);
    }

    /**
     * The SHA-256 (lower-case hex) of the signature packet's body: the packet without its header, so the name
     * does not change when a tool re-encodes the keyring with old- or new-format packet headers.
     */
    static String packetSha256(PGPSignature s) {
        byte[] enc;
        try {
            enc = s.getEncoded();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot encode a signature packet", e);
        }
        int header;
        int tag = enc[0] & 0xff;
        if ((tag & 0x40) != 0) { // new format: one to five length octets
            int first = enc[1] & 0xff;
            header = first < 192 ? 2 : first < 224 ? 3 : 6;
        } else { // old format: length type in the low two bits
            header = switch (tag & 0x03) {
                case 0 -> 2;
                case 1 -> 3;
                case 2 -> 5;
                default -> 1;
            };
        }
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(
                    java.util.Arrays.copyOfRange(enc, header, enc.length));
            return java.util.HexFormat.of().formatHex(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static long issuerKeyId(PGPSignature s) {
        for (KeyIdentifier id : s.getKeyIdentifiers()) {
            return id.getKeyId();
        }
        return s.getKeyID();
    }

    static Fingerprint issuerFingerprint(PGPSignature s) {
        for (KeyIdentifier id : s.getKeyIdentifiers()) {
            if (id.getFingerprint() != null && id.getFingerprint().length == 20) {
                return new Fingerprint(Hex.toHexString(id.getFingerprint()));
            }
        }
        return null;
    }
}
