package org.caravan.tools.commands;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.caravan.tools.shell.CaravanVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

@Command(name = "caravan", mixinStandardHelpOptions = true, versionProvider = CaravanVersion.class,
        description = "Caravan: a signed, web-of-trust, peer-to-peer app store.%n"
                + "Exit codes: 0 ok, 1 failure (bad input, I/O, network), 2 usage, 3 refused (untrusted, revoked, tampered).")
public final class CaravanCommand {
    /**
     * The command groups, in the order help lists them. They are added by {@code Main.commandLine}, not named in
     * the annotation: picocli builds the model of every command it is given, by reflection, and for all of them
     * that is about a second of CPU at each start, most of a short command's cost (docs/benchmarks.md, "Start-up
     * cost"). A command line that names a group gets only that group; help, completion, man pages, a
     * mistyped group and a bare {@code caravan} get them all.
     */
    public static final List<Class<?>> GROUPS = List.of(KeyCommand.class, StoreCommand.class, PackageCommand.class,
            TrustCommand.class, ClientCommand.class, LicenseCommand.class, StorageCommand.class, TestnetCommand.class,
            DemoCommand.class, HelpCommand.class, CompletionCommand.class, ManCommand.class, SetupShellCommand.class);

    /** Groups that read the whole tree (every command's help, completion, man pages). */
    private static final Set<Class<?>> WHOLE_TREE = Set.of(HelpCommand.class, CompletionCommand.class, ManCommand.class,
            SetupShellCommand.class);

    /**
     * The one group a command line needs: its first word when that names a group that does not read the whole
     * tree; empty (all groups) otherwise.
     */
    public static Optional<Class<?>> onlyGroup(String[] args) {
        if (System.getenv("CARAVAN_WHOLE_TREE") != null) {
            return Optional.empty(); // the baseline of bench/startup-bench.sh: every group, as before
        }
        for (String a : args) {
            if (a.startsWith("-")) {
                if (a.equals("--stacktrace")) {
                    continue; // the one option of the top level that comes before a group
                }
                return Optional.empty(); // --help, --version, a mistyped option: the top level answers
            }
            for (Class<?> g : GROUPS) {
                if (g.getAnnotation(Command.class).name().equals(a)) {
                    return WHOLE_TREE.contains(g) ? Optional.empty() : Optional.of(g);
                }
            }
            return Optional.empty(); // a mistyped group: "did you mean" needs every name
        }
        return Optional.empty();
    }

    @Option(names = "--stacktrace", scope = ScopeType.INHERIT, description = "Print the stack trace of an error.")
    boolean stacktrace;
}
