package org.caravan.core.client;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Child process of {@link InstallCrashIT}'s random trials: opens a home, prints {@code GO}, runs one operation
 * (import KEY FILE, install ID VERSION, update ID, rollback ID, remove ID), prints {@code FINISHED <ms> <message>}
 * and then stays alive, so that a kill at any moment, before or after the end, finds it running.
 * Arguments: HOME INSTANT OP ARGS...
 */
public final class CrashingClient {
    private CrashingClient() {}

    public static void main(String[] args) throws Exception {
        ClientService c = ClientService.open(Path.of(args[0]), Clock.fixed(Instant.parse(args[1]), ZoneOffset.UTC));
        System.out.println("GO");
        System.out.flush();
        long start = System.nanoTime();
        String message = switch (args[2]) {
            case "import" -> {
                SyncReport r = c.importGeneration(args[3], Path.of(args[4]));
                yield (r.outcome() == SyncReport.Outcome.UPDATED ? "" : "FAILED ") + r.message();
            }
            case "install" -> outcome(c.install(args[3], args[4], false, InstallProgress.NONE));
            case "update" -> outcome(c.update(args[3], InstallProgress.NONE));
            case "rollback" -> change(c.rollback(args[3]));
            case "remove" -> change(c.remove(args[3]));
            default -> throw new IllegalArgumentException("unknown operation " + args[2]);
        };
        System.out.println("FINISHED " + (System.nanoTime() - start) / 1_000_000 + " " + message);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    private static String outcome(InstallOutcome o) {
        return (o instanceof InstallOutcome.Failed ? "FAILED " : "") + o.message();
    }

    private static String change(AppChange c) {
        return (c instanceof AppChange.Refused ? "FAILED " : "") + c.message();
    }
}
