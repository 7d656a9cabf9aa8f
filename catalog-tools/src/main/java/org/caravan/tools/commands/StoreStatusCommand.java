package org.caravan.tools.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.caravan.core.catalog.Catalog;
import org.caravan.core.catalog.CatalogApp;
import org.caravan.core.catalog.CatalogCodec;
import org.caravan.core.catalog.GenerationBundle;
import org.caravan.core.catalog.Release;
import org.caravan.core.store.Publication;
import org.caravan.core.store.ReleaseRecord;
import org.caravan.core.store.StoreDirectory;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.trust.RootSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code caravan store status}: a maintainer's one look at a store folder, and what the next publish would carry. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a store folder: name, magnet, the generation published last (when, and until when it is "
                + "valid), the root set (k of n), how many keys and releases it holds, and the changes not yet "
                + "published (releases added or removed, keys certified or revoked, name or policy). "
                + "Exit 0, or 1 when the folder is not a store.")
public final class StoreStatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreCommand.DirOption dir;

    @Mixin
    JsonOutput.Flag json;

    /** What differs between the folder and its newest generation. */
    record Pending(int releasesAdded, int releasesRemoved, int keysChanged, boolean nameChanged, boolean policyChanged) {
        boolean any() {
            return releasesAdded + releasesRemoved + keysChanged > 0 || nameChanged || policyChanged;
        }

        String describe() {
            if (!any()) {
                return "none";
            }
            List<String> parts = new java.util.ArrayList<>();
            if (releasesAdded > 0) {
                parts.add(releasesAdded + " release" + (releasesAdded == 1 ? "" : "s") + " added");
            }
            if (releasesRemoved > 0) {
                parts.add(releasesRemoved + " release" + (releasesRemoved == 1 ? "" : "s") + " removed");
            }
            if (keysChanged > 0) {
                parts.add(keysChanged + " key" + (keysChanged == 1 ? "" : "s") + " certified, revoked or imported");
            }
            if (nameChanged) {
                parts.add("name changed");
            }
            if (policyChanged) {
                parts.add("policy changed");
            }
            return String.join(", ", parts) + " (caravan store publish)";
        }
    }

    @Override
    public Integer call() throws Exception {
        StoreDirectory store = StoreDirectory.open(dir.dir);
        Instant now = Instant.now();
        String name = store.name();
        String magnet = store.shareableMagnet();
        RootSet roots = store.roots();
        List<Certificate> keys = store.keyring();
        List<ReleaseRecord> releases = store.releases();
        Optional<Publication> latest = store.latest();
        Catalog catalog = null;
        Pending pending;
        if (latest.isPresent()) {
            GenerationBundle bundle = GenerationBundle.read(latest.get().file(), GenerationBundle.MAX_BUNDLE_BYTES);
            catalog = CatalogCodec.decode(bundle.catalogJson());
            pending = pending(store, catalog, bundle, keys, releases, name);
        } else {
            pending = new Pending(releases.size(), 0, keys.size(), false, false);
        }
        long apps = releases.stream().map(ReleaseRecord::id).distinct().count();
        PrintWriter out = spec.commandLine().getOut();
        if (json.json) {
            ObjectNode doc = JsonOutput.document("store-status");
            doc.put("dir", dir.dir.toString());
            doc.put("name", name);
            doc.put("magnet", magnet);
            ObjectNode gen = doc.putObject("published");
            gen.put("generation", latest.map(Publication::generation).orElse(0L));
            JsonOutput.time(gen, "issued", catalog == null ? null : catalog.issued());
            JsonOutput.time(gen, "expires", catalog == null ? null : catalog.expires());
            gen.put("expired", catalog != null && !now.isBefore(catalog.expires()));
            ObjectNode r = doc.putObject("roots");
            r.put("version", roots.version());
            r.put("threshold", roots.threshold());
            r.put("count", roots.roots().size());
            var fprs = r.putArray("fingerprints");
            roots.fingerprints().forEach(f -> fprs.add(f.hex()));
            doc.put("keys", keys.size());
            doc.put("apps", apps);
            doc.put("releases", releases.size());
            ObjectNode p = doc.putObject("pending");
            p.put("any", pending.any());
            p.put("releasesAdded", pending.releasesAdded());
            p.put("releasesRemoved", pending.releasesRemoved());
            p.put("keysChanged", pending.keysChanged());
            p.put("nameChanged", pending.nameChanged());
            p.put("policyChanged", pending.policyChanged());
            JsonOutput.print(out, doc);
            return 0;
        }
        row(out, "store", name);
        row(out, "magnet", magnet);
        if (catalog == null) {
            row(out, "published", "never (caravan store publish)");
        } else {
            row(out, "published", "generation " + catalog.generation() + " at " + JsonOutput.when(catalog.issued()));
            row(out, "valid", (now.isBefore(catalog.expires()) ? "until " : "EXPIRED at ") + JsonOutput.when(catalog.expires())
                    + (now.isBefore(catalog.expires()) ? "" : " (clients refuse new installs: caravan store publish)"));
        }
        row(out, "roots", roots.threshold() + " of " + roots.roots().size() + " (root set version " + roots.version() + ")");
        row(out, "keys", keys.size() + " certified (caravan store keys)");
        row(out, "releases", releases.size() + " of " + apps + " app" + (apps == 1 ? "" : "s"));
        row(out, "pending", pending.describe());
        out.flush();
        return 0;
    }

    private static Pending pending(StoreDirectory store, Catalog catalog, GenerationBundle bundle, List<Certificate> keys,
            List<ReleaseRecord> releases, String name) throws java.io.IOException {
        Set<String> published = new HashSet<>();
        for (CatalogApp a : catalog.apps()) {
            for (Release r : a.releases()) {
                published.add(a.id() + " " + r.version() + " " + r.sha256());
            }
        }
        Set<String> here = new HashSet<>();
        for (ReleaseRecord r : releases) {
            here.add(r.id() + " " + r.version() + " " + r.sha256());
        }
        int added = (int) here.stream().filter(k -> !published.contains(k)).count();
        int removed = (int) published.stream().filter(k -> !here.contains(k)).count();
        Set<Certificate> publishedKeys = new HashSet<>(Certificate.parseAll(bundle.keyring()));
        int keysChanged = (int) keys.stream().filter(c -> !publishedKeys.contains(c)).count();
        return new Pending(added, removed, keysChanged, !catalog.storeName().equals(name),
                !catalog.policy().equals(store.policy()));
    }

    private static void row(PrintWriter out, String label, String value) {
        out.println(String.format("%-10s %s", label, value));
    }
}
