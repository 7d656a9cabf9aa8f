package org.caravan.core.client;

import java.time.Instant;

/**
 * Something that happened in a client home, told to every face of it (the window, {@code client watch}, the
 * desktop notifier) as it happens. Each event is a small value that serialises to JSON by its record components;
 * {@link #kind()} names its shape on the wire.
 */
public sealed interface ClientEvent {
    /** When it happened, by the client's clock. */
    Instant at();

    /** The event's name on the wire and in {@code client watch}: stable, lower-case, hyphenated. */
    String kind();

    /** One store's sync finished, whatever its outcome. */
    record SyncDone(Instant at, SyncReport report) implements ClientEvent {
        public String kind() {
            return "sync-done";
        }
    }

    /** An installed app lost its trust (revoked signer, expired chain...): the user must hear of it. */
    record AppTurnedSpurious(Instant at, String appId, String version, String reason) implements ClientEvent {
        public String kind() {
            return "app-spurious";
        }

        /** What the user is told, in one line: the app, why, and what to do (the CLI and the notifier say it so). */
        public String message() {
            return appId + " " + version + " is no longer trusted: " + reason + "; it will not start (remove it: "
                    + "caravan client remove " + appId + ")";
        }
    }

    /** A newer trusted release of an installed app is in the catalog. */
    record UpdateAvailable(Instant at, String appId, String installedVersion, String newVersion) implements ClientEvent {
        public String kind() {
            return "update-available";
        }
    }

    /**
     * Progress of one download or install: {@code stage} as {@link InstallProgress} names it, bytes done of
     * {@code totalBytes} (0 when unknown), the current speed and how many peers send.
     */
    record Progress(Instant at, String appId, String stage, double fraction, long bytes, long totalBytes,
            long bytesPerSecond, int peers) implements ClientEvent {
        public String kind() {
            return "progress";
        }
    }

    /** An install, update, rollback, repair or removal finished; {@code outcome} says how, in words. */
    record AppChanged(Instant at, String appId, String action, boolean ok, String outcome) implements ClientEvent {
        public String kind() {
            return "app-changed";
        }
    }

    /**
     * A licence or device token was added to this home ({@code caravan client license add}): the app it is for may be
     * installed now; {@code summary} is the one line {@code client license list} prints for it.
     */
    record LicenceAdded(Instant at, String appId, String summary) implements ClientEvent {
        public String kind() {
            return "licence-added";
        }
    }
}
