package org.caravan.core.client;

/** The result of a rollback or a removal. */
public sealed interface AppChange {
    String appId();

    String message();

    record Done(String appId, String message) implements AppChange {}

    record Refused(String appId, String reason) implements AppChange {
        @Override
        public String message() {
            return appId + ": " + reason;
        }
    }
}
