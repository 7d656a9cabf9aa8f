package org.caravan.tools.commands;

import org.caravan.tools.shell.CaravanVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

@Command(name = "caravan", mixinStandardHelpOptions = true, versionProvider = CaravanVersion.class,
        description = "Caravan: a signed, web-of-trust, peer-to-peer app store.%n"
                + "Exit codes: 0 ok, 1 failure (bad input, I/O, network), 2 usage, 3 refused (untrusted, revoked, tampered).",
        subcommands = {KeyCommand.class, StoreCommand.class, PackageCommand.class, TrustCommand.class, ClientCommand.class,
                LicenseCommand.class, StorageCommand.class, TestnetCommand.class, DemoCommand.class, HelpCommand.class,
                CompletionCommand.class, ManCommand.class, SetupShellCommand.class})
public final class CaravanCommand {
    @Option(names = "--stacktrace", scope = ScopeType.INHERIT, description = "Print the stack trace of an error.")
    boolean stacktrace;
}
