package org.caravan.keyring.trust;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.Fingerprint;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.sign.SignatureCheck;

/**
 * Root key rotation as TUF rotates root.json: root set n + 1 is accepted only when k(n) of the old roots
 * and k(n + 1) of the new roots signed its canonical bytes, and a client walks the versions one by one
 * (skipping a version is refused, so a thief holding old keys cannot jump ahead).
 */
public final class RootRotation {
    private RootRotation() {}

    /** The outcome of checking one rotation. */
    public sealed interface Decision {
        /** The new set is accepted; the signers that made the quorums are named. */
        record Accepted(RootSet roots, List<Fingerprint> oldSigners, List<Fingerprint> newSigners) implements Decision {
            public Accepted {
                oldSigners = List.copyOf(oldSigners);
                newSigners = List.copyOf(newSigners);
            }
        }

        /** Refused, with a reason a maintainer can act on. */
        record Refused(String reason) implements Decision {}
    }

    /** One root key's detached signature over {@code next}'s canonical bytes (armored). */
    public static String sign(SecretKey root, RootSet next, Instant at) {
        return DetachedSignatures.sign(root, next.canonicalBytes(), at);
    }

    /**
     * Whether one of {@code signatures} is a valid signature by {@code root} over a root set's canonical bytes
     * ({@link RootSet#canonicalBytes()}), so that nobody signs a rotation twice.
     */
    public static boolean signedBy(byte[] rootSetBytes, List<String> signatures, Certificate root) {
        for (String s : signatures) {
            for (SignatureCheck c : DetachedSignatures.verify(rootSetBytes, s.getBytes(StandardCharsets.US_ASCII),
                    List.of(root))) {
                if (c instanceof SignatureCheck.Valid) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Checks that {@code next} may replace {@code current}, given the armored signatures made over
     * {@code next.canonicalBytes()}, at reference time {@code at} (signatures dated later are refused).
     */
    public static Decision verify(RootSet current, RootSet next, List<String> signatures, Instant at) {
        Objects.requireNonNull(current, "current root set");
        Objects.requireNonNull(next, "next root set");
        Objects.requireNonNull(at, "reference time");
        if (next.version() <= current.version()) {
            return new Decision.Refused("root set version " + next.version() + " is not newer than the trusted version "
                    + current.version() + " (a replayed or rolled-back root set)");
        }
        if (next.version() != current.version() + 1) {
            return new Decision.Refused("root set version " + next.version() + " skips version "
                    + (current.version() + 1) + "; rotations must be verified one version at a time");
        }
        List<Certificate> candidates = new ArrayList<>(current.roots());
        for (Certificate c : next.roots()) {
            if (!current.contains(c.fingerprint())) {
                candidates.add(c);
            }
        }
        List<SignatureCheck> checks = new ArrayList<>();
        for (String s : signatures == null ? List.<String>of() : signatures) {
            for (SignatureCheck c : DetachedSignatures.verify(next.canonicalBytes(), s.getBytes(StandardCharsets.US_ASCII),
                    candidates)) {
                if (c instanceof SignatureCheck.Valid v && v.signedAt().isAfter(at)) {
                    checks.add(new SignatureCheck.Invalid("signature by " + v.signer() + " is dated " + v.signedAt()
                            + ", after the reference time " + at));
                } else {
                    checks.add(c);
                }
            }
        }
        List<Fingerprint> oldSigners = current.signersAmong(checks);
        List<Fingerprint> newSigners = next.signersAmong(checks);
        if (oldSigners.size() < current.threshold()) {
            return new Decision.Refused("root set version " + next.version() + " is signed by " + oldSigners.size()
                    + " of the " + current.roots().size() + " current roots, but version " + current.version()
                    + " requires " + current.threshold());
        }
        if (newSigners.size() < next.threshold()) {
            return new Decision.Refused("root set version " + next.version() + " is signed by " + newSigners.size()
                    + " of its own " + next.roots().size() + " roots, but it requires " + next.threshold());
        }
        return new Decision.Accepted(next, oldSigners, newSigners);
    }

    /** A root set with the signatures that approve it, as a store publishes it. */
    public record Signed(RootSet roots, List<String> signatures) {
        public Signed {
            Objects.requireNonNull(roots, "root set");
            signatures = List.copyOf(signatures);
        }
    }

    /**
     * Walks a chain of rotations from the trusted set, one version at a time; the answer is the last
     * accepted set, or the first refusal (naming the version).
     */
    public static Decision verifyChain(RootSet trusted, List<Signed> chain, Instant at) {
        RootSet current = trusted;
        Decision last = new Decision.Accepted(trusted, List.of(), List.of());
        for (Signed step : chain) {
            last = verify(current, step.roots(), step.signatures(), at);
            if (last instanceof Decision.Refused) {
                return last;
            }
            current = step.roots();
        }
        return last;
    }
}
