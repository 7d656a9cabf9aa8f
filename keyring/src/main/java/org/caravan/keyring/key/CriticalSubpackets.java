package org.caravan.keyring.key;

import java.util.Set;
import org.bouncycastle.bcpg.SignatureSubpacket;
import org.bouncycastle.bcpg.SignatureSubpacketTags;
import org.bouncycastle.bcpg.sig.NotationData;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;

/**
 * RFC 9580 5.2.3.7 (RFC 4880 5.2.3.1): a signature carrying a critical subpacket, or a critical notation,
 * that the reader does not understand is invalid. Bouncy Castle parses such signatures and verifies them
 * without a word, so Caravan looks itself, for data signatures and certifications alike; gpg calls them BAD
 * and Sequoia's standard policy rejects them, and Caravan must not trust what they refuse.
 */
public final class CriticalSubpackets {
    /** Caravan's own notation (the certification's scope, see docs/trust-encoding.md): known when critical. */
    public static final String SCOPE_NOTATION = "scope@caravan.org";

    /**
     * Subpacket types whose meaning Caravan honours or that cannot widen what a signature says: times,
     * exportable and revocable flags, trust levels, key metadata of self-signatures, issuers, reasons,
     * signature targets and intended recipients. Regular Expression (6) is absent: a restriction Caravan's
     * scopes cannot express is refused, not ignored (see {@link #regex}).
     */
    private static final Set<Integer> KNOWN = Set.of(
            SignatureSubpacketTags.CREATION_TIME, SignatureSubpacketTags.EXPIRE_TIME, SignatureSubpacketTags.EXPORTABLE,
            SignatureSubpacketTags.TRUST_SIG, SignatureSubpacketTags.REVOCABLE, SignatureSubpacketTags.KEY_EXPIRE_TIME,
            SignatureSubpacketTags.PREFERRED_SYM_ALGS, SignatureSubpacketTags.REVOCATION_KEY, SignatureSubpacketTags.ISSUER_KEY_ID,
            SignatureSubpacketTags.NOTATION_DATA, SignatureSubpacketTags.PREFERRED_HASH_ALGS,
            SignatureSubpacketTags.PREFERRED_COMP_ALGS, SignatureSubpacketTags.KEY_SERVER_PREFS,
            SignatureSubpacketTags.PREFERRED_KEY_SERV, SignatureSubpacketTags.PRIMARY_USER_ID, SignatureSubpacketTags.POLICY_URL,
            SignatureSubpacketTags.KEY_FLAGS, SignatureSubpacketTags.SIGNER_USER_ID, SignatureSubpacketTags.REVOCATION_REASON,
            SignatureSubpacketTags.FEATURES, SignatureSubpacketTags.SIGNATURE_TARGET, SignatureSubpacketTags.EMBEDDED_SIGNATURE,
            SignatureSubpacketTags.ISSUER_FINGERPRINT, SignatureSubpacketTags.INTENDED_RECIPIENT_FINGERPRINT,
            SignatureSubpacketTags.PREFERRED_AEAD_ALGORITHMS);

    private CriticalSubpackets() {}

    /**
     * Why {@code s} is invalid for an unknown critical subpacket or notation (hashed area; the unhashed area
     * is not signed and read only for hints), or null.
     */
    public static String unknownCritical(PGPSignature s) {
        PGPSignatureSubpacketVector hashed = s.getHashedSubPackets();
        if (hashed == null) {
            return null;
        }
        for (SignatureSubpacket p : hashed.toArray()) {
            if (!p.isCritical()) {
                continue;
            }
            if (p.getType() == SignatureSubpacketTags.REG_EXP) {
                continue; // decided by the caller: it means something only on certifications
            }
            if (!KNOWN.contains(p.getType())) {
                return "carries a critical subpacket of unknown type " + p.getType()
                        + ", which makes it invalid (RFC 9580 5.2.3.7)";
            }
            if (p instanceof NotationData n && !SCOPE_NOTATION.equals(n.getNotationName())) {
                return "carries the critical notation '" + n.getNotationName()
                        + "', unknown to Caravan, which makes it invalid (RFC 9580 5.2.3.24)";
            }
        }
        return null;
    }

    /** The Regular Expression subpackets' texts of {@code s} (hashed area), critical or not; empty if none. */
    public static java.util.List<String> regex(PGPSignature s) {
        PGPSignatureSubpacketVector hashed = s.getHashedSubPackets();
        if (hashed == null) {
            return java.util.List.of();
        }
        java.util.List<String> out = new java.util.ArrayList<>();
        for (SignatureSubpacket p : hashed.getSubpackets(SignatureSubpacketTags.REG_EXP)) {
            byte[] d = p.getData();
            int n = d.length > 0 && d[d.length - 1] == 0 ? d.length - 1 : d.length; // NUL-terminated in RFC 4880
            out.add(new String(d, 0, n, java.nio.charset.StandardCharsets.UTF_8));
        }
        return out;
    }
}
