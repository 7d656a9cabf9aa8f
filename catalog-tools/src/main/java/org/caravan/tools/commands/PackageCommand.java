package org.caravan.tools.commands;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.caravan.core.pkg.BuiltPackage;
import org.caravan.core.pkg.Manifest;
import org.caravan.core.pkg.PackageBuilder;
import org.caravan.core.pkg.PackageMetadata;
import org.caravan.core.pkg.PackageType;
import org.caravan.core.pkg.PluginSpec;
import org.caravan.core.pkg.Version;
import org.caravan.core.store.StoreDirectory;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.sign.SignatureCheck;
import org.caravan.keyring.sign.SignaturePackets;
import org.caravan.keyring.trust.TrustDecision;
import org.caravan.tools.RefusedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "package", mixinStandardHelpOptions = true, description = "Build, sign and verify packages (.car).",
        subcommands = {PackageCommand.Build.class, PackageCommand.Sign.class, PackageCommand.Verify.class,
                PackageCommand.Publish.class,
                PackageInspectCommand.class})
public final class PackageCommand {

    // No standard help mixin here: its --version would clash with the package's --version.
    @Command(name = "build",
            description = "Build a package from a folder: a deterministic ZIP with a manifest naming id, version and "
                    + "every file's size and SHA-256.")
    static final class Build implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @Option(names = "--id", required = true, description = "App id, e.g. org.example.hello.")
        String id;

        @Option(names = "--version", required = true, description = "Semantic version, e.g. 1.0.0.")
        String version;

        @Option(names = "--from", required = true, paramLabel = "SRC_DIR", description = "Folder with the files to ship.")
        Path from;

        @Option(names = "--out", required = true, paramLabel = "FILE.car")
        Path out;

        @Option(names = "--force", description = "Replace FILE.car if it exists (its signatures beside it no longer "
                + "match the new bytes: sign again).")
        boolean force;

        @Option(names = "--type", defaultValue = "app", description = "app or plugin (default: ${DEFAULT-VALUE}).")
        String type;

        @Option(names = "--name", description = "Display name (default: the id).")
        String name;

        @Option(names = "--summary", defaultValue = "", description = "One line for the catalog.")
        String summary;

        @Option(names = "--category", defaultValue = "utilities", description = "Category (default: ${DEFAULT-VALUE}).")
        String category;

        @Option(names = "--launch", defaultValue = "", description = "Command to run, relative to the install folder.")
        String launch;

        @Option(names = "--requires-client", paramLabel = "VERSION",
                description = "The oldest Caravan client that can use the package (default: any).")
        String requiresClient;

        @Option(names = "--extension-point", paramLabel = "NAME",
                description = "Plugins: the extension point the plugin implements (" + PluginSpec.APP_PAGE_PANEL + ").")
        String extensionPoint;

        @Option(names = "--main-class", paramLabel = "CLASS",
                description = "Plugins: the class the client instantiates (public, with a public no-argument constructor).")
        String mainClass;

        @Option(names = "--class-path", paramLabel = "JAR",
                description = "Plugins: the jar, one of the package's files, that holds the main class.")
        String classPath;

        @Option(names = "--description", paramLabel = "TEXT",
                description = "The long description of the app page (paragraphs separated by an empty line).")
        String description;

        @Option(names = "--description-file", paramLabel = "FILE", description = "The long description, from a UTF-8 text file.")
        Path descriptionFile;

        @Option(names = "--homepage", paramLabel = "URL", description = "The project's web site (https or http).")
        String homepage;

        @Option(names = "--license", paramLabel = "SPDX",
                description = "The licence as an SPDX expression, e.g. MIT, GPL-3.0-or-later, Apache-2.0 OR MIT.")
        String license;

        @Option(names = "--keyword", paramLabel = "WORD", description = "A search word (repeat for more, at most 20).")
        List<String> keywords = new java.util.ArrayList<>();

        @Option(names = "--icon", paramLabel = "PATH",
                description = "The icon: a square PNG (16 to 1024 px, at most 256 KiB), a file under --from, e.g. icon.png.")
        String icon;

