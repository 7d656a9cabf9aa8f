package org.caravan.tools.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.caravan.core.client.AppEntry;
import org.caravan.core.client.ClientService;
import org.caravan.core.client.InstalledRecord;
import org.caravan.core.client.StoreRecord;
import org.caravan.core.client.TrustState;
import org.caravan.core.net.NetworkConfig;
import org.caravan.core.net.PeerAddress;
import org.caravan.core.pkg.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code caravan client status}: one look at this client: stores, updates, spurious apps, network. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show this client: its subscribed stores and whether each catalog is fresh, the installed apps, "
                + "the updates available, installed apps whose signer was revoked (spurious), and the network it syncs "
                + "over. Reads the local database only (caravan client sync fetches). Exit 0 (a report, also when an "
                + "app is spurious), 1 when the home cannot be opened.")
public final class ClientStatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    ClientCommand parent;

    @Mixin
    JsonOutput.Flag json;

    /** An update the client would install: the newest trusted release is newer than the installed one. */
    record Update(String appId, String installed, String available) {}

    @Override
    public Integer call() {
        try (ClientService client = parent.openExisting()) {
            Instant now = Instant.now();
            List<StoreRecord> stores = client.stores();
            List<InstalledRecord> installed = client.installedApps();
            List<AppEntry> apps = client.apps();
            List<Update> updates = apps.stream()
                    .filter(a -> a.installedVersion() != null && a.state() == TrustState.TRUSTED
                            && Version.parse(a.version()).isNewerThan(Version.parse(a.installedVersion())))
                    .map(a -> new Update(a.appId(), a.installedVersion(), a.version())).toList();
            List<AppEntry> spurious = apps.stream()
                    .filter(a -> a.installedVersion() != null && a.state() == TrustState.SPURIOUS).toList();
            NetworkConfig net = client.network();
            String network = net.mode() == NetworkConfig.Mode.MAINLINE ? "mainline (the public DHT)"
                    : "loopback test network" + (net.bootstrap().isEmpty() ? " without nodes"
                            : " via " + String.join(",", net.bootstrap().stream().map(PeerAddress::toString).toList()));
            PrintWriter out = spec.commandLine().getOut();
            if (json.json) {
                ObjectNode doc = JsonOutput.document("client-status");
                doc.put("home", client.home().toString());
                ArrayNode ss = doc.putArray("stores");
                for (StoreRecord s : stores) {
                    ObjectNode o = ss.addObject();
                    o.put("name", s.displayName());
                    o.put("storeKey", s.storeKey());
                    o.put("generation", s.generation());
                    JsonOutput.time(o, "syncedAt", s.syncedAt());
                    JsonOutput.time(o, "expires", s.expires());
                    o.put("freshness", freshness(s, now));
                }
                doc.put("installed", installed.size());
                ArrayNode us = doc.putArray("updates");
                updates.forEach(u -> us.addObject().put("id", u.appId()).put("installed", u.installed())
                        .put("available", u.available()));
                ArrayNode sp = doc.putArray("spurious");
                spurious.forEach(a -> sp.addObject().put("id", a.appId()).put("installed", a.installedVersion())
                        .put("explanation", a.explanation()));
                ObjectNode n = doc.putObject("network");
                n.put("mode", net.mode().name().toLowerCase(java.util.Locale.ROOT));
                ArrayNode b = n.putArray("bootstrap");
                net.bootstrap().forEach(p -> b.add(p.toString()));
                doc.put("seeding", client.seeding());
                doc.put("autoUpdate", client.autoUpdate());
                JsonOutput.print(out, doc);
                return 0;
            }
            out.println(String.format("%-10s %s", "home", client.home()));
            out.println(String.format("%-10s %s", "network", network));
            if (stores.isEmpty()) {
                out.println(String.format("%-10s %s", "stores", "none (caravan client subscribe MAGNET)"));
            }
            int w = stores.stream().mapToInt(s -> s.displayName().length()).max().orElse(0);
            for (StoreRecord s : stores) {
                String state = switch (freshness(s, now)) {
                    case "never-synced" -> "never synced (caravan client sync)";
                    case "fresh" -> "generation " + s.generation() + ", synced " + JsonOutput.when(s.syncedAt())
                            + ", fresh until " + JsonOutput.when(s.expires());
                    default -> "generation " + s.generation() + ", STALE since " + JsonOutput.when(s.expires())
                            + " (caravan client sync)";
                };
                out.println(String.format("%-10s %-" + w + "s  %s", "store", s.displayName(), state));
            }
            out.println(String.format("%-10s %d app%s", "installed", installed.size(), installed.size() == 1 ? "" : "s"));
            if (updates.isEmpty()) {
                out.println(String.format("%-10s %s", "updates", "none"));
            }
            for (Update u : updates) {
                out.println(String.format("%-10s %s %s -> %s (caravan client update %s)", "update", u.appId(),
                        u.installed(), u.available(), u.appId()));
            }
            for (AppEntry a : spurious) {
                out.println(String.format("%-10s %s %s: its signer was revoked; remove it: caravan client remove %s",
                        "SPURIOUS", a.appId(), a.installedVersion(), a.appId()));
            }
            out.flush();
            return 0;
        }
    }

    private static String freshness(StoreRecord s, Instant now) {
        if (s.generation() == 0) {
            return "never-synced";
        }
        return s.expires() != null && s.expires().isAfter(now) ? "fresh" : "stale";
    }
}
