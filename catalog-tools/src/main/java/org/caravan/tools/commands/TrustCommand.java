package org.caravan.tools.commands;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import org.caravan.core.client.AppEntry;
import org.caravan.core.client.ClientService;
import org.caravan.core.pkg.Version;
import org.caravan.core.store.ReleaseRecord;
import org.caravan.core.store.StoreDirectory;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.Fingerprint;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.sign.SignatureCheck;
import org.caravan.keyring.trust.KeyRef;
import org.caravan.keyring.trust.LocalOverride;
import org.caravan.keyring.trust.Subject;
import org.caravan.keyring.trust.TrustDecision;
import org.caravan.keyring.trust.TrustEngine;
import org.caravan.keyring.trust.TrustWeb;
import org.caravan.tools.RefusedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code caravan trust explain}: why a store's package is trusted or refused, in words a user can check. */
@Command(name = "trust", mixinStandardHelpOptions = true,
        description = "Explain trust decisions; keep this machine's own trust overrides.",
        subcommands = {TrustCommand.Explain.class, TrustCommand.Allow.class, TrustCommand.Distrust.class,
                TrustCommand.Forget.class, TrustCommand.Overrides.class})
public final class TrustCommand {

    @Command(name = "explain", mixinStandardHelpOptions = true,
            description = "Verify the stored signatures of an app's release(s) in a maintainer's store folder and "
                    + "print the trust decision: the key path, level, scope and co-signers, or the rule that failed. "
                    + "Exit 0 when every explained release is trusted, 3 when one is refused.")
    static final class Explain implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
        Where where;

        static final class Where {
            @Option(names = "--dir", paramLabel = "STORE", description = "A maintainer's store folder: verify the "
                    + "stored packages' signatures and explain every release (or APP_ID@VERSION).")
            Path dir;

            @Option(names = "--home", paramLabel = "HOME", description = "A client's folder: explain the newest "
                    + "release of the app as this client decides it (its stores, its overrides).")
            Path home;
        }

        @Option(names = "--at", paramLabel = "INSTANT",
                description = "Reference time, ISO-8601 UTC such as 2026-03-01T00:00:00Z (default: now).")
        String at;

        @Parameters(paramLabel = "APP_ID[@VERSION]", description = "The app; without a version every release is explained.")
        String app;

        @picocli.CommandLine.Mixin
        JsonOutput.Flag json;

        /** The --json document, filled release by release. */
        private com.fasterxml.jackson.databind.node.ArrayNode jsonReleases;

        @Override
        public Integer call() throws Exception {
            Instant ref = referenceTime();
            String id = app.contains("@") ? app.substring(0, app.indexOf('@')) : app;
            String version = app.contains("@") ? app.substring(app.indexOf('@') + 1) : null;
            if (id.isBlank() || (version != null && version.isBlank())) {
                throw new IllegalArgumentException("expected APP_ID or APP_ID@VERSION, not '" + app + "'");
            }
            if (where.home != null) {
                return explainForClient(id, version);
            }
            Path dir = where.dir;
            StoreDirectory store = StoreDirectory.open(dir);
            List<ReleaseRecord> releases = new ArrayList<>();
            for (ReleaseRecord r : store.releases()) {
                if (r.id().equals(id) && (version == null || r.version().equals(version))) {
                    releases.add(r);
                }
            }
            if (releases.isEmpty()) {
                throw new IllegalArgumentException("store " + dir + " has no release " + (version == null ? "of app "
                        + id : id + " " + version));
            }
            releases.sort(Comparator.comparing(r -> Version.parse(r.version())));
            TrustWeb web = store.trustWeb();
            // The policy the store signs into its generations.
            TrustEngine engine = new TrustEngine(store.policy().trustPolicy());
            // Signatures by another store's developers are checked against that store's web, kept here.
            List<Certificate> candidates = store.signatureCandidates();
            String firstRefusal = null;
            com.fasterxml.jackson.databind.node.ObjectNode doc = startJson("store", dir.toString(), ref);
            for (ReleaseRecord r : releases) {
                TrustDecision d = decide(engine, store, web, candidates, r, ref);
                if (doc != null) {
                    com.fasterxml.jackson.databind.node.ObjectNode o = jsonReleases.addObject();
                    o.put("id", r.id()).put("version", r.version()).put("type", r.type()).put("category", r.category());
                    o.put("state", d instanceof TrustDecision.Trusted ? "trusted"
                            : ((TrustDecision.Refused) d).spurious() ? "spurious" : "refused");
                    o.set("decision", JsonOutput.decision(d));
                } else {
                    print(r, d, ref);
                }
                if (d instanceof TrustDecision.Refused && firstRefusal == null) {
                    firstRefusal = r.id() + " " + r.version() + " " + d.explain();
                }
            }
            if (doc != null) {
                JsonOutput.print(spec.commandLine().getOut(), doc);
            }
            if (firstRefusal != null) {
                throw new RefusedException(firstRefusal);
            }
            return 0;
        }