        @Option(names = "--screenshot", paramLabel = "PATH[=CAPTION]",
                description = "A screenshot: a PNG or JPEG (at most 1 MiB) under --from, with an optional caption after '='"
                        + " (repeat for more, at most 8).")
        List<String> screenshots = new java.util.ArrayList<>();

        @Option(names = "--release-notes", paramLabel = "TEXT", description = "What changed in this version.")
        String releaseNotes;

        @Option(names = "--release-notes-file", paramLabel = "FILE", description = "What changed, from a UTF-8 text file.")
        Path releaseNotesFile;

        /** The app-page information given by the options; files are read as UTF-8, trimmed, CRLF made LF. */
        private org.caravan.core.pkg.AppInfo info() throws java.io.IOException {
            String desc = text("--description", description, descriptionFile);
            String notes = text("--release-notes", releaseNotes, releaseNotesFile);
            List<org.caravan.core.pkg.AppInfo.Screenshot> shots = new java.util.ArrayList<>();
            for (String s : screenshots) {
                int eq = s.indexOf('=');
                shots.add(new org.caravan.core.pkg.AppInfo.Screenshot(eq < 0 ? s : s.substring(0, eq),
                        eq < 0 ? "" : s.substring(eq + 1)));
            }
            String spdx = license == null ? "" : org.caravan.core.pkg.SpdxExpression.check(license);
            return new org.caravan.core.pkg.AppInfo(desc, homepage, spdx, keywords, icon, shots, notes);
        }

        private static String text(String option, String inline, Path file) throws java.io.IOException {
            if (inline != null && file != null) {
                throw new IllegalArgumentException("give " + option + " or " + option + "-file, not both");
            }
            String t = file == null ? inline : Files.readString(file, java.nio.charset.StandardCharsets.UTF_8);
            return t == null ? "" : t.replace("\r\n", "\n").strip();
        }

        @Option(names = "--licensed", description = "Seal the payload under a fresh content key: it installs only with "
                + "a licence (caravan license issue). The manifest stays readable. Needs --key.")
        boolean licensed;

        @Option(names = "--key", paramLabel = "KEYFILE", description = "With --licensed: the developer key that issues "
                + "the app's licences (the app key is derived from it).")
        Path licenceKey;

        @picocli.CommandLine.Mixin
        PassphraseOption passphrase;

        @Override
        public Integer call() throws Exception {
            if (!Files.isDirectory(from)) {
                throw new IllegalArgumentException("--from " + from + " is not a folder");
            }
            if (Files.exists(out) && !force) {
                throw new IllegalArgumentException(out + " exists: not replaced (pass --force to build it again; "
                        + "then sign it again)");
            }
            PackageMetadata metadata = PackageMetadata.of(id, version, type, name == null ? id : name, summary,
                    category, launch);
            Version requires = null;
            if (requiresClient != null) {
                try {
                    requires = Version.parse(requiresClient);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--requires-client: " + e.getMessage(), e);
                }
            }
            if (licensed != (licenceKey != null)) {
                throw new IllegalArgumentException(licensed ? "--licensed needs --key KEYFILE: the developer key that "
                        + "will issue the app's licences" : "--key only applies with --licensed");
            }
            if (!licensed) {
                BuiltPackage p;
                // Each file is read twice (PackageBuilder#build): the bar shows the files' size.
                try (ProgressBar.Work w = ProgressBar.work(spec.commandLine().getErr(), out.getFileName().toString(),
                        "build", sourceBytes(from))) {
                    p = PackageBuilder.build(metadata, requires, pluginSpec(metadata.type()), info(), from, out,
                            done -> w.at(done / 2));
                    w.done();
                }
                spec.commandLine().getOut().println("built " + p.manifest().id() + " " + p.manifest().version() + " -> "
                        + p.file() + " (" + p.manifest().files().size() + " files, " + p.size() + " bytes, sha256 "
                        + p.sha256() + ")");
                return 0;
            }
            org.caravan.keyring.key.SecretKey developer = org.caravan.core.store.StoreDirectory.readSecretKey(
                    licenceKey, passphrase.source());
            java.nio.file.Path dir = out.toAbsolutePath().getParent();
            java.nio.file.Path plain = Files.createTempFile(dir, ".plain-", ".car");
            try (ProgressBar.Work w = ProgressBar.work(spec.commandLine().getErr(), out.getFileName().toString(),
                    "build", sourceBytes(from))) {
                PackageBuilder.build(metadata, requires, pluginSpec(metadata.type()), info(), from, plain,
                        done -> w.at(done / 2));
                w.done();
                BuiltPackage p = org.caravan.core.pkg.LicensedPackage.seal(plain, out,
                        org.caravan.core.licence.AppKeys.derive(developer, metadata.id()), developer.fingerprint());
                spec.commandLine().getOut().println("built licensed " + p.manifest().id() + " " + p.manifest().version()
                        + " -> " + p.file() + " (" + p.manifest().files().size() + " files, " + p.size()
                        + " bytes, sha256 " + p.sha256() + "), licensed by " + developer.fingerprint()
                        + "; issue licences with caravan license issue --key " + licenceKey + " --app "
                        + p.manifest().id() + " --to CLIENT.asc --out L.lic");
            } finally {
                Files.deleteIfExists(plain);
            }
            return 0;
        }

