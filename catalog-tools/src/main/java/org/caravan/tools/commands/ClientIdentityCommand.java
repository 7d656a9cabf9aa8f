package org.caravan.tools.commands;

import java.time.Instant;
import java.util.concurrent.Callable;
import org.caravan.core.licence.ClientIdentity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code caravan client identity}: this home's certificate, to hand to a publisher for a licence or a subscription. */
@Command(name = "identity", mixinStandardHelpOptions = true,
        description = "Print this home's OpenPGP certificate (armored; made on first use, Ed25519 with an X25519 "
                + "encryption subkey, the secret kept in HOME/identity/key.asc, mode 600). Give it to a publisher: "
                + "licences and private stores wrap their keys for it. gpg --import reads it.")
public final class ClientIdentityCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    ClientCommand parent;

    @Override
    public Integer call() throws Exception {
        ClientIdentity id = ClientIdentity.of(parent.home(), Instant.now());
        spec.commandLine().getErr().println("this home's key: " + id.certificate().fingerprint());
        spec.commandLine().getOut().print(id.certificate().armored());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
