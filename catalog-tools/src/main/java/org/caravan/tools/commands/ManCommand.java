package org.caravan.tools.commands;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.caravan.tools.shell.CommandPath;
import org.caravan.tools.shell.ManPages;
import org.caravan.tools.shell.ShellScripts;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "man", mixinStandardHelpOptions = true,
        description = "Print the manual page of a command (troff; read it with: caravan man store certify | man -l -), "
                + "or write every page into a folder with --out.")
public final class ManCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command, e.g. store certify (default: caravan itself).")
    List<String> command = List.of();

    @Option(names = "--out", paramLabel = "DIR", description = "Write every page (caravan.1, caravan-store-certify.1, ...) into DIR.")
    Path out;

    @Override
    public Integer call() throws Exception {
        CommandLine root = spec.root().commandLine();
        if (out != null) {
            if (!command.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give either COMMAND or --out, not both");
            }
            Map<String, String> pages = ManPages.all(root);
            ShellScripts.writeAll(out, pages);
            spec.commandLine().getOut().println("wrote " + pages.size() + " manual pages into " + out);
            return 0;
        }
        CommandLine target = CommandPath.resolve(root, command, spec.commandLine());
        spec.commandLine().getOut().print(ManPages.all(target).values().iterator().next());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