        /** The bytes of the regular files under {@code dir} (links not followed): what the build packs. */
        private static long sourceBytes(Path dir) throws java.io.IOException {
            try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
                return files.filter(f -> Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                        .mapToLong(f -> f.toFile().length()).sum();
            }
        }

        /** How the client loads a plugin: all three options for a plugin, none for an app. */
        private PluginSpec pluginSpec(PackageType packageType) {
            List<String> given = new java.util.ArrayList<>();
            List<String> missing = new java.util.ArrayList<>();
            (extensionPoint == null ? missing : given).add("--extension-point");
            (mainClass == null ? missing : given).add("--main-class");
            (classPath == null ? missing : given).add("--class-path");
            if (packageType != PackageType.PLUGIN) {
                if (!given.isEmpty()) {
                    throw new IllegalArgumentException(String.join(", ", given) + " only apply to --type plugin");
                }
                return null;
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("a plugin needs " + String.join(", ", missing)
                        + ": they tell the client how to load it");
            }
            return new PluginSpec(extensionPoint, mainClass, classPath);
        }
    }

    @Command(name = "sign", mixinStandardHelpOptions = true,
            description = "Write a standard OpenPGP detached signature of FILE (FILE.asc; a co-signer's goes to "
                    + "FILE.<keyid>.asc when FILE.asc exists). gpg --verify can check it. Signing a rebuilt FILE again "
                    + "replaces your stale signature and keeps co-signers' signatures that still verify; one that no "
                    + "longer verifies is dropped with a warning naming its key.")
    static final class Sign implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        SigningKeyOption key;

        @Option(names = "--out", paramLabel = "FILE.asc", description = "Where to write the signature.")
        Path out;

        @Option(names = "--cosigners", paramLabel = "CERTS",
                description = "Certificates (one file, several per file allowed; repeatable) of the co-signers whose "
                        + "signatures the signature file already holds, to check them: one that no longer verifies "
                        + "over FILE is dropped. Without a co-signer's certificate its signature is kept as it is.")
        List<Path> cosigners = new ArrayList<>();

        @Parameters(paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no such package file: " + file);
            }
            SecretKey signer = key.read();
            List<Certificate> others = new ArrayList<>();
            for (Path c : cosigners) {
                if (!Files.isRegularFile(c)) {
                    throw new IllegalArgumentException("no such certificate file: " + c);
                }
                others.addAll(Certificate.readAll(c));
            }
            Path target = out;
            if (target == null) {
                target = file.resolveSibling(file.getFileName() + ".asc");
                if (Files.exists(target) && !holdsSignatureOf(target, signer)) {
                    target = file.resolveSibling(file.getFileName() + "." + signer.fingerprint().keyId() + ".asc");
                }
            }
            String sig = DetachedSignatures.sign(signer, file, Instant.now());
            List<SignaturePackets.Packet> packets = new ArrayList<>();
            if (Files.exists(target)) {
                packets.addAll(kept(target, signer, others));
            }
            packets.addAll(SignaturePackets.split(sig.getBytes(StandardCharsets.US_ASCII)));
            // Written beside and moved, so a crash never leaves a half-written signature file.
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.writeString(tmp, SignaturePackets.armor(packets), StandardCharsets.US_ASCII);
            Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            spec.commandLine().getOut().println("signed " + file + " as " + signer.userId() + " [" + signer.fingerprint().hex()
                    + "] -> " + target + (packets.size() > 1 ? " (with " + (packets.size() - 1) + " co-signature(s))" : ""));
            return 0;
        }

        /** Whether the signature file holds a signature packet by {@code key}, valid or stale. */
        private static boolean holdsSignatureOf(Path sigFile, SecretKey key) throws java.io.IOException {
            try {
                return SignaturePackets.split(Files.readAllBytes(sigFile)).stream()
                        .anyMatch(p -> p.issuedBy(key.certificate()));
            } catch (org.caravan.keyring.key.KeyFormatException e) {
                return false;
            }
        }

        /**
         * The signatures of {@code sigFile} to keep beside the new one: none of the signer's own (the new one
         * replaces them), co-signers' that verify or cannot be checked here; a co-signer's that no longer verifies
         * is dropped, with a warning that names its key.
         */
        private List<SignaturePackets.Packet> kept(Path sigFile, SecretKey signer, List<Certificate> others)
                throws java.io.IOException {
            var err = spec.commandLine().getErr();
            List<SignaturePackets.Packet> existing;
            try {
                existing = SignaturePackets.split(Files.readAllBytes(sigFile));
            } catch (org.caravan.keyring.key.KeyFormatException e) {
                err.println("caravan: warning: " + sigFile + " held no OpenPGP signature (" + e.getMessage()
                        + "); replaced");
                return List.of();
            }
            List<SignaturePackets.Packet> keep = new ArrayList<>();
            for (SignaturePackets.Packet p : existing) {
                if (p.issuedBy(signer.certificate())) {
                    continue;
                }
                Certificate cosigner = others.stream().filter(p::issuedBy).findFirst().orElse(null);
                if (cosigner == null) {
                    err.println("caravan: warning: kept the signature by " + p.issuer() + " in " + sigFile
                            + " unchecked (give its certificate with --cosigners to drop it if it is stale)");
                    keep.add(p);
                    continue;
                }
                byte[] one = SignaturePackets.armor(List.of(p)).getBytes(StandardCharsets.US_ASCII);
                boolean valid = DetachedSignatures.verify(file, one, List.of(cosigner)).stream()
                        .allMatch(c -> c instanceof SignatureCheck.Valid);
                if (valid) {
                    keep.add(p);
                } else {
                    err.println("caravan: warning: dropped the signature by " + cosigner + " from " + sigFile
                            + ": it no longer verifies over " + file.getFileName() + " (signed before a rebuild?); "
                            + "ask that key's holder to sign again");
                }
            }
            return keep;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check a package's signatures (the .asc files beside it) against a store's keys and trust rules. "
                    + "Exit 0 if trusted, 3 with the reason if not.")
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
        Against against;

        @picocli.CommandLine.Mixin
        NetworkOptions network;

        static final class Against {
            @Option(names = "--dir", paramLabel = "STORE", description = "The store whose trust applies.")
            Path dir;

            @Option(names = "--store", paramLabel = "MAGNET", description = "Without a store folder: the store of this "
                    + "magnet, whose current catalog and keyring are fetched over the network (--bootstrap or --network) "
                    + "as a client fetches them, into a throwaway folder; says whether the store trusts the package's "
                    + "signer for its app, with the key path or the reason.")
            String store;

            @Option(names = "--cert", paramLabel = "FILE", description = "Without a store folder: only check that "
                    + "this key (an armored certificate, e.g. your own key export) signed the package, as gpgv does.")
            Path cert;
        }

        @Parameters(paramLabel = "FILE.car")
        Path file;

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no such package file: " + file);
            }
            if (network.given() && against.store == null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--bootstrap and --network go with --store MAGNET");
            }
            if (against.cert != null) {
                return verifyAgainst(certificate(against.cert));
            }
            if (against.store != null) {
                return verifyInStore(against.store);
            }
            Path dir = against.dir;
            StoreDirectory store = StoreDirectory.open(dir);
            StoreDirectory.PackageCheck check;
            try (ProgressBar.Work w = verifying()) {
                check = store.check(file, Instant.now(), w::at);
                w.done();
            }
            Manifest manifest = check.manifest();
            TrustDecision d = check.decision();
            if (d instanceof TrustDecision.Refused) {
                throw new RefusedException(manifest.id() + " " + manifest.version() + " " + (check.signatureFiles().isEmpty()
                        ? "has no signature beside it (" + file.getFileName() + ".asc or .sig)" : d.explain()));
            }
            spec.commandLine().getOut().println(manifest.id() + " " + manifest.version() + " " + d.explain());
            return 0;
        }

        /**
         * The certificate in {@code file}, read here rather than through the store folder's code, whose start (its
         * JSON codecs) a check without a store does not need.
         */
        private static Certificate certificate(Path file) throws java.io.IOException {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no such certificate file: " + file);
            }
            try {
                return Certificate.parse(Files.readAllBytes(file));
            } catch (org.caravan.keyring.key.KeyFormatException e) {
                throw new IllegalArgumentException(file + " is not an OpenPGP certificate: " + e.getMessage(), e);
            }
        }

        /** A bar over the package's bytes while its signatures are checked (a terminal and a big file only). */
        private ProgressBar.Work verifying() throws java.io.IOException {
            return ProgressBar.work(spec.commandLine().getErr(), file.getFileName().toString(), "verify", Files.size(file));
        }

        /**
         * Whether the store of {@code magnet} trusts the package, decided as a client's install would: its catalog and
         * keyring fetched and verified into a throwaway client home, deleted afterwards.
         */
        private int verifyInStore(String magnet) throws java.io.IOException {
            org.caravan.core.net.StoreMagnet m = org.caravan.core.net.StoreMagnet.parse(magnet);
            org.caravan.core.net.NetworkConfig net = network.config();
            if (net.mode() == org.caravan.core.net.NetworkConfig.Mode.LOOPBACK && net.bootstrap().isEmpty()) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--store needs a network to "
                        + "fetch the store's catalog over: --bootstrap HOST:PORT (a test network) or --network mainline");
            }
            Manifest manifest = org.caravan.core.pkg.PackageReader.readManifest(file);
            String subject = manifest.id() + " " + manifest.version();
            if (org.caravan.core.pkg.SignatureFiles.beside(file).isEmpty()) {
                throw new RefusedException(subject + " has no signature beside it (" + file.getFileName()
                        + ".asc or .sig); sign it with caravan package sign --key KEYFILE " + file);
            }
            Path scratch = Files.createTempDirectory("caravan-verify-");
            try (org.caravan.core.client.ClientService client = org.caravan.core.client.ClientService.open(
                    scratch.resolve("home"))) {
                client.setNetwork(net);
                client.subscribe(magnet);
                org.caravan.core.client.SyncReport r = client.sync().get(0);
                if (!r.ok()) {
                    String why = "cannot verify " + subject + " against " + m.format() + ": " + r.message();
                    throw r.outcome() == org.caravan.core.client.SyncReport.Outcome.REFUSED ? new RefusedException(why)
                            : new IllegalStateException(why);
                }
                TrustDecision d;
                try (ProgressBar.Work w = verifying()) {
                    d = client.decidePackageFile(m.publicKeyHex(), file, Instant.now(), w::at);
                    w.done();
                }
                String store = " (store " + r.storeName() + ", generation " + r.generation() + ")";
                if (d instanceof TrustDecision.Refused) {
                    throw new RefusedException(subject + " " + d.explain() + store);
                }
                spec.commandLine().getOut().println(subject + " " + d.explain() + store);
                return 0;
            } finally {
                deleteTree(scratch);
            }
        }

        private static void deleteTree(Path dir) throws java.io.IOException {
            try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }

        /** Whether {@code cert} made a valid signature of the package (its .asc / .sig files); no trust decision. */
        private int verifyAgainst(org.caravan.keyring.key.Certificate cert) throws java.io.IOException {
            Manifest manifest = org.caravan.core.pkg.PackageReader.readManifest(file);
            String subject = manifest.id() + " " + manifest.version();
            List<Path> sigs = org.caravan.core.pkg.SignatureFiles.beside(file);
            if (sigs.isEmpty()) {
                throw new RefusedException(subject + " has no signature beside it (" + file.getFileName() + ".asc or .sig)");
            }
            List<String> reasons = new java.util.ArrayList<>();
            for (Path sig : sigs) {
                byte[] armored = org.caravan.core.pkg.SignatureFiles.readArmored(sig).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                List<org.caravan.keyring.sign.SignatureCheck> checks;
                try (ProgressBar.Work w = verifying()) {
                    checks = org.caravan.keyring.sign.DetachedSignatures.verify(file, armored, List.of(cert), w::at);
                    w.done();
                }
                for (org.caravan.keyring.sign.SignatureCheck c : checks) {
                    if (c instanceof org.caravan.keyring.sign.SignatureCheck.Valid v && v.signer().equals(cert.fingerprint())) {
                        spec.commandLine().getOut().println(subject + " signed by " + cert + " at " + v.signedAt() + " ("
                                + sig.getFileName() + "); whether a store trusts it: caravan package verify --dir STORE");
                        return 0;
                    }
                    if (c instanceof org.caravan.keyring.sign.SignatureCheck.Invalid i) {
                        reasons.add(sig.getFileName() + ": " + i.reason());
                    }
                }
            }
            throw new RefusedException(subject + " carries no valid signature by " + cert + (reasons.isEmpty() ? ""
                    : " (" + String.join("; ", reasons) + ")") + "; sign it with caravan package sign --key KEYFILE " + file);
        }
    }

    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = "Publish packages in your own developer channel: prints the channel's magnet, seeds the "
                    + "packages and a signed release list, and announces it until stopped (Ctrl-C). A store that "
                    + "certified your key admits the releases its trust rules allow when it next reads the channels.")
    static final class Publish implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;
        @picocli.CommandLine.Mixin
        NetworkOptions network;

        @picocli.CommandLine.Mixin
        SigningKeyOption key;

        @Option(names = "--dir", paramLabel = "DIR",
                description = "Where the channel keeps its release lists (default: .caravan-channel beside the key).")
        Path dir;

        @Parameters(arity = "1..*", paramLabel = "FILE.car", description = "Packages, each with its .asc beside it.")
        List<Path> packages;

        @Option(names = "--dry-run", description = "Only say what would be published, in which channel; publish nothing.")
        boolean dryRun;

        @Override
        public Integer call() throws Exception {
            // Asked now rather than at the first release list, so a missing passphrase stops publish at once.
            SecretKey signer = key.read().unlock();
            Path work = dir != null ? dir : key.file.toAbsolutePath().resolveSibling(".caravan-channel");
            var out = spec.commandLine().getOut();
            out.println(org.caravan.core.channel.DeveloperChannel.magnet(signer).format());
            out.flush();
            if (dryRun) {
                for (Path p : packages) {
                    if (!java.nio.file.Files.isRegularFile(p)) {
                        throw new java.nio.file.NoSuchFileException(p.toString());
                    }
                    var m = org.caravan.core.pkg.PackageReader.readManifest(p);
                    out.println("would publish " + m.id() + " " + m.version() + " (" + p + ") in the channel of "
                            + signer.certificate());
                }
                out.println("nothing published (--dry-run)");
                return 0;
            }
            org.caravan.core.net.PeerNode node = org.caravan.core.net.TorrentSessions.start(network.config(),
                    work.resolve(".session"));
            Thread main = Thread.currentThread();
            Thread hook = new Thread(main::interrupt, "publish-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                long seq = org.caravan.core.channel.DeveloperChannel.publish(signer, packages, work, node, Instant.now());
                out.println(LogLines.stamped("published release list " + seq + " with " + packages.size()
                        + " package(s); seeding until stopped"));
                out.flush();
                new java.util.concurrent.CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                node.close();
                ShutdownHooks.remove(hook);
            }
            return 0;
        }
    }
}
