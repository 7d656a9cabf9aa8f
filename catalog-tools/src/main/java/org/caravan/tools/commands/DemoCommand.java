package org.caravan.tools.commands;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.caravan.tools.demo.DemoStory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start a loopback test network, create a demo store (a root key, two certified developers, "
                + "three apps), publish it, subscribe a client, install an app, revoke a developer and show the "
                + "result; then open the client window on it. With --headless, or without a display, the story is "
                + "told in the terminal only.")
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--headless", description = "Tell the story in the terminal and exit; no window.")
    boolean headless;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where to put the demo's files (default: a new temporary folder).")
    Path dir;

    @Option(names = "--nodes", defaultValue = "4", description = "DHT nodes in the test network (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Override
    public Integer call() throws Exception {
        if (nodes < 2 || nodes > 32) {
            throw new IllegalArgumentException("--nodes must be between 2 and 32, not " + nodes);
        }
        Path work = dir != null ? dir : Files.createTempDirectory("caravan-demo-");
        if (dir != null) {
            Files.createDirectories(work);
            try (var entries = Files.list(work)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("--dir " + work + " is not empty");
                }
            }
        }
        boolean window = !headless && GuiLauncher.displayAvailable();
        if (!headless && !window) {
            spec.commandLine().getOut().println("no display found: telling the story in the terminal (--headless)");
        }
        DemoStory story = new DemoStory(work, nodes, spec.commandLine().getOut());
        if (!window) {
            return story.run(null);
        }
        // The window's process starts with the story and waits for its end: it then opens at once, ready.
        try (GuiLauncher.Early early = GuiLauncher.start(story.clientHome())) {
            return story.run(early::open);
        }
    }
}
