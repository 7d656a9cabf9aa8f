package org.caravan.tools.commands;

import java.io.PrintWriter;
import org.caravan.core.client.ClientService;
import org.caravan.core.service.CommandRunner;
import org.caravan.tools.Main;

/**
 * Runs forwarded {@code caravan client ...} command lines inside the service, the same picocli commands as a
 * command run on its own, against the service's open client, printing to the forwarding terminal.
 */
public final class ServedCommands implements CommandRunner {
    @Override
    public int run(CommandRequest request, ClientService client, PrintWriter out, PrintWriter err, Terminal terminal) {
        String[] argv = request.argv().toArray(String[]::new);
        HomeContext.serve(new HomeContext.Served(client, terminal, request.tty(), request.width()));
        try {
            var cl = Main.commandLine(out, err, argv);
            cl.setUsageHelpWidth(Math.max(55, Math.min(request.width(), 200)));
            return cl.execute(argv);
        } finally {
            HomeContext.endServed();
            out.flush();
            err.flush();
        }
    }
}
