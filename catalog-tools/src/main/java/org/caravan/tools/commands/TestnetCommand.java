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
        // The nodes' state lives only as long as the network: a stopped testnet leaves no folder behind in /tmp.
        Runnable stop = () -> {
            net.close();
            deleteTree(dir);
        };
        Thread hook = new Thread(stop, "testnet-stop");
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
            stop.run();
        }
        return 0;
    }

    private static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            // already gone, or the JVM is going down: a leftover in /tmp is no harm
        }
    }
}
