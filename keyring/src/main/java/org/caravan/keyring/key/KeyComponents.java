package org.caravan.keyring.key;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.bcpg.BCPGKey;
import org.bouncycastle.bcpg.ECPublicBCPGKey;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.api.OpenPGPCertificate.OpenPGPComponentKey;
import org.bouncycastle.util.encoders.Hex;

/**
 * Which component of a key may do a job (sign data, certify other keys) at a time, for signing and for
 * verifying alike, and which keys Caravan can use at all. One place, so that what Caravan signs with and
 * what it accepts never drift apart. Inside keyring only (Bouncy Castle types).
 *
 * <p>Usage follows the key flags of the component's newest self-signature at the time (RFC 9580 5.2.3.29),
 * as GnuPG and Sequoia read them: a certify-only primary does not sign data, a signing-only subkey does not
 * certify. A primary whose self-signature carries no key flags at all (keys made before the subpacket
 * existed) may do what its algorithm can, as GnuPG allows.
 */
public final class KeyComponents {
    /** What a signature is for. */
    public enum Job {
        /** Binary or text document signatures: packages, catalogs, channel lists, root-set statements. */
        SIGN_DATA("sign data", KeyFlags.SIGN_DATA),
        /** Certifications and revocations of other keys. */
        CERTIFY("certify other keys", KeyFlags.CERTIFY_OTHER);

        final String text;
        final int flag;

        Job(String text, int flag) {
            this.text = text;
            this.flag = flag;
        }
    }

    /** Smallest RSA modulus Caravan signs with (the default crypto policy's, which verification applies). */
    static final int MINIMUM_RSA_BITS = 2048;

    /** Curves Bouncy Castle verifies: NIST P-256/384/521, Ed25519 (legacy OID), Curve25519, Ed448, X448. */
    private static final Set<String> SUPPORTED_CURVES = Set.of("1.2.840.10045.3.1.7", "1.3.132.0.34", "1.3.132.0.35",
            "1.3.6.1.4.1.11591.15.1", "1.3.6.1.4.1.3029.1.5.1", "1.3.101.112", "1.3.101.113", "1.3.101.110",
            "1.3.101.111");

    private KeyComponents() {}

    /**
     * Whether {@code key} may do {@code job} at {@code at} by its own flags (bound, not expired, not revoked).
     * Thread-safe: Bouncy Castle verifies a certificate's self-signatures lazily, on {@code PGPSignature} objects
     * that keep the verification's state, so two threads asking about one certificate at once (the trust web is
     * indexed in parallel, and an issuer is asked about from every key it certified) corrupted each other's digest
     * (an ArrayIndexOutOfBoundsException inside SHA-512, now and then). One certificate is asked one at a time.
     */
    public static boolean may(OpenPGPComponentKey key, Job job, Date at) {
        synchronized (key.getCertificate()) {
            return mayUnlocked(key, job, at);
        }
    }

    private static boolean mayUnlocked(OpenPGPComponentKey key, Job job, Date at) {
        if (key.isPrimaryKey()) {
            // Only the flags: whether the key was alive then (expired, revoked, not yet created) is the trust
            // engine's question, answered with its own rule. No flags subpacket: the algorithm decides (every
            // signing algorithm can do both).
            KeyFlags flags = key.getKeyFlags(at);
            return flags == null || (flags.getFlags() & job.flag) != 0;
        }
        return switch (job) {
            case SIGN_DATA -> key.isSigningKey(at);
            case CERTIFY -> key.isCertificationKey(at);
        };
    }

