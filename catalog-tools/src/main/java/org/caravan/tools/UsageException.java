package org.caravan.tools;

/**
 * The command line lacks something the command cannot do without, found only when it runs (a destructive
 * command without {@code --yes} and no terminal to ask): exit 2, as picocli's own usage errors.
 */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
