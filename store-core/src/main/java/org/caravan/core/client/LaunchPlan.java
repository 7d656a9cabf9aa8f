package org.caravan.core.client;

import java.nio.file.Path;
import java.util.List;

/** Whether and how an installed app may be started; {@link AppRunner} carries a {@link Ready} plan out. */
public sealed interface LaunchPlan {
    String appId();

    /** Start {@code command} (absolute program first) in {@code directory}, the app's install folder. */
    record Ready(String appId, String version, List<String> command, Path directory, String warning)
            implements LaunchPlan {
        public Ready {
            command = List.copyOf(command);
            if (command.isEmpty()) {
                throw new IllegalArgumentException("launch plan of " + appId + " has no command");
            }
        }
    }

    /** Not started; {@code spurious} when the override ({@code --override-spurious}) would allow it. */
    /** Not started: {@code cause} tells a rule's no (untrusted, spurious, changed files) from what stood in the way. */
    record Refused(String appId, String reason, boolean spurious, Cause cause) implements LaunchPlan {}
}
