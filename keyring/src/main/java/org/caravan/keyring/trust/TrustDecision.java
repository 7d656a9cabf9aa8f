package org.caravan.keyring.trust;

import java.time.Instant;
import java.util.List;
import org.caravan.keyring.key.Fingerprint;

/** The trust engine's answer for one package at one reference time; it explains itself. */
public sealed interface TrustDecision {

    Instant referenceTime();

    /** One line a user can read. */
    String explain();

    /**
     * Trusted: {@code path} runs from a store root (or a local override) to the signer; {@code coSigners}
     * are the other keys that signed the package (for a newcomer's package: the mentors that made it
     * installable); {@code basis} says in words how the signer got its level (empty when the path says it all).
     */
    record Trusted(List<KeyRef> path, Level level, Scope scope, List<KeyRef> coSigners, Instant referenceTime,
            String basis) implements TrustDecision {
        public Trusted {
            path = List.copyOf(path);
            coSigners = List.copyOf(coSigners);
            basis = basis == null ? "" : basis;
            if (path.isEmpty()) {
                throw new IllegalArgumentException("a trusted decision needs a key path");
            }
        }

        public Trusted(List<KeyRef> path, Level level, Scope scope, List<KeyRef> coSigners, Instant referenceTime) {
            this(path, level, scope, coSigners, referenceTime, "");
        }

        public KeyRef signer() {
            return path.get(path.size() - 1);
        }

        @Override
        public String explain() {
            StringBuilder b = new StringBuilder("trusted: ");
            for (int i = 0; i < path.size(); i++) {
                if (i > 0) {
                    b.append(" -> ");
                }
                b.append(path.get(i));
            }
            b.append(" (level ").append(level).append(", scope ").append(scope).append(')');
            if (!basis.isEmpty()) {
                b.append("; ").append(basis);
            }
            if (!coSigners.isEmpty()) {
                b.append("; co-signed by ");
                for (int i = 0; i < coSigners.size(); i++) {
                    b.append(i > 0 ? ", " : "").append(coSigners.get(i));
                }
            }
            return b.toString();
        }
    }

    /** Refused: {@code rule} failed for {@code key} (null when no key is involved, e.g. no signature at all). */
    record Refused(Rule rule, String reason, Fingerprint key, Instant referenceTime) implements TrustDecision {
        /** A package whose signer was revoked is spurious: marked, blocked, offered for removal. */
        public boolean spurious() {
            return rule == Rule.REVOKED;
        }

        @Override
        public String explain() {
            return "refused (" + rule.label() + "): " + reason + (key == null ? "" : " [key " + key.hex() + "]");
        }
    }

    /** The rule a refusal names. */
    enum Rule {
        NO_SIGNATURE("no signature"),
        BAD_SIGNATURE("bad signature"),
        UNKNOWN_KEY("unknown key"),
        NOT_CERTIFIED("not certified"),
        REVOKED("revoked"),
        EXPIRED("expired"),
        OUT_OF_SCOPE("out of scope"),
        LEVEL_TOO_LOW("level too low"),
        TIME("signature time"),
        WEAK_CRYPTO("weak crypto"),
        DISTRUSTED("distrusted locally");

        private final String label;

        Rule(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
