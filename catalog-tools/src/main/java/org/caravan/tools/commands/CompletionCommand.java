package org.caravan.tools.commands;

import java.util.concurrent.Callable;
import org.caravan.tools.shell.ShellScripts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Print the shell completion script for bash, zsh or fish. Load it at once with "
                + "'source <(caravan completion bash)', or install every script and the manual pages with "
                + "caravan setup-shell.")
public final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash, zsh or fish.")
    ShellScripts.Shell shell;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(ShellScripts.completion(spec.root().commandLine(), shell));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
