package org.caravan.tools.commands;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.caravan.core.net.PeerAddress;
import org.caravan.core.net.TestNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "testnet", mixinStandardHelpOptions = true,
        description = "Run N DHT nodes on 127.0.0.1 until stopped (Ctrl-C); prints each node's address "
                + "(127.0.0.1:PORT) on its own line as soon as it listens. Use them with --bootstrap.")
public final class TestnetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--nodes", defaultValue = "4", description = "How many nodes (1-64, default: ${DEFAULT-VALUE}).")
    int nodes;

    @Override
    public Integer call() throws Exception {
        if (nodes < 1 || nodes > 64) {
            throw new IllegalArgumentException("--nodes must be between 1 and 64, not " + nodes);
        }
        Path dir = Files.createTempDirectory("caravan-testnet-");
        TestNetwork net = TestNetwork.start(nodes, dir);
        Thread hook = new Thread(net::close, "testnet-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            for (PeerAddress a : net.addresses()) {
                spec.commandLine().getOut().println(a);
            }
            spec.commandLine().getOut().flush();
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ShutdownHooks.remove(hook);
            net.close();
        }
        return 0;
    }
}
