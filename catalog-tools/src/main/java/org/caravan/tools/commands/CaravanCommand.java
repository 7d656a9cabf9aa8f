package org.caravan.tools.commands;

import org.caravan.tools.shell.CaravanVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

@Command(name = "caravan", mixinStandardHelpOptions = true, versionProvider = CaravanVersion.class,
        description = CaravanCommand.DESCRIPTION,
        subcommands = {KeyCommand.class, StoreCommand.class, PackageCommand.class, TrustCommand.class, ClientCommand.class,
                LicenseCommand.class, StorageCommand.class, TestnetCommand.class, DemoCommand.class, GuiCommand.class, HelpCommand.class,
                CompletionCommand.class, ManCommand.class, SetupShellCommand.class})
public final class CaravanCommand {
    static final String DESCRIPTION = "Caravan: a signed, web-of-trust, peer-to-peer app store.%n"
            + "Exit codes: 0 ok, 1 failure (bad input, I/O, network), 2 usage, 3 refused (untrusted, revoked, tampered).";

    @Option(names = "--stacktrace", scope = ScopeType.INHERIT, description = "Print the stack trace of an error.")
    boolean stacktrace;

    /**
     * The same top-level command without its subcommands, for a command line that names its group: picocli reads
     * every command class of the tree when it builds one (about a second of CPU for Caravan's hundred commands at
     * each start), and {@code caravan package verify ...} needs only the {@code package} branch. Its group is
     * added to it ({@link org.caravan.tools.Main#commandLine}).
     */
    @Command(name = "caravan", mixinStandardHelpOptions = true, versionProvider = CaravanVersion.class,
            description = CaravanCommand.DESCRIPTION)
    public static final class Trunk {
        @Option(names = "--stacktrace", scope = ScopeType.INHERIT, description = "Print the stack trace of an error.")
        boolean stacktrace;
    }
}
