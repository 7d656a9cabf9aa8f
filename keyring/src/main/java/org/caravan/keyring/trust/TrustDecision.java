package org.caravan.keyring.trust;

import java.time.Instant;
import java.util.List;
import org.caravan.keyring.key.Fingerprint;

/** The trust engine's answer for one package at one reference time; it explains itself. */
public sealed interface TrustDecision {

    Instant referenceTime();

    /** One line a user can read. */
    String explain();

    /** Trusted: {@code path} runs from a store root to the signer; {@code coSigners} are any mentors that co-signed. */
    record Trusted(List<KeyRef> path, Level level, Scope scope, List<KeyRef> coSigners, Instant referenceTime)
            implements TrustDecision {
        public Trusted {
            path = List.copyOf(path);
            coSigners = List.copyOf(coSigners);
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
        WEAK_CRYPTO("weak crypto");

        private final String label;

        Rule(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
