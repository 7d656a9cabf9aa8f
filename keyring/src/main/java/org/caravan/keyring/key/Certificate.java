package org.caravan.keyring.key;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.bcpg.PacketTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.util.encoders.Hex;

/**
 * An OpenPGP certificate (public key with its user ids, bindings and third-party signatures).
 * Immutable; wraps Bouncy Castle's OpenPGPCertificate without exposing it. Other keyring packages
 * reach the OpenPGP packets through {@link #encoded()}, so no Bouncy Castle type crosses a public
 * signature. Two certificates are equal when their encoded packets are equal.
 */
public final class Certificate {
    private final OpenPGPCertificate bc;
    private final byte[] encoded;
    private final Fingerprint fingerprint;
    private final String userId;

    Certificate(OpenPGPCertificate bc) {
        if (bc.isSecretKey()) {
            throw new IllegalArgumentException("a certificate must not hold secret key material");
        }
        int version = bc.getPrimaryKey().getPGPPublicKey().getVersion();
        if (version != 4 && version != 3) {
            // v3 keys load so that the crypto policy can refuse them by name; v5/v6 are not supported at all.
            throw new KeyFormatException("OpenPGP v" + version + " keys are not supported (key "
                    + Hex.toHexString(bc.getFingerprint()).toUpperCase(java.util.Locale.ROOT)
                    + "); use a v4 key, e.g. gpg --quick-gen-key 'NAME <EMAIL>' ed25519");
        }
        this.bc = bc;
        this.fingerprint = new Fingerprint(Hex.toHexString(bc.getFingerprint()));
        try {
            this.encoded = bc.getEncoded();
        } catch (IOException e) {
            throw new KeyFormatException("cannot encode certificate " + fingerprint, e);
        }
        this.userId = primaryUserId(bc, fingerprint);
    }

    private static String primaryUserId(OpenPGPCertificate bc, Fingerprint fingerprint) {
        OpenPGPCertificate.OpenPGPUserId primary = null;
        try {
            primary = bc.getPrimaryUserId(new java.util.Date(bc.getPrimaryKey().getCreationTime().getTime()));
        } catch (RuntimeException ignored) {
            // fall back to the first user id below
        }
        if (primary == null) {
            primary = bc.getAllUserIds().isEmpty() ? null : bc.getAllUserIds().get(0);
        }
        if (primary == null) {
            throw new KeyFormatException("certificate " + fingerprint + " has no user id");
        }
        return primary.getUserId();
    }

    /** Parses one armored or binary certificate. A secret key is refused. */
    public static Certificate parse(byte[] data) {
        List<Certificate> all = parseAll(data);
        if (all.size() != 1) {
            throw new KeyFormatException("expected one OpenPGP certificate but found " + all.size()
                    + (all.isEmpty() ? "" : " (" + all.stream().map(c -> c.fingerprint().hex()).toList() + ")"));
        }
        return all.get(0);
    }

    /** Parses a keyring file holding any number of armored or binary certificates. */
    public static List<Certificate> parseAll(byte[] data) {
        if (data == null || data.length == 0) {
            throw new KeyFormatException("no OpenPGP certificate data (empty input)");
        }
        List<OpenPGPCertificate> parsed;
        try {
            checkFirstPacket(data);
            parsed = Pgp.reader().parseKeysOrCertificates(data);
        } catch (IOException | RuntimeException e) {
            if (e instanceof KeyFormatException k) {
                throw k;
            }
            throw new KeyFormatException("not an OpenPGP certificate: " + describe(e), e);
        }
        if (parsed.isEmpty()) {
            throw new KeyFormatException("not an OpenPGP certificate: no public key packet found");
        }
        List<Certificate> out = new ArrayList<>(parsed.size());
        for (OpenPGPCertificate c : parsed) {
            if (c.isSecretKey()) {
                throw new KeyFormatException("refusing a secret key where a certificate was expected (key "
                        + Hex.toHexString(c.getFingerprint()).toUpperCase(java.util.Locale.ROOT)
                        + "); export only the public part");
            }
            try {
                out.add(new Certificate(c));
            } catch (KeyFormatException e) {
                throw e;
            } catch (RuntimeException e) {
                // Bouncy Castle parses leniently and fails later, e.g. re-encoding a key packet cut short
                // ("key 0 must be a master key"): still bad input, not a bug of the caller.
                throw new KeyFormatException("not a valid OpenPGP certificate (key "
                        + Hex.toHexString(c.getFingerprint()).toUpperCase(java.util.Locale.ROOT) + "): " + describe(e), e);
            }
        }
        return List.copyOf(out);
    }

