package org.caravan.tools.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.caravan.core.catalog.SignerClaim;
import org.caravan.core.client.ClientService;
import org.caravan.core.client.InstalledRecord;
import org.caravan.core.client.ReleaseStanding;
import org.caravan.keyring.trust.KeyRef;
import org.caravan.keyring.trust.TrustDecision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code caravan client show ID}: an app as the catalog describes it, each release with why it is trusted or not. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show an app of the subscribed stores: name, summary, category, the installed version, and every "
                + "release (newest first) with its size, signer and trust state, and the key path that trusts it or "
                + "the rule that refuses it. Exit 0 (also when a release is refused: this reports), 1 when no "
                + "subscribed store lists the app.")
public final class ClientShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    ClientCommand parent;

    @Mixin
    JsonOutput.Flag json;

    @Parameters(paramLabel = "APP_ID")
    String appId;

    @Override
    public Integer call() {
        try (ClientService client = parent.openExisting()) {
            List<ReleaseStanding> releases = client.releases(appId);
            if (releases.isEmpty()) {
                throw new IllegalArgumentException("no subscribed store lists " + appId
                        + " (caravan client search WORDS finds apps; caravan client sync fetches new ones)");
            }
            Optional<InstalledRecord> installed = client.installed(appId);
            ReleaseStanding first = releases.get(0);
            PrintWriter out = spec.commandLine().getOut();
            if (json.json) {
                ObjectNode doc = JsonOutput.document("client-app");
                doc.put("id", appId);
                doc.put("name", first.name());
                doc.put("summary", first.summary());
                doc.put("category", first.category());
                doc.put("type", first.release().type());
                JsonOutput.text(doc, "installedVersion", installed.map(InstalledRecord::version).orElse(null));
                JsonOutput.text(doc, "installedFrom", installed.map(InstalledRecord::storeKey).orElse(null));
                JsonOutput.time(doc, "heldSince", client.held(appId).orElse(null));
                ArrayNode rs = doc.putArray("releases");
                for (ReleaseStanding r : releases) {
                    ObjectNode o = rs.addObject();
                    o.put("version", r.release().version());
                    o.put("store", r.storeName());
                    o.put("storeKey", r.storeKey());
                    o.put("size", r.release().size());
                    o.put("sha256", r.release().sha256());
                    o.put("fileName", r.release().fileName());
                    ArrayNode signers = o.putArray("signers");
                    for (SignerClaim c : r.release().signers()) {
                        JsonOutput.time(signers.addObject().put("fingerprint", c.fingerprint()), "signedAt", c.signedAt());
                    }
                    o.put("signerUserId", r.signerUserId());
                    o.put("state", r.state().label());
                    o.set("decision", JsonOutput.decision(r.decision()));
                }
                JsonOutput.print(out, doc);
                return 0;
            }
            out.println(appId + "  " + first.name() + (first.release().type().equals("plugin") ? "  (plugin)" : ""));
            row(out, "summary", first.summary());
            row(out, "category", first.category());
            row(out, "installed", installed.map(i -> i.version() + " (since " + JsonOutput.when(i.installedAt()) + ")"
                    + client.held(appId).map(h -> ", held since " + JsonOutput.when(h) + ": updates pass it by").orElse(""))
                    .orElse("no (caravan client install " + appId + ")"));
            row(out, "releases", "");
            int vw = releases.stream().mapToInt(r -> r.release().version().length()).max().orElse(0);
            for (ReleaseStanding r : releases) {
                String signer = r.release().signers().isEmpty() ? "no signer"
                        : r.signerUserId() + " [" + r.release().signers().get(0).fingerprint() + "]";
                out.println(String.format("    %-" + vw + "s  %10s  %-8s  %s%s", r.release().version(),
                        JsonOutput.size(r.release().size()), r.state().label(), signer,
                        releases.stream().map(ReleaseStanding::storeKey).distinct().count() > 1 ? "  from " + r.storeName()
                                : "")
                        + (installed.isPresent() && installed.get().version().equals(r.release().version())
                                ? "  (installed)" : ""));
                out.println(String.format("    %-" + vw + "s  %s", "", why(r.decision())));
            }
            out.flush();
            return 0;
        }
    }

    /** The key path that trusts a release, or the refusal, in one line. */
    static String why(TrustDecision d) {
        if (d instanceof TrustDecision.Trusted t) {
            StringBuilder b = new StringBuilder(String.join(" -> ", t.path().stream().map(KeyRef::userId).toList()));
            b.append(" (").append(t.level().name()).append(", scope ").append(t.scope().value()).append(')');
            if (!t.basis().isEmpty()) {
                b.append("; ").append(t.basis());
            }
            if (!t.coSigners().isEmpty()) {
                b.append("; co-signed by ").append(String.join(", ", t.coSigners().stream().map(KeyRef::userId).toList()));
            }
            return b.toString();
        }
        TrustDecision.Refused r = (TrustDecision.Refused) d;
        return r.rule().label() + ": " + r.reason();
    }

    private static void row(PrintWriter out, String label, String value) {
        out.println(String.format("  %-9s %s", label, value).stripTrailing());
    }
}