        /** The --json document for this run, or null without --json. */
        private com.fasterxml.jackson.databind.node.ObjectNode startJson(String from, String where, Instant ref) {
            if (!json.json) {
                return null;
            }
            com.fasterxml.jackson.databind.node.ObjectNode doc = JsonOutput.document("trust-explain");
            doc.put("from", from);
            doc.put(from.equals("store") ? "dir" : "home", where);
            JsonOutput.time(doc, "referenceTime", ref);
            jsonReleases = doc.putArray("releases");
            return doc;
        }

        private int explainForClient(String id, String version) {
            if (at != null) {
                throw new IllegalArgumentException("--at is for a store folder (--dir); a client explains at its own time");
            }
            try (ClientService client = HomeContext.open(where.home)) {
                AppEntry a = client.apps().stream().filter(e -> e.appId().equals(id)).findFirst().orElseThrow(
                        () -> new IllegalArgumentException("no subscribed store lists " + id + " (run client sync?)"));
                if (version != null && !version.equals(a.version())) {
                    throw new IllegalArgumentException("a client explains the newest release of " + id + " ("
                            + a.version() + "), not " + version);
                }
                var out = spec.commandLine().getOut();
                com.fasterxml.jackson.databind.node.ObjectNode doc = startJson("client", where.home.toString(),
                        Instant.now());
                if (doc != null) {
                    com.fasterxml.jackson.databind.node.ObjectNode o = jsonReleases.addObject();
                    o.put("id", a.appId()).put("version", a.version()).put("category", a.category())
                            .put("store", a.storeName()).put("state", a.state().label());
                    TrustDecision d = client.releases(id).stream().filter(r -> r.release().version().equals(a.version()))
                            .map(org.caravan.core.client.ReleaseStanding::decision).findFirst().orElse(null);
                    if (d == null) {
                        o.putNull("decision");
                    } else {
                        o.set("decision", JsonOutput.decision(d));
                    }
                    o.put("explanation", a.explanation());
                    JsonOutput.print(out, doc);
                } else {
                    out.println(a.appId() + " " + a.version() + " from " + a.storeName() + ": " + a.state().label());
                    out.println("  " + a.explanation());
                    out.flush();
                }
                if (a.state() != org.caravan.core.client.TrustState.TRUSTED) {
                    throw new RefusedException(a.appId() + " " + a.version() + " is " + a.state().label());
                }
                return 0;
            }
        }

