package org.caravan.core.client;

import java.nio.file.Path;

/** The result of an install or update, as the user is told. */
public sealed interface InstallOutcome {
    String appId();

    String message();

    /**
     * {@code version} is now in use; {@code replacedVersion} (null for a first install) is kept for
     * {@code rollback}.
     */
    record Installed(String appId, String version, Path location, String trustExplanation, String replacedVersion)
            implements InstallOutcome {
        public Installed(String appId, String version, Path location, String trustExplanation) {
            this(appId, version, location, trustExplanation, null);
        }

        @Override
        public String message() {
            return (replacedVersion == null ? "installed " + appId + " " + version
                    : "updated " + appId + " " + replacedVersion + " -> " + version)
                    + " into " + location + " — " + trustExplanation;
        }
    }

    /** Installing the version in use: nothing to do, which is not a failure. */
    record AlreadyInstalled(String appId, String version) implements InstallOutcome {
        @Override
        public String message() {
            return appId + " " + version + " is installed already: nothing to do";
        }
    }

    /** Nothing to do: the newest release of the catalog is the one installed. */
    record UpToDate(String appId, String version) implements InstallOutcome {
        @Override
        public String message() {
            return appId + " " + version + " is up to date";
        }
    }

    /** The user cancelled it before anything was changed: the installed state is as it was. */
    record Cancelled(String appId, String version) implements InstallOutcome {
        @Override
        public String message() {
            return "cancelled: " + appId + " " + version + " was not installed; nothing changed";
        }
    }

    /** Not installed, and why; {@code cause} says whether a rule refused it or something failed. */
    record Failed(String appId, String reason, Cause cause) implements InstallOutcome {
        public Failed {
            if (cause == null) {
                throw new IllegalArgumentException("the outcome for " + appId + " needs a cause");
            }
        }

        /** Something stood in the way (network, disk, I/O, not listed): {@link Cause#FAILED}. */
        public Failed(String appId, String reason) {
            this(appId, reason, Cause.FAILED);
        }

        /** A rule said no (trust, signature, integrity, policy). */
        public static Failed refused(String appId, String reason) {
            return new Failed(appId, reason, Cause.REFUSED);
        }

        @Override
        public String message() {
            return "not installed: " + appId + " — " + reason;
        }
    }
}
