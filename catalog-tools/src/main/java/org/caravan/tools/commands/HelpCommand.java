package org.caravan.tools.commands;

import java.util.List;
import java.util.concurrent.Callable;
import org.caravan.tools.shell.CommandPath;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code caravan help [COMMAND...]}: the usage of any command, however deep ({@code help store root rotate}). */
@Command(name = "help", helpCommand = true, description = "Show the usage of caravan or of a command: caravan help store certify.")
public final class HelpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command, e.g. store certify.")
    List<String> command = List.of();

    @Override
    public Integer call() {
        CommandLine target = CommandPath.resolve(spec.root().commandLine(), command, spec.commandLine());
        target.usage(spec.commandLine().getOut());
        return 0;
    }
}