        private Instant referenceTime() {
            if (at == null) {
                return Instant.now();
            }
            try {
                return Instant.parse(at.trim());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--at '" + at + "' is not an ISO-8601 UTC instant such as "
                        + "2026-03-01T00:00:00Z");
            }
        }

        private static TrustDecision decide(TrustEngine engine, StoreDirectory store, TrustWeb web,
                List<Certificate> candidates, ReleaseRecord r, Instant ref) throws java.io.IOException {
            Path file = store.packageFile(r);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("package file of " + r.id() + " " + r.version() + " is missing: " + file);
            }
            List<SignatureCheck> checks = new ArrayList<>();
            for (String armored : r.signatures()) {
                checks.addAll(DetachedSignatures.verify(file, armored.getBytes(StandardCharsets.US_ASCII), candidates));
            }
            return engine.decide(web, checks, new Subject(r.id(), r.category(), r.type()), ref, store.trustContext());
        }

        private void print(ReleaseRecord r, TrustDecision d, Instant ref) {
            var out = spec.commandLine().getOut();
            out.println(r.id() + " " + r.version() + " (" + r.type() + ", category " + r.category() + ") at " + ref + ":");
            if (d instanceof TrustDecision.Trusted t) {
                out.println("  trusted, level " + t.level() + ", scope " + t.scope());
                for (int i = 0; i < t.path().size(); i++) {
                    out.println("  " + (i == 0 ? "  " : "-> ") + t.path().get(i));
                }
                if (!t.basis().isEmpty()) {
                    out.println("  " + t.basis());
                }
                for (KeyRef k : t.coSigners()) {
                    out.println("  co-signed by " + k);
                }
            } else if (d instanceof TrustDecision.Refused f) {
                out.println("  " + f.explain());
                if (f.spurious()) {
                    out.println("  spurious: the signer was revoked; clients block new installs and offer removal");
                }
            }
            out.flush();
        }
    }

    /** The client folder the override commands work on. */
    static final class HomeOption {
        @Option(names = "--home", required = true, paramLabel = "HOME", description = "The client's folder.")
        Path home;
    }

    @Command(name = "allow", mixinStandardHelpOptions = true,
            description = "On this machine only, trust a key to sign one app, as if a store had certified it for that "
                    + "app. The key must still be valid (not revoked, not expired).")
    static final class Allow implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @picocli.CommandLine.Mixin
        HomeOption home;

        @Option(names = "--key", required = true, paramLabel = "FPR", description = "The key's fingerprint.")
        String key;

        @Option(names = "--app", required = true, paramLabel = "APP_ID", description = "The one app it may sign.")
        String app;

        @Override
        public Integer call() {
            Fingerprint fpr = Fingerprint.of(key);
            org.caravan.core.pkg.PackageMetadata.requireValidId(app);
            try (ClientService client = HomeContext.open(home.home)) {
                client.trustKeyForApp(fpr, app);
            }
            spec.commandLine().getOut().println("this machine now trusts " + fpr.hex() + " for " + app);
            return 0;
        }
    }

    @Command(name = "distrust", mixinStandardHelpOptions = true,
            description = "On this machine only, never trust a key, whatever any store says.")
    static final class Distrust implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @picocli.CommandLine.Mixin
        HomeOption home;

        @Parameters(paramLabel = "FPR", description = "The key's fingerprint.")
        String key;

        @Override
        public Integer call() {
            Fingerprint fpr = Fingerprint.of(key);
            try (ClientService client = HomeContext.open(home.home)) {
                client.distrustKey(fpr);
            }
            spec.commandLine().getOut().println("this machine now distrusts " + fpr.hex());
            return 0;
        }
    }

    @Command(name = "forget", mixinStandardHelpOptions = true, description = "Drop this machine's overrides of a key.")
    static final class Forget implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @picocli.CommandLine.Mixin
        HomeOption home;

        @Parameters(paramLabel = "FPR", description = "The key's fingerprint.")
        String key;

        @Override
        public Integer call() {
            Fingerprint fpr = Fingerprint.of(key);
            int n;
            try (ClientService client = HomeContext.open(home.home)) {
                n = client.forgetOverrides(fpr);
            }
            if (n == 0) {
                throw new IllegalArgumentException("this machine has no override of " + fpr.hex());
            }
            spec.commandLine().getOut().println("forgot " + n + " override(s) of " + fpr.hex());
            return 0;
        }
    }

    @Command(name = "overrides", mixinStandardHelpOptions = true, description = "List this machine's trust overrides.")
    static final class Overrides implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @picocli.CommandLine.Mixin
        HomeOption home;

        @Override
        public Integer call() {
            try (ClientService client = HomeContext.open(home.home)) {
                for (LocalOverride o : client.overrides()) {
                    spec.commandLine().getOut().println(o instanceof LocalOverride.TrustForApp t
                            ? "allow " + t.key().hex() + " for " + t.appId()
                            : "distrust " + o.key().hex());
                }
            }
            return 0;
        }
    }
}
