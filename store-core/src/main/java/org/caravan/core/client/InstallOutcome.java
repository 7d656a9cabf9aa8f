package org.caravan.core.client;

import java.nio.file.Path;

/** The result of an install, as the user is told. */
public sealed interface InstallOutcome {
    String appId();

    String message();

    record Installed(String appId, String version, Path location, String trustExplanation) implements InstallOutcome {
        @Override
        public String message() {
            return "installed " + appId + " " + version + " into " + location + " — " + trustExplanation;
        }
    }

    record Failed(String appId, String reason) implements InstallOutcome {
        @Override
        public String message() {
            return "not installed: " + appId + " — " + reason;
        }
    }
}
