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

    /** Nothing to do: the newest release of the catalog is the one installed. */
    /** Installing the version in use: nothing to do, which is not a failure. */
    record AlreadyInstalled(String appId, String version) implements InstallOutcome {
        @Override
        public String message() {
            return appId + " " + version + " is installed already: nothing to do";
        }
    }

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

    record Failed(String appId, String reason) implements InstallOutcome {
        @Override
        public String message() {
            return "not installed: " + appId + " — " + reason;
        }
    }
}
