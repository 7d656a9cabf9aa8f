package org.caravan.tools.commands;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.caravan.core.store.Subscribers;
import org.caravan.keyring.key.Certificate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code caravan store subscribers add|remove|list}: who may read a private store's next generations. */
@Command(name = "subscribers", mixinStandardHelpOptions = true,
        description = "The subscribers of a private store (store init --private). A change takes effect at the next "
                + "generation (store publish or serve makes one): an added subscriber reads from it on, a removed "
                + "one reads nothing newer and keeps what it had.",
        subcommands = {StoreSubscribersCommand.Add.class, StoreSubscribersCommand.Remove.class,
                StoreSubscribersCommand.ListSubscribers.class})
public final class StoreSubscribersCommand {

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add the subscriber whose certificate ('caravan client identity' of their home) is CERT.")
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--dir", required = true, paramLabel = "STORE")
        Path dir;
        @Option(names = "--cert", required = true, paramLabel = "CERT")
        Path cert;

        @Override
        public Integer call() throws Exception {
            Certificate c = Certificate.read(cert);
            boolean added = Subscribers.of(dir).add(c);
            spec.commandLine().getOut().println((added ? "added subscriber " : "subscriber already there: ") + c
                    + " (from the next generation on)");
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove a subscriber, by certificate file or fingerprint; the next generation is re-keyed "
                    + "without it.")
    static final class Remove implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--dir", required = true, paramLabel = "STORE")
        Path dir;
        @Option(names = "--cert", required = true, paramLabel = "CERT|FINGERPRINT")
        String cert;

        @Override
        public Integer call() throws Exception {
            org.caravan.keyring.key.Fingerprint fp = java.nio.file.Files.isRegularFile(Path.of(cert))
                    ? Certificate.read(Path.of(cert)).fingerprint() : org.caravan.keyring.key.Fingerprint.of(cert);
            if (!Subscribers.of(dir).remove(fp)) {
                throw new IllegalArgumentException(fp + " is not a subscriber of " + dir
                        + " (caravan store subscribers list --dir " + dir + ")");
            }
            spec.commandLine().getOut().println("removed subscriber " + fp + " (the next generation is re-keyed "
                    + "without it)");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "One line per subscriber.")
    static final class ListSubscribers implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--dir", required = true, paramLabel = "STORE")
        Path dir;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            var all = Subscribers.of(dir).list();
            if (all.isEmpty()) {
                out.println("no subscribers (caravan store subscribers add --dir " + dir + " --cert CLIENT.asc)");
            }
            for (Certificate c : all) {
                out.println(c.fingerprint().hex() + " " + c.userId());
            }
            return 0;
        }
    }
}
