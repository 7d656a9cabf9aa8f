package org.caravan.tools.commands;

import java.io.PrintWriter;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Callable;
import org.caravan.core.client.ClientEvent;
import org.caravan.core.service.Wire;
import org.caravan.tools.RefusedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code caravan client watch}: what happens in the served home, one line per event, until stopped. */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Print what happens in the home as it happens (syncs, apps turned spurious, updates available, "
                + "download progress, installs and removals), one line per event with its UTC time, until stopped "
                + "(Ctrl-C). Needs the home's service (caravan client service start); exit 3 when none runs.")
public final class WatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @ParentCommand
    ClientCommand parent;
    @Mixin
    JsonOutput.Flag json;

    @Override
    public Integer call() {
        var served = HomeContext.served();
        if (served.isEmpty()) {
            throw new RefusedException("nothing to watch: no Caravan service runs on " + parent.home()
                    + " (start one: caravan client service start)");
        }
        PrintWriter out = spec.commandLine().getOut();
        BlockingQueue<ClientEvent> events = new LinkedBlockingQueue<>(10_000);
        Runnable remove = served.get().client().addEventListener(events::offer);
        try {
            while (true) {
                ClientEvent e = events.take();
                out.println(json.json ? Wire.event(e).toString() : LogLines.stamped(e.at(), text(e)));
                out.flush();
            }
        } catch (InterruptedException e) {
            return 0;
        } finally {
            remove.run();
        }
    }

    /** An event in words: its kind, then what it says. */
    static String text(ClientEvent e) {
        String what;
        if (e instanceof ClientEvent.SyncDone s) {
            what = s.report().message();
        } else if (e instanceof ClientEvent.AppTurnedSpurious s) {
            what = s.appId() + " " + s.version() + " is spurious: " + s.reason();
        } else if (e instanceof ClientEvent.UpdateAvailable u) {
            what = u.appId() + " " + u.newVersion() + " is available (installed: " + u.installedVersion() + ")";
        } else if (e instanceof ClientEvent.Progress p) {
            what = p.appId() + " " + p.stage() + " " + Math.round(p.fraction() * 100) + "%"
                    + (p.totalBytes() > 0 ? " " + p.bytes() + "/" + p.totalBytes() + " bytes" : "")
                    + (p.bytesPerSecond() > 0 ? " " + p.bytesPerSecond() / 1024 + " KiB/s" : "")
                    + (p.peers() > 0 ? " " + p.peers() + " peers" : "");
        } else if (e instanceof ClientEvent.AppChanged c) {
            what = c.appId() + " " + c.action() + (c.ok() ? ": " : " failed: ") + c.outcome();
        } else if (e instanceof ClientEvent.LicenceAdded l) {
            what = l.appId() + ": " + l.summary();
        } else {
            what = e.toString();
        }
        return e.kind() + " " + what;
    }
}
