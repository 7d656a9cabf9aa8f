package org.caravan.tools.commands;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.caravan.core.licence.IssuedToken;
import org.caravan.core.licence.Licences;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.Fingerprint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code caravan client device add|remove|list}: a licensee lets its other homes use a licence. */
@Command(name = "device", mixinStandardHelpOptions = true,
        description = "Device tokens: as the licensee, let another home (its 'caravan client identity' certificate) "
                + "use your licence, up to the licence's device count (this home is the first device).",
        subcommands = {ClientDeviceCommand.Add.class, ClientDeviceCommand.Remove.class, ClientDeviceCommand.ListDevices.class})
public final class ClientDeviceCommand {
    @ParentCommand
    ClientCommand parent;

    Licences licences() {
        return new Licences(parent.home(), Clock.systemUTC());
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Write a signed device token for the home whose certificate is CERT; on that home: "
                    + "caravan client license add TOKEN.tok. Refused when every device of the licence is taken.")
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @ParentCommand
        ClientDeviceCommand parent;
        @Option(names = "--app", required = true, paramLabel = "APP_ID")
        String app;
        @Option(names = "--cert", required = true, paramLabel = "CERT", description = "The device's certificate.")
        Path cert;
        @Option(names = "--out", required = true, paramLabel = "TOKEN.tok")
        Path out;

        @Override
        public Integer call() throws Exception {
            Certificate device = Certificate.read(cert);
            IssuedToken t = parent.licences().addDevice(app, device);
            Files.writeString(out, t.text(), StandardCharsets.UTF_8);
            spec.commandLine().getOut().println("device " + t.device() + " may use " + app + " (device "
                    + (t.slot() + 1) + " of the licence) -> " + out);
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Free the device slot of a device. What it installed stays; there is no online revocation, "
                    + "so its token keeps opening the app there: remove a device you no longer use, not one you "
                    + "distrust (ask the publisher for a new licence then).")
    static final class Remove implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @ParentCommand
        ClientDeviceCommand parent;
        @Option(names = "--app", required = true, paramLabel = "APP_ID")
        String app;
        @Option(names = "--device", required = true, paramLabel = "FINGERPRINT")
        String device;

        @Override
        public Integer call() throws Exception {
            Fingerprint fp = Fingerprint.of(device);
            if (!parent.licences().removeDevice(app, fp)) {
                throw new IllegalArgumentException("no device token for " + fp + " and " + app
                        + " (caravan client device list --app " + app + ")");
            }
            spec.commandLine().getOut().println("removed device " + fp + " from " + app);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The devices this home let use a licence.")
    static final class ListDevices implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @ParentCommand
        ClientDeviceCommand parent;
        @Option(names = "--app", required = true, paramLabel = "APP_ID")
        String app;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            var all = parent.licences().devices(app);
            if (all.isEmpty()) {
                out.println("no devices for " + app + " besides this home");
            }
            for (IssuedToken t : all) {
                out.println("device " + (t.slot() + 1) + ": " + t.device());
            }
            return 0;
        }
    }
}
