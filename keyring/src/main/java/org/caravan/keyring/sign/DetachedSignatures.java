package org.caravan.keyring.sign;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.KeyIdentifier;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.util.encoders.Hex;
import org.caravan.keyring.key.Bc;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.CriticalSubpackets;
import org.caravan.keyring.key.Fingerprint;
import org.caravan.keyring.key.KeyComponents;
import org.caravan.keyring.key.KeyFormatException;
import org.caravan.keyring.key.SecretKey;

/**
 * Standard OpenPGP detached signatures (binary document, SHA-256+), compatible with gpg --verify.
 *
 * <p>Data is hashed with the JDK's MessageDigest: its SHA-256 uses the CPU's SHA instructions and is about
 * five times faster than Bouncy Castle's own digest on package-sized files; Ed25519 itself is checked by
 * Bouncy Castle, several times faster than the JDK's (see FINDINGS). Weak hashes are refused before any
 * key is looked at.
 */
public final class DetachedSignatures {
    private static final int BUFFER = 1 << 16;
    /**
     * Bouncy Castle signs Ed25519 (not registered globally); the JDK's own provider hashes. Made on the first
     * signature only: registering its hundreds of algorithms costs a command that only verifies ~0.1 s at start.
     */
    private static final class SigningProvider {
        static final java.security.Provider BC = new BouncyCastleProvider();
    }
    private static final java.security.Provider JDK_DIGESTS = java.security.Security.getProvider("SUN");

    private DetachedSignatures() {}

