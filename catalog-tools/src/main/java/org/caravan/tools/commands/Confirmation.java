package org.caravan.tools.commands;

import java.io.Console;
import java.util.Locale;
import org.caravan.tools.UsageException;
import picocli.CommandLine.Option;

/**
 * {@code --yes}, and the question a destructive command (revoke, remove, unsubscribe, root rotation) asks
 * before it acts. In a terminal it says what it is about to do and asks {@code Proceed? [y/N]}; without a
 * terminal it refuses unless {@code --yes} was given, so a script never destroys by accident and never
 * hangs on a question nobody sees.
 */
public final class Confirmation {
    @Option(names = {"-y", "--yes"}, description = "Do it without asking (for scripts). Without a terminal to ask, "
            + "the command refuses unless --yes is given (exit 2).")
    boolean yes;

    /**
     * Returns when the user agreed (or gave {@code --yes}); throws {@link UsageException} without a terminal and
     * without {@code --yes}, and {@link IllegalStateException} (exit 1, nothing changed) when the user says no.
     */
    void confirm(String command, String what) {
        if (yes) {
            return;
        }
        Console console = System.console();
        if (console == null) {
            throw new UsageException(command + " would " + what + "; pass --yes to proceed (no terminal to ask)");
        }
        String answer = console.readLine("%s: %s. Proceed? [y/N] ", command, what);
        if (answer == null || !answer.strip().toLowerCase(Locale.ROOT).matches("y|yes")) {
            throw new IllegalStateException(command + ": not confirmed; nothing changed");
        }
    }
}
