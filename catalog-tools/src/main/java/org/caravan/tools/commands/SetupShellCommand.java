package org.caravan.tools.commands;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.caravan.tools.shell.ShellScripts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "setup-shell", mixinStandardHelpOptions = true,
        description = "Install the completion scripts (bash, zsh, fish) and the manual pages for your user, under "
                + "PREFIX/share (default ~/.local/share), where bash-completion, fish and man look. Prints what it wrote "
                + "and the one line zsh needs in ~/.zshrc.")
public final class SetupShellCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--prefix", paramLabel = "PREFIX", description = "Install under PREFIX/share (default: ~/.local).")
    Path prefix;

    @Override
    public Integer call() throws Exception {
        Path p = prefix != null ? prefix : Path.of(System.getProperty("user.home"), ".local");
        for (String line : ShellScripts.install(spec.root().commandLine(), p)) {
            spec.commandLine().getOut().println(line);
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