    /** Why Caravan cannot check signatures of {@code key} (unsupported curve or algorithm), or null. */
    public static String unsupported(PGPPublicKey key) {
        BCPGKey material = key.getPublicKeyPacket().getKey();
        if (material instanceof ECPublicBCPGKey ec) {
            ASN1ObjectIdentifier oid = ec.getCurveOID();
            if (!SUPPORTED_CURVES.contains(oid.getId())) {
                String name = ECNamedCurveTable.getName(oid);
                return "uses the curve " + (name == null ? oid.getId() : name + " (" + oid.getId() + ")")
                        + ", which Caravan (Bouncy Castle) cannot verify";
            }
            return null;
        }
        return switch (key.getAlgorithm()) {
            case PublicKeyAlgorithmTags.RSA_GENERAL, PublicKeyAlgorithmTags.RSA_SIGN, PublicKeyAlgorithmTags.DSA,
                    PublicKeyAlgorithmTags.Ed25519, PublicKeyAlgorithmTags.Ed448, PublicKeyAlgorithmTags.X25519,
                    PublicKeyAlgorithmTags.X448, PublicKeyAlgorithmTags.RSA_ENCRYPT, PublicKeyAlgorithmTags.ELGAMAL_ENCRYPT,
                    PublicKeyAlgorithmTags.ELGAMAL_GENERAL -> null;
            default -> "uses OpenPGP public-key algorithm " + key.getAlgorithm() + ", which Caravan cannot verify";
        };
    }

    /** Why Caravan refuses to sign with {@code key} (v3, RSA under 2048 bits), or null. */
    static String weak(PGPPublicKey key) {
        if (key.getVersion() <= 3) {
            return "is an OpenPGP v" + key.getVersion() + " key (PGP 2.x), which stores refuse";
        }
        int alg = key.getAlgorithm();
        boolean rsa = alg == PublicKeyAlgorithmTags.RSA_GENERAL || alg == PublicKeyAlgorithmTags.RSA_SIGN
                || alg == PublicKeyAlgorithmTags.RSA_ENCRYPT;
        if (rsa && key.getBitStrength() < MINIMUM_RSA_BITS) {
            return "is an RSA key of " + key.getBitStrength() + " bits; stores refuse RSA under " + MINIMUM_RSA_BITS
                    + " bits";
        }
        return null;
    }

    /**
     * The hash to sign with {@code key}: ECDSA over P-384 needs SHA-384 and P-521 SHA-512 (GnuPG refuses
     * a shorter hash than the curve), anything else keeps {@code usual}.
     */
    public static int hashFor(PGPPublicKey key, int usual) {
        if (key.getPublicKeyPacket().getKey() instanceof ECPublicBCPGKey ec
                && key.getAlgorithm() == PublicKeyAlgorithmTags.ECDSA) {
            String oid = ec.getCurveOID().getId();
            int needed = switch (oid) {
                case "1.3.132.0.34" -> HashAlgorithmTags.SHA384;
                case "1.3.132.0.35" -> HashAlgorithmTags.SHA512;
                default -> HashAlgorithmTags.SHA256;
            };
            return rank(usual) >= rank(needed) ? usual : needed;
        }
        return usual;
    }

    private static int rank(int hash) {
        return switch (hash) {
            case HashAlgorithmTags.SHA512, HashAlgorithmTags.SHA3_512 -> 512;
            case HashAlgorithmTags.SHA384 -> 384;
            case HashAlgorithmTags.SHA256, HashAlgorithmTags.SHA3_256 -> 256;
            case HashAlgorithmTags.SHA224 -> 224;
            default -> 160;
        };
    }

    /** The outcome of choosing a component for a job. */
    record Choice(OpenPGPComponentKey key, String refusal) {}

