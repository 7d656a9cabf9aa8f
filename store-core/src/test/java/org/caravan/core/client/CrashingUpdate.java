package org.caravan.core.client;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Child process of {@link InstallCrashIT}: updates an app in a home folder and, on reaching the named step,
 * prints {@code PAUSED <step>} and waits to be killed with SIGKILL.
 * Arguments: HOME APP_ID STEP INSTANT.
 */
public final class CrashingUpdate {
    private CrashingUpdate() {}

    public static void main(String[] args) throws Exception {
        String step = args[2];
        Installer.hook = reached -> {
            if (reached.equals(step)) {
                System.out.println("PAUSED " + reached);
                System.out.flush();
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try (ClientService c = ClientService.open(Path.of(args[0]), Clock.fixed(Instant.parse(args[3]), ZoneOffset.UTC))) {
            InstallOutcome o = c.update(args[1], InstallProgress.NONE);
            System.out.println("FINISHED " + o.message());
        }
    }
}
