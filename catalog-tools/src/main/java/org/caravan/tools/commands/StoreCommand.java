package org.caravan.tools.commands;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.caravan.core.net.PeerNode;
import org.caravan.core.net.TorrentSessions;
import org.caravan.core.catalog.SignedRootSet;
import org.caravan.core.store.Publication;
import org.caravan.core.store.ReleaseRecord;
import org.caravan.core.store.StoreDirectory;
import org.caravan.core.store.StoreServer;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.Fingerprint;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.trust.Level;
import org.caravan.keyring.trust.RevocationReason;
import org.caravan.keyring.trust.RootRotation;
import org.caravan.keyring.trust.RootSet;
import org.caravan.keyring.trust.Scope;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "store", mixinStandardHelpOptions = true,
        description = "Run a store: create it, certify and revoke developer keys, admit packages, publish and serve.",
        subcommands = {StoreCommand.Init.class, StoreCommand.Certify.class, StoreCommand.Revoke.class,
                StoreCommand.Add.class, StoreCommand.Remove.class, StoreCommand.Publish.class, StoreCommand.Serve.class,
                StoreCommand.Root.class, StoreCommand.Import.class, StoreCommand.Keyring.class, StoreCommand.Policy.class,
                StoreCommand.OnlineKey.class, StoreCommand.Approve.class, StoreStatusCommand.class, StoreKeysCommand.class,
                StoreSubscribersCommand.class})
public final class StoreCommand {

    static final class DirOption {
        @Option(names = "--dir", required = true, paramLabel = "STORE", description = "The store directory.")
        Path dir;
    }

    /** The store directory of a command that signs for the store, and the passphrase of its protected root keys. */
    static final class SigningDirOption {
        @Option(names = "--dir", required = true, paramLabel = "STORE", description = "The store directory.")
        Path dir;

        @Mixin
        PassphraseOption passphrase;

        StoreDirectory open() throws java.io.IOException {
            return StoreDirectory.open(dir, passphrase.source());
        }

        SecretKey readSecretKey(Path file) throws java.io.IOException {
            return StoreDirectory.readSecretKey(file, passphrase.source());
        }
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Create a store in STORE with a root key; prints the store's magnet. With --online-key, the "
                    + "online key is the store's identity and signs its catalogs (delegated by the root for "
                    + "--valid-days), so the root's secret key can leave the serving machine; the magnet then pins "
                    + "the root set.")
    static final class Init implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        SigningDirOption dir;

        @Option(names = "--name", required = true, description = "The store's name, shown to users.")
        String name;

        @Option(names = "--root-key", required = true, paramLabel = "KEYFILE",
                description = "The root secret key (Ed25519): it signs catalogs and certifications, and, without "
                        + "--online-key, its public key is the store's identity.")
        Path rootKey;

        @Option(names = "--online-key", paramLabel = "KEYFILE",
                description = "An Ed25519 secret key kept on the serving machine: the store's identity (DHT channel) "
                        + "and catalog signer, delegated by the root.")
        Path onlineKey;

        @Option(names = "--valid-days", defaultValue = "30", paramLabel = "DAYS",
                description = "How long the root delegates to the online key (default: ${DEFAULT-VALUE}); renew with "
                        + "store online-key delegate.")
        int validDays;

        @Option(names = "--private", description = "A private store: each generation is sealed for its subscribers "
                + "(caravan store subscribers add); anyone may seed it, only subscribers read it.")
        boolean privateStore;

