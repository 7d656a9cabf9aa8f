package org.caravan.core.client;

/** The result of a rollback or a removal. */
public sealed interface AppChange {
    String appId();

    String message();

    record Done(String appId, String message) implements AppChange {}

    /** Not done, and why; {@code cause} says whether a rule refused it or something failed. */
    record Refused(String appId, String reason, Cause cause) implements AppChange {
        public Refused {
            if (cause == null) {
                throw new IllegalArgumentException("the change of " + appId + " needs a cause");
            }
        }

        /** Something stood in the way (not installed, busy, I/O): {@link Cause#FAILED}. */
        public Refused(String appId, String reason) {
            this(appId, reason, Cause.FAILED);
        }

        /** A rule said no (trust, signature, integrity, licence). */
        public static Refused byRule(String appId, String reason) {
            return new Refused(appId, reason, Cause.REFUSED);
        }

        @Override
        public String message() {
            return appId + ": " + reason;
        }
    }
}
