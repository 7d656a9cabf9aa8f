package org.caravan.tools.commands;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import org.caravan.core.licence.HeldGrant;
import org.caravan.core.licence.Licences;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code caravan client license add|list}: the licences and device tokens this home holds. */
@Command(name = "license", mixinStandardHelpOptions = true,
        description = "Licences for licensed apps, and device tokens from a licensee.",
        subcommands = {ClientLicenseCommand.Add.class, ClientLicenseCommand.ListLicences.class})
public final class ClientLicenseCommand {
    @ParentCommand
    ClientCommand parent;

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Keep a licence (.lic) or device token (.tok) in this home. It must name this home's key "
                    + "(caravan client identity). Its signature and issuer are checked at install, against the "
                    + "store the app comes from.")
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @ParentCommand
        ClientLicenseCommand parent;
        @Parameters(paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(file + " is not a file");
            }
            byte[] content = Files.readAllBytes(file);
            // Through the home's client: when a window or service holds the home, it hears of the licence at once.
            try (org.caravan.core.client.ClientService client = parent.parent.open()) {
                HeldGrant h = client.addLicence(content, file.toString());
                spec.commandLine().getOut().println("added " + h.summary());
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "One line per licence or device token held: app, versions, expiry, devices, issuer.")
    static final class ListLicences implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @ParentCommand
        ClientLicenseCommand parent;

        @Override
        public Integer call() throws Exception {
            List<HeldGrant> held = new Licences(parent.parent.home(), Clock.systemUTC()).list();
            PrintWriter out = spec.commandLine().getOut();
            if (held.isEmpty()) {
                out.println("no licences (caravan client license add FILE.lic)");
            }
            for (HeldGrant h : held) {
                out.println(h.summary());
            }
            return 0;
        }
    }
}