        @Override
        public Integer call() throws Exception {
            if (onlineKey == null) {
                StoreDirectory store = StoreDirectory.init(dir.dir, name, rootKey, dir.passphrase.source());
                if (privateStore) {
                    store.makePrivate();
                    spec.commandLine().getErr().println("caravan: a private store; add subscribers before publishing: "
                            + "caravan store subscribers add --dir " + dir.dir + " --cert CLIENT.asc");
                }
                spec.commandLine().getOut().println(store.magnet().format());
                return 0;
            }
            if (privateStore) {
                throw new IllegalArgumentException("--private with --online-key is not supported yet; make the store "
                        + "private without an online key");
            }
            if (validDays < 1) {
                throw new IllegalArgumentException("--valid-days must be at least 1, not " + validDays);
            }
            Instant now = Instant.now();
            StoreDirectory store = StoreDirectory.initWithOnlineKey(dir.dir, name, rootKey, dir.readSecretKey(onlineKey),
                    now.plus(Duration.ofDays(validDays)), dir.passphrase.source(), now);
            var out = spec.commandLine().getOut();
            out.println(store.shareableMagnet());
            spec.commandLine().getErr().println("caravan: the root delegated catalog signing to the online key for "
                    + validDays + " days; the root's secret key may now leave this machine (keep its certificate:"
                    + " caravan key export KEYFILE > " + dir.dir.resolve("keys/root.key") + ")");
            return 0;
        }
    }

    @Command(name = "certify", mixinStandardHelpOptions = true,
            description = "Certify a developer key with a privilege level and a scope.")
    static final class Certify implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        SigningDirOption dir;

        @Option(names = "--cert", required = true, paramLabel = "FILE", description = "The developer's armored certificate.")
        Path cert;

        @Mixin
        CertificationOptions what;

        @Override
        public Integer call() throws Exception {
            StoreDirectory store = dir.open();
            Certificate dev = StoreDirectory.readCertificate(cert);
            Level l = store.level(what.level);
            Scope s = Scope.parse(what.scope);
            Certificate certified = store.certify(dev, l, s, parseTime(what.expires), Instant.now());
            spec.commandLine().getOut().println("certified " + certified.userId() + " [" + certified.fingerprint().hex()
                    + "] as " + l + " in scope " + s);
            return 0;
        }
    }

    /** What a certification says: level, scope, expiry (store certify, key certify). */
    static final class CertificationOptions {
        @Option(names = "--level", defaultValue = "developer",
                description = "A level of the store's policy, by name or rank; by default newcomer, developer, mentor "
                        + "or maintainer (default: ${DEFAULT-VALUE}).")
        String level;

        @Option(names = "--scope", defaultValue = "global",
                description = "global, app:<id> or category:<name>[+plugins] (default: ${DEFAULT-VALUE}).")
        String scope;

        @Option(names = "--expires", paramLabel = "YYYY-MM-DD|INSTANT", description = "When the certification expires.")
        String expires;
    }

    /** Why a key or certification is revoked (store revoke, key revoke). */
    static final class RevocationOptions {
        // Required: a revocation decides whether every package the key ever signed turns spurious (hard) or only
        // later ones (soft); no default picks the hardest one silently (issue 12).
        @Option(names = "--reason", required = true, paramLabel = "REASON",
                description = "Required: compromised or unspecified (hard: everything the key signed becomes spurious), "
                        + "retired or superseded (soft: what was signed before stays valid).")
        String reason;

        @Option(names = "--comment", defaultValue = "", description = "A human-readable explanation.")
        String comment;
    }

    static Instant parseTime(String text) {
        if (text == null) {
            return null;
        }
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("bad time '" + text + "' (expected YYYY-MM-DD or 2026-01-31T12:00:00Z)");
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke the store's certification of a key, with --reason: compromised and unspecified are hard: "
                    + "every package the key signed becomes spurious; retired and superseded keep what was signed before.")
    static final class Revoke implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        SigningDirOption dir;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Which which;

        static final class Which {
            @Option(names = "--cert", paramLabel = "FILE", description = "The key's armored certificate.")
            Path cert;

            @Option(names = "--fingerprint", paramLabel = "FPR", description = "The key's fingerprint.")
            String fingerprint;
        }

        @Mixin
        RevocationOptions why;
        @Mixin
        Confirmation confirmation;

        @Option(names = "--dry-run", description = "Only say what would be revoked; change nothing.")
        boolean dryRun;

        @Override
        public Integer call() throws Exception {
            StoreDirectory store = dir.open();
            Certificate given = which.cert != null ? StoreDirectory.readCertificate(which.cert) : null;
            Fingerprint fpr = given != null ? given.fingerprint() : Fingerprint.of(which.fingerprint);
            RevocationReason r = RevocationReason.parse(why.reason);
            String what = "revoke " + (given != null ? given.userId() + " " : "") + "[" + fpr.hex() + "] in " + dir.dir
                    + " as " + r + (r.hard() ? " (hard: every package it signed becomes spurious)"
                            : " (soft: what it signed before stays valid)");
            if (dryRun) {
                spec.commandLine().getOut().println("would " + what + "; nothing changed (--dry-run)");
                return 0;
            }
            confirmation.confirm("store revoke", what);
            Certificate revoked = store.revoke(fpr, r, why.comment, Instant.now());
            spec.commandLine().getOut().println("revoked " + revoked.userId() + " [" + fpr.hex() + "] (" + r
                    + (r.hard() ? ", hard: its packages are now spurious" : ", soft: earlier signatures stay valid") + ")");
            return 0;
        }
    }

    @Command(name = "policy", mixinStandardHelpOptions = true,
            description = "Show the store's policy (signed into every generation), or change it with the options: "
                    + "privilege levels, who publishes alone, mentoring, promotion thresholds, catalog lifetime. "
                    + "The root threshold k is changed with store root rotate. A store with an online key publishes "
                    + "only a policy k roots signed: the roots kept here sign it, --sign-with adds the others.")
    static final class Policy implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        SigningDirOption dir;

        @Option(names = "--sign-with", paramLabel = "KEYFILE",
                description = "The secret key of a root kept elsewhere, to sign the policy (not stored). Repeatable.")
        List<Path> signWith = new java.util.ArrayList<>();

        @Option(names = "--propose", paramLabel = "FILE", description = "Do not change the policy yet: write the change, "
                + "signed by the roots at hand, to FILE for the other root holders (caravan store approve).")
        Path propose;

        @Option(names = "--apply", paramLabel = "FILE", description = "Change the policy as the proposal in FILE says, "
                + "once k roots signed it.")
        Path apply;

        @Option(names = "--levels", split = ",", paramLabel = "NAME",
                description = "Level names, lowest first (e.g. newcomer,developer,mentor,maintainer).")
        List<String> levels;

        @Option(names = "--publish-level", paramLabel = "LEVEL", description = "Lowest level that publishes alone in scope.")
        String publishLevel;

        @Option(names = "--mentor-level", paramLabel = "LEVEL", description = "Lowest level whose co-signature counts as a mentor's.")
        String mentorLevel;

        @Option(names = "--maintainer-level", paramLabel = "LEVEL",
                description = "Lowest level that certifies and revokes for the store within its scope.")
        String maintainerLevel;

        @Option(names = "--mentor-cosignatures", paramLabel = "N",
                description = "Mentors that must co-sign a package by a key below the publish level.")
        Integer mentorCoSignatures;

        @Option(names = "--promote", paramLabel = "LEVEL=N",
                description = "N certifications in a scope by distinct keys of LEVEL or above there promote a key to the "
                        + "next level in that scope; N = 0 turns that promotion off. Repeatable.")
        java.util.Map<String, Integer> promote;

        @Option(names = "--catalog-lifetime-days", paramLabel = "DAYS",
                description = "How long a generation stays fresh (after it, clients refuse new installs).")
        Integer lifetimeDays;

        @Override
        public Integer call() throws Exception {
            StoreDirectory store = dir.open();
            List<SecretKey> coSigners = new java.util.ArrayList<>();
            for (Path f : signWith) {
                coSigners.add(dir.readSecretKey(f));
            }
            if (apply != null) {
                spec.commandLine().getOut().println(store.applyStatement(
                        org.caravan.core.store.RootStatementProposal.read(apply), null));
                return 0;
            }
            org.caravan.core.catalog.StorePolicy p = store.policy();
            boolean change = levels != null || publishLevel != null || mentorLevel != null || maintainerLevel != null
                    || mentorCoSignatures != null || promote != null || lifetimeDays != null;
            if (change) {
                List<String> names = levels == null ? p.levels() : levels.stream().map(String::trim).toList();
                // Level names in the other options are read against the new names.
                org.caravan.core.catalog.StorePolicy named = new org.caravan.core.catalog.StorePolicy(names,
                        p.catalogLifetimeSeconds(), Math.min(p.publishLevel(), names.size() - 1),
                        Math.min(p.mentorLevel(), names.size() - 1), Math.min(p.maintainerLevel(), names.size() - 1),
                        java.util.Map.of(), p.mentorCoSignatures(), p.rootThreshold());
                java.util.Map<String, Integer> promotions = new java.util.TreeMap<>();
                if (levels == null) {
                    promotions.putAll(p.promotions());
                }
                if (promote != null) {
                    for (var e : promote.entrySet()) {
                        String name = names.get(named.rankOf(e.getKey()));
                        if (e.getValue() == 0) {
                            promotions.remove(name);
                        } else {
                            promotions.put(name, e.getValue());
                        }
                    }
                }
                long lifetime = lifetimeDays == null ? p.catalogLifetimeSeconds()
                        : java.time.Duration.ofDays(lifetimeDays).toSeconds();
                org.caravan.core.catalog.StorePolicy wanted = new org.caravan.core.catalog.StorePolicy(names, lifetime,
                        publishLevel == null ? named.publishLevel() : named.rankOf(publishLevel),
                        mentorLevel == null ? named.mentorLevel() : named.rankOf(mentorLevel),
                        maintainerLevel == null ? named.maintainerLevel() : named.rankOf(maintainerLevel),
                        promotions, mentorCoSignatures == null ? p.mentorCoSignatures() : mentorCoSignatures,
                        p.rootThreshold());
                if (propose != null) {
                    var proposal = store.proposePolicy(wanted, coSigners, Instant.now());
                    proposal.write(propose);
                    spec.commandLine().getOut().println("wrote the policy change to " + propose + ", with "
                            + proposal.signatures().size() + " signature(s); each root holder signs it with caravan store"
                            + " approve --key KEYFILE " + propose + ", then: caravan store policy --dir " + dir.dir
                            + " --apply " + propose);
                    return 0;
                }
                p = store.setPolicy(wanted, coSigners, Instant.now());
            } else if (!coSigners.isEmpty()) {
                p = store.setPolicy(p, coSigners, Instant.now());
                spec.commandLine().getOut().println("policy signed by the roots at hand (published with the next "
                        + "generation)");
            }
            var out = spec.commandLine().getOut();
            out.println((change ? "policy changed (published with the next generation):" : "policy:"));
            out.println("  levels: " + String.join(", ", p.levels()) + " (lowest first)");
            out.println("  publishes alone in scope: " + p.levels().get(p.publishLevel()) + " and above");
            out.println("  mentors: " + p.levels().get(p.mentorLevel()) + " and above; " + p.mentorCoSignatures()
                    + " co-signature(s) needed below " + p.levels().get(p.publishLevel()));
            out.println("  maintainers: " + p.levels().get(p.maintainerLevel()) + " and above");
            if (p.promotions().isEmpty()) {
                out.println("  promotion: none");
            }
            for (var e : p.promotions().entrySet()) {
                out.println("  promotion: " + e.getValue() + " certifications by keys of " + e.getKey()
                        + " or above in a scope -> " + p.levels().get(p.levels().indexOf(e.getKey()) + 1) + " there");
            }
            out.println("  catalog lifetime: " + java.time.Duration.ofSeconds(p.catalogLifetimeSeconds()).toDays() + " days");
            out.println("  roots: " + p.rootThreshold() + " of the root set sign (store root rotate changes it)");
            return 0;
        }
    }

    @Command(name = "keyring", mixinStandardHelpOptions = true,
            description = "Print the store's keyring (its roots and every key it certified, with its certifications and "
                    + "revocations), armored: what another store that cross-certified this one imports with "
                    + "store import --store.")
    static final class Keyring implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        DirOption dir;

        @Override
        public Integer call() throws Exception {
            StoreDirectory store = StoreDirectory.open(dir.dir);
            List<Certificate> all = new java.util.ArrayList<>(store.roots().roots());
            all.addAll(store.keyring());
            spec.commandLine().getOut().print(Certificate.armoredKeyring(all));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "online-key", mixinStandardHelpOptions = true,
            description = "The store's online key: it signs catalog generations when the roots are kept offline, for a "
                    + "time k roots delegate. It cannot certify, revoke, change the policy or the roots.",
            subcommands = {OnlineKey.Delegate.class})
    static final class OnlineKey {
        @Command(name = "delegate", mixinStandardHelpOptions = true,
                description = "Delegate catalog signing to KEYFILE until --valid-days from now, signed by the roots kept "
                        + "here and --sign-with (k of them); the key is kept in STORE/keys/online.key (mode 600) and the "
                        + "current policy is signed by the same roots. Run it again before the delegation ends.")
        static final class Delegate implements Callable<Integer> {
            @Spec
            CommandSpec spec;
            @Mixin
            SigningDirOption dir;

            @Option(names = "--key", required = true, paramLabel = "KEYFILE", description = "The online key's secret key.")
            Path key;

            @Option(names = "--valid-days", defaultValue = "30", paramLabel = "DAYS",
                    description = "How long the delegation holds (default: ${DEFAULT-VALUE}).")
            int validDays;

            @Option(names = "--sign-with", paramLabel = "KEYFILE",
                    description = "The secret key of a root kept elsewhere (not stored). Repeatable.")
            List<Path> signWith = new java.util.ArrayList<>();

            @Option(names = "--propose", paramLabel = "FILE",
                    description = "Do not delegate yet: write the delegation, signed by the roots at hand, to FILE for "
                            + "the other root holders to sign on their own machines (caravan store approve).")
            Path propose;

            @Option(names = "--apply", paramLabel = "FILE",
                    description = "Delegate as the proposal in FILE says, once k roots signed it (--key: the online "
                            + "key's secret key, kept here).")
            Path apply;

            @Override
            public Integer call() throws Exception {
                if (validDays < 1) {
                    throw new IllegalArgumentException("--valid-days must be at least 1, not " + validDays);
                }
                StoreDirectory store = dir.open();
                List<SecretKey> coSigners = new java.util.ArrayList<>();
                for (Path f : signWith) {
                    coSigners.add(dir.readSecretKey(f));
                }
                Instant now = Instant.now();
                var out = spec.commandLine().getOut();
                if (apply != null) {
                    out.println(store.applyStatement(org.caravan.core.store.RootStatementProposal.read(apply),
                            dir.readSecretKey(key)));
                    return 0;
                }
                if (propose != null) {
                    Certificate online = java.nio.file.Files.readString(key, java.nio.charset.StandardCharsets.ISO_8859_1)
                            .contains("PRIVATE KEY BLOCK") ? dir.readSecretKey(key).certificate()
                            : StoreDirectory.readCertificate(key);
                    var p = store.proposeOnlineKey(online, now.plus(Duration.ofDays(validDays)), coSigners, now);
                    p.write(propose);
                    out.println("wrote the delegation of online key " + online.fingerprint() + " to " + propose + ", with "
                            + p.signatures().size() + " signature(s); each root holder signs it with caravan store "
                            + "approve --key KEYFILE " + propose + ", then: caravan store online-key delegate --dir "
                            + dir.dir + " --key ONLINEKEY --apply " + propose);
                    return 0;
                }
                org.caravan.core.catalog.OnlineKeyDelegation d = store.delegateOnlineKey(dir.readSecretKey(key),
                        now.plus(Duration.ofDays(validDays)), coSigners, now);
                spec.commandLine().getOut().println("online key " + d.key() + " signs catalogs until " + d.validUntil()
                        + " (delegated by " + d.signatures().size() + " roots of root set version " + d.rootSetVersion()
                        + "); catalogs it signs expire by then");
                return 0;
            }
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = "On a root holder's own machine: show a statement the store proposes (an online key's "
                    + "delegation, a policy) and add your root key's signature to the proposal FILE.")
    static final class Approve implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        SigningKeyOption key;

        @Parameters(paramLabel = "FILE", description = "The proposal (JSON) made with --propose.")
        Path file;

        @Override
        public Integer call() throws Exception {
            var p = org.caravan.core.store.RootStatementProposal.read(file);
            SecretKey mine = key.read();
            var out = spec.commandLine().getOut();
            out.println("store " + p.storeKey() + ", " + p.kind() + ":");
            p.text().lines().forEach(l -> out.println("  " + l));
            if (p.signedBy(mine.certificate())) {
                throw new IllegalArgumentException(file + " is signed by " + mine.certificate() + " already");
            }
            p.withSignature(org.caravan.keyring.sign.DetachedSignatures.sign(mine, p.bytes(), Instant.now())).write(file);
            out.println("signed as " + mine.certificate() + "; " + (p.signatures().size() + 1) + " signature(s) in " + file);
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Take certifications and revocations made with caravan key certify|revoke|designate-revoker "
                    + "(by maintainers, mentors, developers, or a key itself) into the store's keyring; the next "
                    + "generation carries them and the trust engine counts what its rules allow.")
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        DirOption dir;

        @Parameters(arity = "1..*", paramLabel = "FILE.asc", description = "Armored certificates (several per file allowed), "
                + "or bare key revocation certificates (gpg's openpgp-revocs.d/FPR.rev as it is, sq revoke certificate's "
                + "output) of keys the store holds.")
        List<Path> files;

        @Option(names = "--store", description = "FILE is another store's keyring (from caravan store keyring there), "
                + "whose root this store cross-certified: kept to judge that store's developers here, within the "
                + "cross-certification's scope.")
        boolean otherStore;

        @Override
        public Integer call() throws Exception {
            StoreDirectory store = StoreDirectory.open(dir.dir);
            List<Certificate> certs = new java.util.ArrayList<>();
            for (Path f : files) {
                if (!java.nio.file.Files.isRegularFile(f)) {
                    throw new IllegalArgumentException("no such certificate file: " + f);
                }
                byte[] data = java.nio.file.Files.readAllBytes(f);
                if (org.caravan.keyring.trust.RevocationCertificates.isBare(data)) {
                    // A bare revocation (gpg's openpgp-revocs.d/FPR.rev, sq revoke certificate) names no key:
                    // it joins the certificate it revokes among those the store holds.
                    try {
                        certs.addAll(org.caravan.keyring.trust.RevocationCertificates.attach(data, store.keyring()));
                    } catch (org.caravan.keyring.key.KeyFormatException e) {
                        throw new IllegalArgumentException(f + ": " + e.getMessage(), e);
                    }
                    continue;
                }
                try {
                    certs.addAll(Certificate.parseAll(data));
                } catch (org.caravan.keyring.key.KeyFormatException e) {
                    throw new IllegalArgumentException(f + " is not an OpenPGP certificate: " + e.getMessage(), e);
                }
            }
            if (otherStore) {
                StoreDirectory.ImportedStore i = store.importStoreWeb(certs);
                spec.commandLine().getOut().println("kept the keyring of the store whose root is " + i.root() + ": "
                        + i.keys() + " certified key(s)");
                return 0;
            }
            for (StoreDirectory.Imported i : store.importSignatures(certs)) {
                spec.commandLine().getOut().println("imported " + i.key().userId() + " [" + i.key().fingerprint().hex()
                        + "]: " + i.after() + " signatures by others (" + (i.after() - i.before()) + " new)");
            }
            return 0;
        }
    }

    @Command(name = "root", mixinStandardHelpOptions = true,
            description = "The store's root keys: k of them sign every catalog, certification and revocation.",
            subcommands = {Root.ListRoots.class, Root.Rotate.class})
    static final class Root {
        @Command(name = "list", mixinStandardHelpOptions = true,
                description = "Show the current root set (version, threshold k of n, which secret keys this folder holds) "
                        + "and its history.")
        static final class ListRoots implements Callable<Integer> {
            @Spec
            CommandSpec spec;
            @Mixin
            DirOption dir;

            @Override
            public Integer call() throws Exception {
                StoreDirectory store = StoreDirectory.open(dir.dir);
                RootSet set = store.roots();
                var out = spec.commandLine().getOut();
                out.println("root set version " + set.version() + ": " + set.threshold() + " of " + set.roots().size()
                        + " roots sign for the store");
                for (Certificate c : set.roots()) {
                    boolean channel = isEd25519(c) && java.util.Arrays.equals(c.ed25519PublicKey(), store.storeKey());
                    out.println("  " + c.fingerprint().hex() + "  " + c.userId()
                            + (channel ? "  (channel root: its key is the store key)" : "")
                            + (store.holdsSecretOf(c.fingerprint()) ? "  [secret key here]" : "  [secret key elsewhere]"));
                }
                for (SignedRootSet h : store.rootHistory()) {
                    boolean anchored = h.roots().stream().anyMatch(f -> {
                        Certificate c = f.equals(store.rootCertificate().fingerprint().hex()) ? store.rootCertificate()
                                : null;
                        return c != null && isEd25519(c) && java.util.Arrays.equals(c.ed25519PublicKey(), store.storeKey());
                    });
                    out.println("history: version " + h.version() + ", " + h.threshold() + " of " + h.roots().size()
                            + (h.version() == 1 ? (anchored ? " (anchored by the store key)"
                                    : " (anchored by the magnet's pin; the store key is the online key)")
                                    : ", " + h.signatures().size()
                            + " approving signatures")
                            + (h.endorses().endorsesNothing() ? "" : ", endorsing " + h.endorses().count() + " decision"
                                    + (h.endorses().count() == 1 ? "" : "s")));
                }
                var online = store.onlineDelegation();
                if (online.isPresent()) {
                    out.println("online key " + online.get().key() + " signs catalogs until " + online.get().validUntil()
                            + " (delegated under root set version " + online.get().rootSetVersion() + " by "
                            + online.get().signatures().size() + " root signature(s))");
                }
                out.println("magnet: " + store.shareableMagnet());
                return 0;
            }
        }

        private static boolean isEd25519(Certificate c) {
            try {
                c.ed25519PublicKey();
                return true;
            } catch (org.caravan.keyring.key.KeyFormatException e) {
                return false;
            }
        }

        @Command(name = "rotate", mixinStandardHelpOptions = true,
                description = "Make the next root set version: add or remove roots and/or change the threshold k. "
                        + "k of the current roots and k of the new ones must sign it (every root secret key kept in "
                        + "the folder signs; add the others with --sign-with). Clients accept it only that way. "
                        + "The new set endorses the store's certifications and revocations, so every key keeps its "
                        + "standing; the keys whose standing would change are listed first. Refused when the folder "
                        + "would no longer hold k of the new roots' secret keys.")
        static final class Rotate implements Callable<Integer> {
            @Spec
            CommandSpec spec;
            @Mixin
            SigningDirOption dir;

            @Option(names = "--add", paramLabel = "KEYFILE",
                    description = "A new root: a secret key file (kept in the folder, mode 600, signs for the store) or "
                            + "an armored certificate (its holder keeps the secret key). Repeatable.")
            List<Path> add = new java.util.ArrayList<>();

            @Option(names = "--remove", paramLabel = "FPR", description = "Fingerprint of a root to drop. Repeatable.")
            List<String> remove = new java.util.ArrayList<>();

            @Option(names = "--threshold", paramLabel = "K", description = "The new k (default: keep the current one).")
            Integer threshold;

            @Option(names = "--sign-with", paramLabel = "KEYFILE",
                    description = "The secret key of a root (old or new) kept elsewhere, to approve the rotation; "
                            + "it is not stored. Repeatable.")
            List<Path> signWith = new java.util.ArrayList<>();

            @Option(names = "--propose", paramLabel = "FILE",
                    description = "Do not rotate yet: write the rotation, signed by the roots at hand, to FILE for the "
                            + "other root holders to sign on their own machines (caravan key sign-roots).")
            Path propose;

            @Option(names = "--apply", paramLabel = "FILE",
                    description = "Rotate as the proposal in FILE says, once k current and k new roots signed it "
                            + "(instead of --add, --remove, --threshold).")
            Path apply;

            @Option(names = "--dry-run", description = "Only show what the rotation would do: the decisions it "
                    + "endorses, the keys whose standing would change, the secret keys the folder would hold.")
            boolean dryRun;
            @Mixin
            Confirmation confirmation;

            @Override
            public Integer call() throws Exception {
                StoreDirectory store = dir.open();
                List<SecretKey> coSigners = new java.util.ArrayList<>();
                for (Path f : signWith) {
                    coSigners.add(dir.readSecretKey(f));
                }
                var out = spec.commandLine().getOut();
                if (dryRun && (apply != null || propose != null)) {
                    throw new IllegalArgumentException("--dry-run previews a rotation given by --add, --remove and "
                            + "--threshold: give no --apply or --propose with it");
                }
                if (apply != null) {
                    if (propose != null || !add.isEmpty() || !remove.isEmpty() || threshold != null) {
                        throw new IllegalArgumentException("--apply takes the rotation from its file: give no --add, "
                                + "--remove, --threshold or --propose with it");
                    }
                    confirmation.confirm("store root rotate", "change the root set of " + dir.dir + " as " + apply
                            + " says");
                    RootRotation.Decision.Accepted ok = store.applyRotation(
                            org.caravan.core.store.RootRotationProposal.read(apply), coSigners, Instant.now());
                    printRotated(store, ok);
                    return 0;
                }
                if (propose != null) {
                    List<Certificate> certs = new java.util.ArrayList<>();
                    for (Path f : add) {
                        if (isSecretKeyFile(f)) {
                            throw new IllegalArgumentException("--propose adds roots by certificate (" + f + " is a secret "
                                    + "key): its holder keeps the key and signs the proposal with caravan key sign-roots");
                        }
                        certs.add(StoreDirectory.readCertificate(f));
                    }
                    org.caravan.core.store.RootRotationProposal p = store.proposeRotation(certs,
                            remove.stream().map(Fingerprint::of).toList(), threshold, coSigners, Instant.now());
                    p.write(propose);
                    out.println("wrote the proposal for root set version " + p.version() + " (" + p.threshold() + " of "
                            + p.roots().size() + " roots, endorsing " + p.endorsed().size() + " decision(s)) to "
                            + propose + ", with " + p.signatures().size() + " signature(s). It needs k of the current roots and k of the new ones: each root holder "
                            + "signs it with caravan key sign-roots --key KEYFILE " + propose + ", then apply it with "
                            + "caravan store root rotate --dir " + dir.dir + " --apply " + propose);
                    return 0;
                }
                List<Certificate> certs = new java.util.ArrayList<>();
                List<SecretKey> secrets = new java.util.ArrayList<>();
                for (Path f : add) {
                    if (isSecretKeyFile(f)) {
                        secrets.add(dir.readSecretKey(f));
                    } else {
                        certs.add(StoreDirectory.readCertificate(f));
                    }
                }
                List<Fingerprint> drop = remove.stream().map(Fingerprint::of).toList();
                Instant now = Instant.now();
                org.caravan.core.store.RotationPreview preview = store.previewRotation(certs, secrets, drop, threshold, now);
                printPreview(preview);
                if (dryRun) {
                    out.println("nothing changed (--dry-run)");
                    return 0;
                }
                if (preview.heldAfter() >= preview.next().threshold()) {
                    // Otherwise rotateRoots refuses it with the reason, before anything is asked.
                    confirmation.confirm("store root rotate", "make root set version " + preview.next().version() + " of "
                            + dir.dir + " (" + preview.next().threshold() + " of " + preview.next().roots().size() + " roots)");
                }
                printRotated(store, store.rotateRoots(certs, secrets, drop, threshold, coSigners, now));
                return 0;
            }

            private void printPreview(org.caravan.core.store.RotationPreview p) {
                var out = spec.commandLine().getOut();
                RootSet next = p.next();
                out.println("root set version " + next.version() + " would endorse " + p.endorsed().size()
                        + " certification and revocation signature(s) of the current roots; "
                        + (p.changes().isEmpty() ? "no key changes standing"
                                : p.changes().size() + " key(s) would change standing:"));
                p.changes().forEach(c -> out.println("  " + c));
                out.println("this folder would hold the secret key of " + p.heldAfter() + " of its " + next.roots().size()
                        + " roots (" + next.threshold() + " needed to publish and certify)");
            }

            private void printRotated(StoreDirectory store, RootRotation.Decision.Accepted ok) throws java.io.IOException {
                var out = spec.commandLine().getOut();
                out.println("root set version " + ok.roots().version() + ": " + ok.roots().threshold() + " of "
                        + ok.roots().roots().size() + " roots; approved by " + ok.oldSigners().size() + " current and "
                        + ok.newSigners().size() + " new roots (published with the next generation)");
                out.println("give new subscribers this magnet, which pins the new root set: " + store.shareableMagnet());
                if (store.onlineDelegation().isPresent()) {
                    out.println("the rotation ended the online key's delegation: have k of the new roots delegate it (or"
                            + " a new key) again: caravan store online-key delegate --dir " + store.dir());
                }
            }

            private static boolean isSecretKeyFile(Path f) throws java.io.IOException {
                if (!java.nio.file.Files.isRegularFile(f)) {
                    throw new IllegalArgumentException("no such key file: " + f);
                }
                return java.nio.file.Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1)
                        .contains("PRIVATE KEY BLOCK");
            }
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Admit packages to the store. Each package's signatures are the .asc files beside it "
                    + "(FILE.asc, FILE.*.asc); the signer must be trusted for the package's id and category.")
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        DirOption dir;

        @Parameters(arity = "1..*", paramLabel = "FILE.car")
        List<Path> packages;

        @Option(names = "--mirror", split = ",", paramLabel = "URL",
                description = "HTTP(S) URL of the same file, listed as a web seed (BEP 19); repeatable or "
                        + "comma-separated. Upload the file it names and FILE.torrent (both written in the store) "
                        + "to each mirror, as URL and URL.torrent; a private store's mirrors get the sealed file only. "
                        + "A folder URL ends in / and the file name is appended (needed with several packages).")
        List<String> mirrors = new java.util.ArrayList<>();

        @Override
        public Integer call() throws Exception {
            StoreDirectory store = StoreDirectory.open(dir.dir);
            if (packages.size() > 1 && mirrors.stream().anyMatch(m -> !m.endsWith("/"))) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--mirror must be a folder URL ending in / when adding several packages");
            }
            for (Path p : packages) {
                ReleaseRecord r;
                long size = java.nio.file.Files.isRegularFile(p) ? java.nio.file.Files.size(p) : 0;
                // The store reads the package four times (StoreDirectory#add): the bar shows the package's size.
                try (ProgressBar.Work w = ProgressBar.work(spec.commandLine().getErr(), p.getFileName().toString(),
                        "import", size)) {
                    r = store.add(p, mirrors, Instant.now(), done -> w.at(done / 4));
                    w.done();
                } catch (org.caravan.core.store.StoreException.Untrusted e) {
                    throw new org.caravan.tools.RefusedException(e.getMessage());
                }
                spec.commandLine().getOut().println("added " + r.id() + " " + r.version() + " (" + r.size() + " bytes, sha256 "
                        + r.sha256() + ")");
                // A private store's mirrors carry the sealed file and its torrent (StoreDirectory#mirrorUploads).
                List<Path> uploads = store.mirrorUploads(r);
                for (String m : r.mirrors()) {
                    spec.commandLine().getOut().println("  mirror " + m + " (serve " + uploads.get(0) + " there, and "
                            + uploads.get(1).getFileName() + " beside it as " + m + ".torrent)");
                }
            }
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Withdraw a release from the store: the next generation no longer lists it.")
    static final class Remove implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        DirOption dir;

        @Parameters(paramLabel = "ID@VERSION", description = "e.g. org.example.hello@1.0.0")
        String release;

        @Override
        public Integer call() throws Exception {
            int at = release.lastIndexOf('@');
            if (at <= 0 || at == release.length() - 1) {
                throw new IllegalArgumentException("expected ID@VERSION, e.g. org.example.hello@1.0.0, not '" + release + "'");
            }
            String id = release.substring(0, at);
            String version = release.substring(at + 1);
            if (!StoreDirectory.open(dir.dir).remove(id, version)) {
                throw new IllegalArgumentException("the store has no release " + id + " " + version);
            }
            spec.commandLine().getOut().println("removed " + id + " " + version + " (published with the next generation)");
            return 0;
        }
    }

    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = "Build and sign the next catalog generation if anything changed (no network; serve announces it).")
    static final class Publish implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        SigningDirOption dir;

        @Override
        public Integer call() throws Exception {
            StoreDirectory store = dir.open();
            Publication p = store.publish(Instant.now());
            spec.commandLine().getOut().println((p.created() ? "published generation " : "unchanged: generation ")
                    + p.generation() + " (" + p.file() + ")");
            return 0;
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Print the store's magnet, then publish, announce in the DHT, re-announce and seed until stopped. "
                    + "Changes made meanwhile (certify, revoke, add) are published within --interval.")
    static final class Serve implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        SigningDirOption dir;
        @Mixin
        NetworkOptions network;

        @Option(names = "--interval", defaultValue = "2", paramLabel = "SECONDS",
                description = "How often to look for changes (default: ${DEFAULT-VALUE}).")
        int interval;

        @Option(names = "--collect-interval", defaultValue = "30", paramLabel = "SECONDS",
                description = "How often to read the certified developers' channels (default: ${DEFAULT-VALUE}).")
        int collectInterval;

        @Option(names = "--super-seed", description = "Super-seed full generations (BEP 16): new subscribers arriving "
                + "together take most of a generation from each other, so this machine uploads about one copy; a "
                + "subscriber alone downloads it more slowly. Subscribers that hold the previous generation take the "
                + "delta either way.")
        boolean superSeed;

        @Override
        public Integer call() throws Exception {
            if (interval < 1 || collectInterval < 1) {
                throw new IllegalArgumentException("--interval and --collect-interval must be at least 1 second");
            }
            StoreDirectory store = dir.open();
            // Asked now rather than at the first generation, so a wrong or missing passphrase stops serve at once.
            store.unlockSigningRoots();
            var out = spec.commandLine().getOut();
            out.println(store.shareableMagnet());
            out.flush();
            if (!network.given()) {
                spec.commandLine().getErr().println("caravan: no --bootstrap given: serving on an isolated loopback node");
            }
            PeerNode node = TorrentSessions.start(network.config(), dir.dir.resolve(".session"));
            CountDownLatch stopped = new CountDownLatch(1);
            Thread main = Thread.currentThread();
            Thread hook = new Thread(() -> {
                main.interrupt();
                try {
                    stopped.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                out.println(LogLines.stamped("listening on " + node.address()));
                out.flush();
                new StoreServer(store, node, java.time.Clock.systemUTC()).superSeedGenerations(superSeed)
                        .serve(Duration.ofSeconds(interval),
                        Duration.ofSeconds(collectInterval), line -> {
                    out.println(LogLines.stamped(line));
                    out.flush();
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                node.close();
                stopped.countDown();
                ShutdownHooks.remove(hook);
            }
            return 0;
        }
    }
}
