package org.caravan.core.client;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.caravan.core.net.NetworkConfig;
import org.caravan.core.net.PeerAddress;
import org.caravan.keyring.key.Fingerprint;

/**
 * Child process of {@link DurableCommitIT}: makes one change a user is told about (a generation imported, a
 * subscription, a setting, a trust override), prints what the CLI would print, then {@code REPORTED}, and
 * stays alive with the database open, as a client that goes on working does, until it is killed.
 * Arguments: HOME INSTANT OP ARGS...
 */
public final class ReportThenWait {
    private ReportThenWait() {}

    public static void main(String[] args) throws Exception {
        ClientService c = ClientService.open(Path.of(args[0]), Clock.fixed(Instant.parse(args[1]), ZoneOffset.UTC));
        String op = args[2];
        String said = switch (op) {
            case "import" -> {
                SyncReport r = c.importGeneration(args[3], Path.of(args[4]));
                if (r.outcome() != SyncReport.Outcome.UPDATED) {
                    System.out.println("FAILED " + r.message());
                    System.exit(1);
                }
                yield r.message();
            }
            case "subscribe" -> "subscribed: " + c.subscribe(args[3]);
            case "unsubscribe" -> "unsubscribed from " + c.unsubscribe(args[3]).displayName();
            case "settings" -> {
                // Each setting is its own commit, each reported; all of them fall in the second before a kill.
                c.setSeeding(false);
                System.out.println("seeding off");
                c.setUploadLimit(77);
                System.out.println("upload-limit 77 KiB/s");
                c.setAutoUpdate(true);
                System.out.println("auto-update on");
                c.setSyncInterval(Duration.ofSeconds(600));
                System.out.println("sync interval 600 s");
                c.setNetwork(NetworkConfig.loopback(List.of(PeerAddress.parse(args[3]))));
                yield "network " + args[3];
            }
            case "overrides" -> {
                c.distrustKey(Fingerprint.of(args[3]));
                System.out.println("distrusted " + args[3]);
                c.trustKeyForApp(Fingerprint.of(args[3]), args[4]);
                yield "allowed " + args[3] + " for " + args[4];
            }
            case "forget" -> "forgot " + c.forgetOverrides(Fingerprint.of(args[3]));
            default -> throw new IllegalArgumentException("unknown op " + op);
        };
        System.out.println(said);
        System.out.println("REPORTED");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
