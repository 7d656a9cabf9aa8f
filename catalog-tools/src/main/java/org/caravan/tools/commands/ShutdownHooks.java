package org.caravan.tools.commands;

/** Long-running commands stop on Ctrl-C through a shutdown hook, or on interrupt when run in-process. */
final class ShutdownHooks {
    private ShutdownHooks() {}

    static void remove(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook is running
        }
    }
}
