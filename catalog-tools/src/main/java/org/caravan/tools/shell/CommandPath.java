package org.caravan.tools.shell;

import java.util.List;
import picocli.CommandLine;

/** A command named by its words ({@code store root rotate}), as {@code help} and {@code man} take it. */
public final class CommandPath {
    private CommandPath() {}

    /**
     * The command {@code words} name below {@code root}; a word that names none is a usage error of
     * {@code asker}, naming the word and the commands that would fit there.
     */
    public static CommandLine resolve(CommandLine root, List<String> words, CommandLine asker) {
        CommandLine target = root;
        for (String word : words) {
            CommandLine next = target.getSubcommands().get(word);
            if (next == null) {
                throw new CommandLine.ParameterException(asker, "'" + word + "' is not a "
                        + target.getCommandSpec().qualifiedName() + " command; its commands: "
                        + String.join(", ", target.getSubcommands().keySet()));
            }
            target = next;
        }
        return target;
    }
}