    /**
     * The component of {@code cert} to do {@code job} at {@code at}, as GnuPG picks it: for data, the newest
     * valid signing subkey, else the primary if it may sign; for certifications, the primary if it may
     * certify, else the newest certifying subkey. {@code held} says whether this file holds a component's
     * secret (false for a GnuPG stub); {@code null} for a certificate (only the public parts count).
     * A refusal is one line: the key, what is missing and the fix.
     */
    static Choice choose(OpenPGPCertificate cert, Job job, Date at, Predicate<OpenPGPComponentKey> held) {
        String fp = hex(cert.getFingerprint());
        OpenPGPComponentKey primary = cert.getPrimaryKey();
        String problem = keyProblem(cert, at);
        if (problem != null) {
            return new Choice(null, "key " + fp + " " + problem);
        }
        List<OpenPGPComponentKey> subkeys = new ArrayList<>(cert.getSubkeys().values());
        subkeys.sort(Comparator.comparing(OpenPGPComponentKey::getCreationTime).reversed());
        List<OpenPGPComponentKey> order = new ArrayList<>();
        if (job == Job.SIGN_DATA) {
            order.addAll(subkeys);
            order.add(primary);
        } else {
            order.add(primary);
            order.addAll(subkeys);
        }
        String skipped = null;
        for (OpenPGPComponentKey k : order) {
            if (!k.isPrimaryKey() && (!k.isBoundAt(at) || expired(k, at))) {
                continue;
            }
            if (!may(k, job, at)) {
                continue;
            }
            String why = unsupported(k.getPGPPublicKey());
            if (why == null) {
                why = weak(k.getPGPPublicKey());
            }
            if (why != null) {
                skipped = skipped != null ? skipped : "key " + fp + (k.isPrimaryKey() ? " " : ": its "
                        + job.text.split(" ")[0] + "ing subkey " + hex(k.getPGPPublicKey().getFingerprint()) + " ")
                        + why + "; make a new key: gpg --quick-gen-key 'NAME <EMAIL>' ed25519";
                continue;
            }
            if (held != null && !held.test(k)) {
                skipped = skipped != null ? skipped : stub(fp, k, job);
                continue;
            }
            return new Choice(k, null);
        }
        if (skipped != null) {
            return new Choice(null, skipped);
        }
        return new Choice(null, job == Job.SIGN_DATA
                ? "key " + fp + " is not signing capable: neither its primary key nor a valid subkey may sign data "
                        + "(key flags); add a signing subkey: gpg --quick-add-key " + fp + " ed25519 sign"
                : "key " + fp + " is not certification capable: neither its primary key nor a valid subkey may "
                        + "certify other keys (key flags); certify with a key whose primary can, e.g. one made by "
                        + "gpg --quick-gen-key 'NAME <EMAIL>' ed25519");
    }

    private static String stub(String fp, OpenPGPComponentKey k, Job job) {
        if (k.isPrimaryKey()) {
            return "the primary key of " + fp + " is not in this file (GnuPG stub: offline or on a smartcard); "
                    + (job == Job.CERTIFY ? "certify" : "sign") + " from the machine that holds it";
        }
        return "the " + (job == Job.CERTIFY ? "certifying" : "signing") + " subkey "
                + hex(k.getPGPPublicKey().getFingerprint()) + " of " + fp + " is not in this file (GnuPG stub: "
                + "offline or on a smartcard); use it from the machine that holds it";
    }

    /** Whole-key reasons not to sign with {@code cert} at {@code at}: not yet valid, revoked, expired, or null. */
    private static String keyProblem(OpenPGPCertificate cert, Date at) {
        OpenPGPComponentKey primary = cert.getPrimaryKey();
        if (primary.getCreationTime().after(at)) {
            return "was created at " + primary.getCreationTime().toInstant() + ", after the signature time "
                    + at.toInstant() + "; check the clock";
        }
        if (primary.getRevocation(at) != null) {
            return "is revoked (" + primary.getRevocation(at).getSignature().getCreationTime().toInstant()
                    + "); its owner withdrew it: use another key";
        }
        if (expired(primary, at)) {
            return "expired at " + primary.getKeyExpirationDateAt(at).toInstant() + "; extend it: gpg --quick-set-expire "
                    + hex(cert.getFingerprint()) + " 2y (then export it again)";
        }
        String weak = weak(primary.getPGPPublicKey());
        if (weak != null) {
            return weak + "; make a new key: gpg --quick-gen-key 'NAME <EMAIL>' ed25519";
        }
        return null;
    }

    private static boolean expired(OpenPGPComponentKey k, Date at) {
        Date expires = k.getKeyExpirationDateAt(at);
        return expires != null && !at.before(expires);
    }

    static String hex(byte[] fingerprint) {
        return Hex.toHexString(fingerprint).toUpperCase(Locale.ROOT);
    }
}
