package org.caravan.keyring.trust;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a root set signs, at a rotation, to keep the store's decisions: the number of certification and
 * revocation signature packets it endorses and the SHA-256 of their list ({@link #listBytes}). Each entry is
 * the SHA-256 of one signature packet's body ({@code TrustEngine#packetHash}); the list itself travels in the
 * catalog, where a client checks it against this digest. An endorsed packet counts as a decision of the root
 * set (as if k roots had made it) for as long as later rotations carry it forward.
 */
public record Endorsement(int count, String sha256) {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    /** A rotation that endorses nothing (every rotation made before endorsements existed). */
    public static final Endorsement NONE = of(List.of());

    public Endorsement {
        if (count < 0) {
            throw new IllegalArgumentException("an endorsement counts 0 or more signatures, not " + count);
        }
        if (sha256 == null || !HEX64.matcher(sha256).matches()) {
            throw new IllegalArgumentException("an endorsement's digest is 64 lower-case hex digits, not '" + sha256 + "'");
        }
    }

    /** The endorsement of exactly these packet hashes (sorted, each once). */
    public static Endorsement of(Collection<String> packetHashes) {
        List<String> sorted = normalized(packetHashes);
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(listBytes(sorted));
            return new Endorsement(sorted.size(), HexFormat.of().formatHex(d));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The packet hashes sorted, each once; a malformed one is refused, naming it. */
    public static List<String> normalized(Collection<String> packetHashes) {
        for (String h : packetHashes) {
            if (h == null || !HEX64.matcher(h).matches()) {
                throw new IllegalArgumentException("an endorsed signature is named by its SHA-256 (64 lower-case hex"
                        + " digits), not '" + h + "'");
            }
        }
        return packetHashes.stream().distinct().sorted().toList();
    }

    /** The bytes hashed: each packet hash (sorted, lower-case hex) followed by a line feed. */
    public static byte[] listBytes(List<String> sortedHashes) {
        StringBuilder b = new StringBuilder();
        sortedHashes.forEach(h -> b.append(h).append('\n'));
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The names (packet hashes) of every certification and certification revocation made by another key on the
     * user ids of {@code certificates}, verified or not: what a keyring carries that an endorsement may name.
     */
    public static java.util.Set<String> packetsOn(List<org.caravan.keyring.key.Certificate> certificates) {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (org.caravan.keyring.key.Certificate c : certificates) {
            for (Encoding.Found f : Encoding.thirdPartySignatures(
                    org.caravan.keyring.key.Bc.of(c).getPrimaryKey().getPGPPublicKey())) {
                out.add(Encoding.packetSha256(f.signature()));
            }
        }
        return out;
    }

    public boolean endorsesNothing() {
        return count == 0;
    }

    /** Whether {@code packetHashes} is exactly the list this endorsement signs. */
    public boolean matches(Collection<String> packetHashes) {
        return of(packetHashes).equals(this);
    }

    @Override
    public String toString() {
        return count + " signature" + (count == 1 ? "" : "s") + ", list SHA-256 " + sha256;
    }
}