    /** Signs the file's bytes; returns an ASCII-armored detached signature dated {@code signedAt}. */
    public static String sign(SecretKey key, Path file, Instant signedAt) throws IOException {
        PGPSignatureGenerator generator = generator(key, signedAt);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[BUFFER];
            for (int n; (n = in.read(buf)) > 0; ) {
                generator.update(buf, 0, n);
            }
        }
        return finish(generator, key);
    }

    public static String sign(SecretKey key, byte[] data, Instant signedAt) {
        PGPSignatureGenerator generator = generator(key, signedAt);
        generator.update(data);
        return finish(generator, key);
    }

    private static PGPSignatureGenerator generator(SecretKey key, Instant signedAt) {
        if (signedAt == null) {
            throw new IllegalArgumentException("signature time for key " + key.fingerprint() + " is missing");
        }
        // The (sub)key that may sign data, as gpg picks it; refused here, with the fix, if there is none.
        Bc.Signer signer = Bc.dataSigner(key, signedAt, HashAlgorithmTags.SHA256);
        try {
            PGPPrivateKey priv = signer.privateKey();
            PGPPublicKey pub = signer.publicKey();
            PGPSignatureGenerator generator = new PGPSignatureGenerator(
                    new JcaPGPContentSignerBuilder(pub.getAlgorithm(), signer.hashAlgorithm())
                            .setProvider(SigningProvider.BC)
                            .setDigestProvider(JDK_DIGESTS), pub);
            generator.init(PGPSignature.BINARY_DOCUMENT, priv);
            PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
            hashed.setSignatureCreationTime(true, Date.from(Instant.ofEpochSecond(signedAt.getEpochSecond())));
            hashed.setIssuerFingerprint(false, pub);
            generator.setHashedSubpackets(hashed.generate());
            PGPSignatureSubpacketGenerator unhashed = new PGPSignatureSubpacketGenerator();
            // Old verifiers look only at the 8-byte issuer key id.
            unhashed.setIssuerKeyID(false, pub.getKeyID());
            generator.setUnhashedSubpackets(unhashed.generate());
            return generator;
        } catch (PGPException e) {
            throw new IllegalStateException("cannot sign with key " + key.fingerprint() + ": " + e.getMessage(), e);
        }
    }

    private static String finish(PGPSignatureGenerator generator, SecretKey key) {
        try {
            PGPSignature signature = generator.generate();
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (ArmoredOutputStream armor = ArmoredOutputStream.builder().clearHeaders().build(bytes)) {
                signature.encode(armor);
            }
            return bytes.toString(StandardCharsets.US_ASCII);
        } catch (PGPException | IOException e) {
            throw new IllegalStateException("cannot sign with key " + key.fingerprint() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks every signature in {@code armoredSignature} (a file may hold several) over the file
     * against {@code candidates}; one result per signature packet. Empty signature data gives an
     * empty list; data that is not an OpenPGP signature gives one {@link SignatureCheck.Invalid}.
     */
    public static List<SignatureCheck> verify(Path file, byte[] armoredSignature, Collection<Certificate> candidates)
            throws IOException {
        return verify(file, armoredSignature, candidates, done -> { });
    }

    /**
     * As {@link #verify(Path, byte[], Collection)}, telling {@code bytesRead} how many bytes of the file were read
     * so far after each block (for a progress bar on a big file); not called when no signature needs the file.
     */
    public static List<SignatureCheck> verify(Path file, byte[] armoredSignature, Collection<Certificate> candidates,
            java.util.function.LongConsumer bytesRead) throws IOException {
        Prepared prepared = prepare(armoredSignature, candidates);
        if (!prepared.live.isEmpty()) {
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buf = new byte[BUFFER];
                long done = 0;
                for (int n; (n = in.read(buf)) > 0; ) {
                    for (PGPSignature s : prepared.live.keySet()) {
                        s.update(buf, 0, n);
                    }
                    done += n;
                    bytesRead.accept(done);
                }
            }
        }
        return prepared.finish();
    }

    /**
     * As {@link #verify(Path, byte[], Collection)}, for a caller that has just read the whole file through
     * {@code fileDigest} (for the SHA-256 a catalog lists, say), so that one pass over the file serves both.
     * {@code fileDigest} must hold the state after every byte of the file, not finished; it is left as it is.
     * Each v4 binary-document Ed25519 signature over the digest's hash algorithm continues a clone of that state
     * with its own trailer, without reading the file; any other signature (another hash, a text or v6
     * signature, an RSA or ECDSA key) reads the file itself. The results are those of
     * {@code verify(file, armoredSignature, candidates)} as long as the state really is of the file's bytes.
     */
    public static List<SignatureCheck> verify(Path file, MessageDigest fileDigest, byte[] armoredSignature,
            Collection<Certificate> candidates) throws IOException {
        return verify(file.toString(), () -> Files.newInputStream(file), fileDigest, armoredSignature, candidates);
    }

    /** Where signed data is read again from, when a signature cannot continue the digest state. */
    @FunctionalInterface
    public interface DataSource {
        InputStream open() throws IOException;
    }

    /**
     * As {@link #verify(Path, MessageDigest, byte[], Collection)} for data that is not a plain file (a sealed
     * package read through its decryption, say): {@code data} gives the same bytes again, from the start, for the
     * signatures that need them; {@code what} names the data.
     */
    public static List<SignatureCheck> verify(String what, DataSource data, MessageDigest fileDigest,
            byte[] armoredSignature, Collection<Certificate> candidates) throws IOException {
        if (fileDigest == null) {
            throw new IllegalArgumentException("the digest state of " + what + " is missing (null)");
        }
        Prepared prepared = prepare(armoredSignature, candidates, new FastVerifiers(fileDigest));
        if (!prepared.needData.isEmpty()) {
            try (InputStream in = data.open()) {
                byte[] buf = new byte[BUFFER];
                for (int n; (n = in.read(buf)) > 0; ) {
                    for (PGPSignature s : prepared.needData) {
                        s.update(buf, 0, n);
                    }
                }
            }
        }
        return prepared.finish();
    }

    public static List<SignatureCheck> verify(byte[] data, byte[] armoredSignature, Collection<Certificate> candidates) {
        Prepared prepared = prepare(armoredSignature, candidates);
        for (PGPSignature s : prepared.live.keySet()) {
            s.update(data);
        }
        return prepared.finish();
    }

    /**
     * Joins several armored detached signatures into ONE armored block holding all their signature packets,
     * as {@code gpg --detach-sign -u A -u B} writes it (what several roots' signatures over one catalog look
     * like; {@link #verify} reads each packet).
     */
    public static String combine(List<String> armoredSignatures) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try {
            try (ArmoredOutputStream armor = ArmoredOutputStream.builder().clearHeaders().build(bytes)) {
                for (String a : armoredSignatures) {
                    for (PGPSignature s : parseSignatures(a.getBytes(StandardCharsets.US_ASCII))) {
                        s.encode(armor);
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot armor signatures: " + e.getMessage(), e);
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    /** Signatures in file order; those that can still be valid are initialised and wait for the data. */
    private static final class Prepared {
        final List<Object> slots = new ArrayList<>(); // a SignatureCheck decided early, or a PGPSignature
        final Map<PGPSignature, Fingerprint> live = new java.util.IdentityHashMap<>();
        /** The live signatures that still need the data (all of them unless a digest state was given). */
        final List<PGPSignature> needData = new ArrayList<>();

        List<SignatureCheck> finish() {
            List<SignatureCheck> out = new ArrayList<>(slots.size());
            for (Object slot : slots) {
                if (slot instanceof SignatureCheck check) {
                    out.add(check);
                    continue;
                }
                PGPSignature s = (PGPSignature) slot;
                try {
                    out.add(s.verify()
                            ? new SignatureCheck.Valid(live.get(s), s.getCreationTime().toInstant())
                            : new SignatureCheck.Invalid("signature does not match the data (issuer " + issuer(s) + ")"));
                } catch (PGPException | RuntimeException e) {
                    out.add(new SignatureCheck.Invalid("signature does not match the data (issuer " + issuer(s) + ": "
                            + e.getMessage() + ")"));
                }
            }
            return List.copyOf(out);
        }
    }

    private static Prepared prepare(byte[] armoredSignature, Collection<Certificate> candidates) {
        return prepare(armoredSignature, candidates, null);
    }

    /** {@code continuing}: verifiers that start from the caller's digest of the data, or null. */
    private static Prepared prepare(byte[] armoredSignature, Collection<Certificate> candidates,
            FastVerifiers continuing) {
        Prepared prepared = new Prepared();
        List<PGPSignature> signatures;
        try {
            signatures = parseSignatures(armoredSignature);
        } catch (KeyFormatException e) {
            prepared.slots.add(new SignatureCheck.Invalid(e.getMessage()));
            return prepared;
        }
        // A key id is not an identity: a v3 key's is the low 64 bits of its modulus, which anyone can choose, so
        // several certificates may share one; every one is kept and the signature picks its own (issuerKey).
        Map<Long, List<OpenPGPCertificate.OpenPGPComponentKey>> byKeyId = new HashMap<>();
        for (Certificate c : candidates) {
            OpenPGPCertificate cert = Bc.of(c);
            for (OpenPGPCertificate.OpenPGPComponentKey k : cert.getKeys()) {
                List<OpenPGPCertificate.OpenPGPComponentKey> same =
                        byKeyId.computeIfAbsent(k.getPGPPublicKey().getKeyID(), x -> new ArrayList<>(1));
                if (same.stream().noneMatch(o -> java.util.Arrays.equals(o.getPGPPublicKey().getFingerprint(),
                        k.getPGPPublicKey().getFingerprint()))) {
                    same.add(k);
                }
            }
        }
        FastVerifiers verifiers = new FastVerifiers();
        for (PGPSignature s : signatures) {
            prepared.slots.add(check(s, byKeyId, verifiers, continuing, prepared));
        }
        return prepared;
    }

    private static Object check(PGPSignature s, Map<Long, List<OpenPGPCertificate.OpenPGPComponentKey>> byKeyId,
            FastVerifiers verifiers, FastVerifiers continuing, Prepared prepared) {
        String weak = weakHash(s.getHashAlgorithm());
        if (weak != null) {
            return new SignatureCheck.Invalid(weak + " signatures are refused (issuer " + issuer(s) + ")");
        }
        if (s.getSignatureType() != PGPSignature.BINARY_DOCUMENT && s.getSignatureType() != PGPSignature.CANONICAL_TEXT_DOCUMENT) {
            return new SignatureCheck.Invalid(String.format(Locale.ROOT,
                    "not a document signature (type 0x%02x, issuer %s)", s.getSignatureType(), issuer(s)));
        }
        if (s.getCreationTime() == null) {
            return new SignatureCheck.Invalid("signature has no creation time (issuer " + issuer(s) + ")");
        }
        List<OpenPGPCertificate.OpenPGPComponentKey> keys = issuerKeys(s, byKeyId);
        if (keys.isEmpty()) {
            return new SignatureCheck.Invalid("no certificate for issuer " + issuer(s));
        }
        if (keys.size() > 1) {
            return new SignatureCheck.Invalid("issuer key id " + issuer(s) + " is shared by the certificates "
                    + keys.stream().map(k -> Hex.toHexString(k.getCertificate().getFingerprint()).toUpperCase(Locale.ROOT))
                            .toList()
                    + " and the signature does not name its issuer's fingerprint; sign again with a current tool "
                    + "(gpg 2.2+, sq, Caravan), which does");
        }
        OpenPGPCertificate.OpenPGPComponentKey key = keys.get(0);
        OpenPGPCertificate cert = key.getCertificate();
        Fingerprint signer = new Fingerprint(Hex.toHexString(cert.getFingerprint()));
        if (!key.isPrimaryKey() && !KeyComponents.may(key, KeyComponents.Job.SIGN_DATA, s.getCreationTime())) {
            // A subkey only speaks for its primary while a verified binding says it may sign.
            return new SignatureCheck.Invalid("subkey " + Hex.toHexString(key.getPGPPublicKey().getFingerprint())
                    .toUpperCase(Locale.ROOT) + " of " + signer + " was not a bound signing key at the signature time");
        }
        if (key.isPrimaryKey() && !KeyComponents.may(key, KeyComponents.Job.SIGN_DATA, s.getCreationTime())) {
            // A certify-only primary (sq's default, gpg's "cert") signs keys, not data: gpg says "Wrong key usage".
            return new SignatureCheck.Invalid("key " + signer + " is not signing capable (its key flags at "
                    + s.getCreationTime().toInstant() + " do not allow signing data); sign with its signing subkey, "
                    + "or add one: gpg --quick-add-key " + signer.hex() + " ed25519 sign");
        }
        String critical = CriticalSubpackets.unknownCritical(s);
        if (critical != null) {
            return new SignatureCheck.Invalid("signature by " + signer + " " + critical + "; it must be made again without it");
        }
        String unsupported = KeyComponents.unsupported(key.getPGPPublicKey());
        if (unsupported != null) {
            return new SignatureCheck.Invalid("key " + signer + " " + unsupported + " (its signatures cannot be checked); "
                    + "sign with an ed25519, nistp256/384/521 or RSA (2048+) key");
        }
        // Only a v4 binary signature hashes exactly the document's bytes before its trailer (v6 puts a salt first,
        // a text signature canonicalises line ends), so only such a one can continue the caller's digest.
        boolean fromState = continuing != null && s.getVersion() == 4 && s.getSignatureType() == PGPSignature.BINARY_DOCUMENT
                && continuing.continues(s.getKeyAlgorithm(), s.getHashAlgorithm());
        try {
            s.init(fromState ? continuing : verifiers, key.getPGPPublicKey());
        } catch (PGPException | RuntimeException e) {
            return new SignatureCheck.Invalid("cannot check signature by " + signer + ": " + e.getMessage());
        }
        prepared.live.put(s, signer);
        if (!fromState) {
            prepared.needData.add(s);
        }
        return s;
    }

    /**
     * The candidate keys that may have made the signature: the one its issuer fingerprint names if it names one,
     * else those with its issuer key id and its public-key algorithm (more than one only for a contrived
     * collision).
     */
    private static List<OpenPGPCertificate.OpenPGPComponentKey> issuerKeys(PGPSignature s,
            Map<Long, List<OpenPGPCertificate.OpenPGPComponentKey>> byKeyId) {
        List<OpenPGPCertificate.OpenPGPComponentKey> byId = List.of();
        for (KeyIdentifier id : s.getKeyIdentifiers()) {
            List<OpenPGPCertificate.OpenPGPComponentKey> same = byKeyId.getOrDefault(id.getKeyId(), List.of());
            if (id.getFingerprint() != null) {
                for (OpenPGPCertificate.OpenPGPComponentKey k : same) {
                    if (java.util.Arrays.equals(id.getFingerprint(), k.getPGPPublicKey().getFingerprint())) {
                        return List.of(k);
                    }
                }
            } else if (byId.isEmpty()) {
                byId = same.stream().filter(k -> k.getPGPPublicKey().getAlgorithm() == s.getKeyAlgorithm()).toList();
            }
        }
        return byId;
    }

    private static String weakHash(int algorithm) {
        return switch (algorithm) {
            case HashAlgorithmTags.MD5 -> "MD5";
            case HashAlgorithmTags.SHA1 -> "SHA-1";
            case HashAlgorithmTags.RIPEMD160 -> "RIPEMD-160";
            case HashAlgorithmTags.MD2, HashAlgorithmTags.TIGER_192, HashAlgorithmTags.HAVAL_5_160 ->
                    "hash algorithm " + algorithm;
            default -> null;
        };
    }

    private static String issuer(PGPSignature s) {
        List<KeyIdentifier> ids = s.getKeyIdentifiers();
        for (KeyIdentifier id : ids) {
            if (id.getFingerprint() != null) {
                return Hex.toHexString(id.getFingerprint()).toUpperCase(Locale.ROOT);
            }
        }
        return ids.isEmpty() ? "unknown" : String.format(Locale.ROOT, "%016X", ids.get(0).getKeyId());
    }

    /** Every signature packet in armored or binary data, in order. */
    static List<PGPSignature> parseSignatures(byte[] data) {
        List<PGPSignature> out = new ArrayList<>();
        if (data == null || new String(data, StandardCharsets.ISO_8859_1).isBlank()) {
            return out;
        }
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(data))) {
            BcPGPObjectFactory factory = new BcPGPObjectFactory(in);
            Object o;
            while ((o = factory.nextObject()) != null) {
                if (o instanceof PGPSignatureList list) {
                    list.forEach(out::add);
                } else if (!(o instanceof PGPMarker)) {
                    throw new KeyFormatException("not a detached signature: found " + o.getClass().getSimpleName());
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof KeyFormatException k) {
                throw k;
            }
            throw new KeyFormatException("not an OpenPGP signature: " + (e.getMessage() == null ? e : e.getMessage()), e);
        }
        if (out.isEmpty()) {
            throw new KeyFormatException("not an OpenPGP signature: no signature packet found");
        }
        return out;
    }

    /**
     * The issuer of each signature packet in {@code armoredSignature} (armored or binary), in order: its issuer
     * fingerprint in upper-case hex, else its 16-digit key id. Nothing is verified: for listings such as
     * {@code caravan package inspect}.
     *
     * @throws org.caravan.keyring.key.KeyFormatException when the data is not an OpenPGP signature
     */
    public static List<String> issuers(byte[] armoredSignature) {
        return parseSignatures(armoredSignature).stream().map(DetachedSignatures::issuer).toList();
    }
}