    /** Reads one certificate from a file; errors name the file. */
    public static Certificate read(Path file) throws IOException {
        try {
            return parse(Files.readAllBytes(file));
        } catch (KeyFormatException e) {
            throw new KeyFormatException(file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a keyring file of any number of certificates; errors name the file. */
    public static List<Certificate> readAll(Path file) throws IOException {
        try {
            return parseAll(Files.readAllBytes(file));
        } catch (KeyFormatException e) {
            throw new KeyFormatException(file + ": " + e.getMessage(), e);
        }
    }

    /** ASCII-armors any number of certificates into one keyring text, one block each. */
    public static String armoredKeyring(List<Certificate> certificates) {
        StringBuilder b = new StringBuilder();
        for (Certificate c : certificates) {
            b.append(c.armored());
        }
        return b.toString();
    }

    private static void checkFirstPacket(byte[] data) throws IOException {
        byte[] binary;
        try {
            binary = Pgp.dearmor(data);
        } catch (IOException | RuntimeException e) {
            throw new KeyFormatException("not an OpenPGP certificate: unreadable armor (" + describe(e) + ")", e);
        }
        int tag = Pgp.firstPacketTag(binary);
        if (tag == -1) {
            throw new KeyFormatException("not an OpenPGP certificate: the data does not start with an OpenPGP packet");
        }
        if (tag == PacketTags.SIGNATURE) {
            throw new KeyFormatException("not an OpenPGP certificate: the data is a signature");
        }
        if (tag != PacketTags.PUBLIC_KEY && tag != PacketTags.SECRET_KEY) {
            throw new KeyFormatException("not an OpenPGP certificate: first packet has tag " + tag
                    + ", expected a public key (6)");
        }
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** ASCII-armored form, with every signature this certificate carries. */
    public String armored() {
        try {
            return bc.toAsciiArmoredString();
        } catch (IOException e) {
            throw new KeyFormatException("cannot armor certificate " + fingerprint, e);
        }
    }

    /** The binary OpenPGP packets (transferable public key), for keyring internals and storage. */
    public byte[] encoded() {
        return encoded.clone();
    }

    public Fingerprint fingerprint() {
        return fingerprint;
    }

    /** The primary user id, e.g. {@code Alice <alice@example.org>}. */
    public String userId() {
        return userId;
    }

    public Instant creationTime() {
        return bc.getPrimaryKey().getCreationTime().toInstant();
    }

    /** When the primary key expires according to its newest self-signature, or null if never. */
    public Instant expirationTime() {
        // Self-signatures are verified lazily by Bouncy Castle, with state kept in them: one thread at a time
        // per certificate (see KeyComponents#may).
        synchronized (bc) {
            return expirationTimeUnlocked();
        }
    }

    private Instant expirationTimeUnlocked() {
        // Read from the newest self-signature, not at the wall clock: an expired key still has an expiry.
        java.util.Date created = bc.getPrimaryKey().getCreationTime();
        java.util.Date last = bc.getLastModificationDate();
        OpenPGPCertificate.OpenPGPComponentSignature newest = null;
        for (java.util.Date at : new java.util.Date[] {last, created}) {
            if (newest == null && at != null) {
                newest = bc.getPrimaryKey().getLatestSelfSignature(at);
            }
        }
        java.util.Date d = newest == null ? null : newest.getKeyExpirationTime();
        return d == null ? null : d.toInstant();
    }

    /**
     * The 32-byte raw Ed25519 public key of the primary key (RFC 8032 encoding), as used by
     * BEP 44 / BEP 46 channels. Throws {@link KeyFormatException} if the primary key is not Ed25519.
     */
    public byte[] ed25519PublicKey() {
        return Pgp.ed25519PublicKey(bc.getPrimaryKey().getPGPPublicKey(), fingerprint);
    }

    /**
     * This certificate with every packet of {@code other} (the same key) merged in: new user ids,
     * subkeys, certifications and revocations. Used to collect signatures from several sources.
     */
    public Certificate mergedWith(Certificate other) {
        if (!fingerprint.equals(other.fingerprint)) {
            throw new IllegalArgumentException("cannot merge certificate " + other.fingerprint + " into " + fingerprint);
        }
        try {
            // join() adds packets to the first certificate's key objects in place; work on fresh copies so
            // this immutable value (and anything sharing its decoded form) never changes.
            OpenPGPCertificate mine = Pgp.reader().parseCertificate(encoded);
            OpenPGPCertificate theirs = Pgp.reader().parseCertificate(other.encoded);
            return new Certificate(OpenPGPCertificate.join(mine, theirs));
        } catch (PGPException | IOException | RuntimeException e) {
            throw new KeyFormatException("cannot merge certificates of " + fingerprint + ": " + describe(e), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Certificate c && Arrays.equals(encoded, c.encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return userId + " [" + fingerprint.hex() + "]";
    }
}
