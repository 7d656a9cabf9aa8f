package org.caravan.core.service;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.caravan.core.client.ClientService;

/**
 * Runs one forwarded {@code caravan} command line inside the process that serves a home, against its open client.
 * The command line's own module supplies it (found with {@link java.util.ServiceLoader}); a service without one
 * (a window started on its own) refuses forwarded commands and says how to run them.
 */
public interface CommandRunner {

    /** Runs {@code request.argv()} printing to {@code out}/{@code err}; returns the command's exit code. */
    int run(CommandRequest request, ClientService client, PrintWriter out, PrintWriter err, Terminal terminal);

    /** What a forwarded command was typed into: whether its output is a terminal, and how wide. */
    record CommandRequest(List<String> argv, boolean tty, int width) {
        public CommandRequest {
            argv = List.copyOf(argv);
        }
    }

    /** The terminal a forwarded command came from, for what must run there rather than in the service. */
    interface Terminal {
        /**
         * Has the forwarding process start {@code command} in {@code directory} in its own terminal, with its own
         * environment, once this command has ended; the process exits with the program's exit code.
         */
        void exec(List<String> command, Path directory) throws IOException;
    }
}
