package org.caravan.core.client;

import java.util.ArrayList;
import java.util.List;

/**
 * What the files of an installed app look like against the manifest of the signed package they came from
 * (recorded at install): {@code client verify}, and the quick check before every {@code client run}.
 */
public sealed interface AppIntegrity {
    String appId();

    String version();

    /** One line for a person: what was found and, when something is wrong, how to fix it. */
    String message();

    /** Every listed file is there with its size and SHA-256 (or, for the quick check, size and time), nothing else. */
    record Intact(String appId, String version, int files) implements AppIntegrity {
        @Override
        public String message() {
            return appId + " " + version + ": " + files + (files == 1 ? " file" : " files") + " intact";
        }
    }

    /**
     * Changed since install: {@code modified} (other content, size or permission, or not a regular file any
     * more), {@code missing} (listed but gone) and {@code unexpected} (not in the package: added files, folders
     * and links), each a sorted list of paths inside the install folder.
     */
    record Damaged(String appId, String version, String folder, List<String> modified, List<String> missing,
            List<String> unexpected) implements AppIntegrity {
        public Damaged {
            modified = List.copyOf(modified);
            missing = List.copyOf(missing);
            unexpected = List.copyOf(unexpected);
            if (modified.isEmpty() && missing.isEmpty() && unexpected.isEmpty()) {
                throw new IllegalArgumentException(appId + " " + version + " is not damaged: nothing differs");
            }
        }

        /** What changed, e.g. {@code modified run.sh; unexpected lib/evil.so}. */
        public String changes() {
            List<String> parts = new ArrayList<>();
            if (!modified.isEmpty()) {
                parts.add("modified " + String.join(", ", modified));
            }
            if (!missing.isEmpty()) {
                parts.add("missing " + String.join(", ", missing));
            }
            if (!unexpected.isEmpty()) {
                parts.add("unexpected " + String.join(", ", unexpected));
            }
            return String.join("; ", parts);
        }

        @Override
        public String message() {
            return appId + " " + version + " in " + folder + " was changed after install: " + changes()
                    + " (restore it: caravan client repair " + appId + ", or remove and install it again)";
        }
    }

    /** Cannot be checked: e.g. installed by a Caravan that did not keep the manifest. */
    record Unverifiable(String appId, String version, String reason) implements AppIntegrity {
        @Override
        public String message() {
            return appId + " " + version + " cannot be checked: " + reason;
        }
    }
}
