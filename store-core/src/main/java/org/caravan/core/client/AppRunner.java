package org.caravan.core.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Starts an installed app as the user's own process: same terminal (inherited IO), its exit code returned. */
public final class AppRunner {
    private AppRunner() {}

    /** Runs the plan with extra {@code args} appended, waits for it and returns its exit code. */
    public static int run(LaunchPlan.Ready plan, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(plan.command());
        command.addAll(args);
        Process p = new ProcessBuilder(command).directory(plan.directory().toFile()).inheritIO().start();
        return p.waitFor();
    }
}
