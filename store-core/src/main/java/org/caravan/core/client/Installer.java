package org.caravan.core.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.caravan.core.catalog.Release;
import org.caravan.core.catalog.SealedFile;
import org.caravan.core.catalog.Sha256;
import org.caravan.core.catalog.SignerClaim;
import org.caravan.core.disk.DiskSpace;
import org.caravan.core.licence.Entitlement;
import org.caravan.core.licence.LicenceTrust;
import org.caravan.core.licence.Licences;
import org.caravan.core.pkg.LicensedPackage;
import org.caravan.core.net.InfoHash;
import org.caravan.core.net.PeerNode;
import org.caravan.core.pkg.Manifest;
import org.caravan.core.pkg.PackageReader;
import org.caravan.core.pkg.PackageRejectedException;
import org.caravan.core.pkg.PrivatePackage;
import org.caravan.core.pkg.SafeExtractor;
import org.caravan.core.pkg.Version;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.Fingerprint;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.sign.SignatureCheck;
import org.caravan.keyring.trust.KeyRef;
import org.caravan.keyring.trust.Subject;
import org.caravan.keyring.trust.TrustDecision;
import org.caravan.keyring.trust.TrustWeb;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The install pipeline: download -> size and SHA-256 against the current catalog -> signatures and the
 * trust decision over the downloaded bytes -> safe extraction into staging -> one atomic move into
 * {@code apps/ID/VERSION} -> record in the database (one transaction) -> delete versions no longer kept.
 * <p>
 * Crash safety comes from the order: until the database commit the previous version stays in use and
 * whatever was written (staging, a moved folder) is unknown to the database, so {@link #cleanStaging} and
 * {@link #reconcile} remove it at the next start; after the commit the new version is in use and the
 * folders of dropped versions are unknown to the database, so they go the same way.
 */
final class Installer {
    private static final Logger LOG = LoggerFactory.getLogger(Installer.class);
    private static final Duration FETCH_TIMEOUT = Duration.ofMinutes(5);

    /** Called at each step of an install with the step's name; tests use it to kill the process there. */
    interface StepHook {
        void reached(String step);
    }

    /** The steps an install passes, in order, as given to {@link StepHook}. */
    static final List<String> STEPS = List.of("downloaded", "staged", "moved", "recorded");
    /** The step a removal reaches once it holds the app, before it changes anything. */
    static final String REMOVING = "removing";
    /** Progress events are sampled at most this often (the stage changes always go out). */
    private static final long PROGRESS_EVENT_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(250);

    static volatile StepHook hook = step -> { };

    private final Path home;
    private final Clock clock;
    private final ClientDatabase db;
    private final InstalledTable installed;
    private final TrustView trust;
    private final Supplier<PeerNode> node;
    private final Activities activities;
    private final java.util.function.Consumer<ClientEvent> events;
    private final Licences licences;
    /** How long a download may take; tests shorten it to see a dead or lying swarm fail quickly. */
    private volatile Duration fetchTimeout = FETCH_TIMEOUT;
    /** Whether downloaded packages stay shared (the client's seeding setting); read at each install. */
    private volatile BooleanSupplier seeding = () -> true;
    private volatile java.util.function.Function<String, List<org.caravan.core.net.PeerAddress>> likelyPeers =
            storeKey -> List.of();

    Installer(Path home, Clock clock, ClientDatabase db, InstalledTable installed, TrustView trust,
            Supplier<PeerNode> node, Activities activities, java.util.function.Consumer<ClientEvent> events) {
        this.home = home;
        this.activities = activities;
        this.events = events;
        this.clock = clock;
        this.db = db;
        this.installed = installed;
        this.trust = trust;
        this.node = node;
        this.licences = new Licences(home, clock);
    }

    void fetchTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("fetch timeout must be positive, not " + timeout);
        }
        this.fetchTimeout = timeout;
    }

    /** Where the peers that served a store's catalog are (by store key): they likely hold its packages. */
    void likelyPeers(java.util.function.Function<String, List<org.caravan.core.net.PeerAddress>> likelyPeers) {
        this.likelyPeers = likelyPeers;
    }

    void seeding(BooleanSupplier seeding) {
        this.seeding = seeding;
    }

    private Path apps() {
        return home.resolve("apps");
    }

    /** A crash during an install leaves a folder in staging/: it was never moved into place, so drop it. */
    void cleanStaging() throws IOException {
        Path staging = home.resolve("staging");
        if (Files.exists(staging)) {
            ClientService.deleteTree(staging);
        }
        Files.createDirectories(staging);
    }

    /**
     * Makes the folders under apps/ agree with the database after a crash: a folder no row names (moved in
     * but never recorded, or dropped but not yet deleted) is removed; a kept, unused version whose folder is
     * gone is forgotten. The folder of a version in use is never touched.
     */
    void reconcile() throws IOException {
        List<InstalledTable.VersionRow> rows = ClientService.sql(installed::versions);
        Set<String> kept = new HashSet<>();
        for (InstalledTable.VersionRow row : rows) {
            InstalledRecord r = row.record();
            Path dir = apps().resolve(r.appId()).resolve(r.version());
            kept.add(r.appId() + "/" + r.version());
            boolean current = ClientService.sql(() -> installed.installed(r.appId()))
                    .map(c -> c.version().equals(r.version())).orElse(false);
            if (!current && !Files.isDirectory(dir)) {
                LOG.info("forgetting {} {}: its folder {} is gone", r.appId(), r.version(), dir);
                ClientService.sql(() -> {
                    installed.forgetKept(r.appId(), r.version());
                    return null;
                });
            }
        }
        if (!Files.isDirectory(apps())) {
            return;
        }
        try (DirectoryStream<Path> ids = Files.newDirectoryStream(apps())) {
            for (Path idDir : ids) {
                if (!Files.isDirectory(idDir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try (DirectoryStream<Path> versions = Files.newDirectoryStream(idDir)) {
                    for (Path v : versions) {
                        if (!kept.contains(idDir.getFileName() + "/" + v.getFileName())) {
                            LOG.info("removing {}: no installed version is recorded there", v);
                            ClientService.deleteTree(v);
                        }
                    }
                }
                try (DirectoryStream<Path> left = Files.newDirectoryStream(idDir)) {
                    if (!left.iterator().hasNext()) {
                        Files.delete(idDir);
                    }
                }
            }
        }
    }

    /**
     * Installs {@code version} (null: the newest release) of {@code appId}. A release older than the one in
     * use is refused unless {@code allowDowngrade}.
     */
    InstallOutcome install(String appId, String version, boolean allowDowngrade, InstallProgress progress)
            throws IOException {
        return install(appId, version, allowDowngrade, progress, CancelToken.NONE);
    }

    /** As {@link #install(String, String, boolean, InstallProgress)}, stopped early when {@code cancel} is. */
    InstallOutcome install(String appId, String version, boolean allowDowngrade, InstallProgress progress,
            CancelToken cancel) throws IOException {
        Instant now = clock.instant();
        Optional<ClientDatabase.StoredApp> found = ClientService.sql(db::apps).stream()
                .filter(a -> a.appId().equals(appId)).findFirst();
        if (found.isEmpty()) {
            return new InstallOutcome.Failed(appId, "no subscribed store lists " + appId + " (run sync?)");
        }
        ClientDatabase.StoredApp app = found.get();
        Release release;
        if (version == null) {
            release = TrustView.newest(app.releases());
        } else {
            Optional<Release> listed = app.releases().stream().filter(r -> r.version().equals(version)).findFirst();
            if (listed.isEmpty()) {
                return new InstallOutcome.Failed(appId, "the catalog lists no release " + version + " of " + appId);
            }
            release = listed.get();
        }
        Optional<InstalledRecord> current = ClientService.sql(() -> installed.installed(appId));
        if (current.isPresent()) {
            int cmp = Version.parse(release.version()).compareTo(Version.parse(current.get().version()));
            if (cmp == 0) {
                return new InstallOutcome.AlreadyInstalled(appId, release.version());
            }
            if (cmp < 0 && !allowDowngrade) {
                return InstallOutcome.Failed.refused(appId, "refusing to downgrade " + appId + " from "
                        + current.get().version() + " to " + release.version()
                        + " (an older release may have known flaws; ask for it explicitly with --allow-downgrade)");
            }
        }
        return installRelease(app, release, current, progress, cancel, now);
    }

    /** Installs the newest release if it is newer than the one in use. */
    InstallOutcome update(String appId, boolean allowDowngrade, InstallProgress progress) throws IOException {
        Optional<InstalledRecord> current = ClientService.sql(() -> installed.installed(appId));
        if (current.isEmpty()) {
            return new InstallOutcome.Failed(appId, appId + " is not installed (install it first)");
        }
        Optional<ClientDatabase.StoredApp> found = ClientService.sql(db::apps).stream()
                .filter(a -> a.appId().equals(appId) && a.storeKey().equals(current.get().storeKey())).findFirst();
        if (found.isEmpty()) {
            return new InstallOutcome.Failed(appId, "the store " + appId + " came from no longer lists it");
        }
        Release newest = TrustView.newest(found.get().releases());
        if (newest.version().equals(current.get().version())) {
            return new InstallOutcome.UpToDate(appId, newest.version());
        }
        return install(appId, null, allowDowngrade, progress);
    }

    private InstallOutcome installRelease(ClientDatabase.StoredApp app, Release release,
            Optional<InstalledRecord> current, InstallProgress progress, CancelToken cancel, Instant now)
            throws IOException {
        String appId = app.appId();
        Optional<StoreRecord> listed = ClientService.sql(() -> db.store(app.storeKey()));
        if (listed.isEmpty()) {
            return new InstallOutcome.Failed(appId, "the store that listed " + appId + " was unsubscribed meanwhile;"
                    + " nothing was installed");
        }
        // The store stays subscribed (and its catalog in the database) until the install is recorded.
        Activities.Claim claim = activities.useStore(app.storeKey(), listed.get().displayName(),
                appId + " is being installed from it");
        if (claim instanceof Activities.Claim.Busy busy) {
            return new InstallOutcome.Failed(appId, busy.reason());
        }
        try (Activities.Lease lease = ((Activities.Claim.Granted) claim).lease()) {
            Optional<StoreRecord> still = ClientService.sql(() -> db.store(app.storeKey()));
            if (still.isEmpty()) {
                return new InstallOutcome.Failed(appId, "the store that listed " + appId
                        + " was unsubscribed meanwhile; nothing was installed");
            }
            return installFrom(still.get(), app, release, current, new Reporting(appId, progress, cancel), cancel, now);
        }
    }

    /**
     * The caller's progress, and the same as {@link ClientEvent.Progress} events with the transfer's bytes, speed
     * and peers: every stage change, and download samples at most every {@link #PROGRESS_EVENT_NANOS}.
     */
    private final class Reporting implements InstallProgress, org.caravan.core.net.TransferProgress {
        private final String appId;
        private final InstallProgress caller;
        private final CancelToken cancel;
        private String stage = "";
        private long bytes;
        private long total;
        /** When the last download sample went out; none yet when {@code sampled} is false. */
        private long lastSample;
        private boolean sampled;

        Reporting(String appId, InstallProgress caller, CancelToken cancel) {
            this.appId = appId;
            this.caller = caller;
            this.cancel = cancel;
        }

        @Override
        public boolean cancelled() {
            return cancel.isCancelled();
        }

        /** A stage of the install (download, verify, extract, done). */
        @Override
        public synchronized void update(String newStage, double fraction) {
            caller.update(newStage, fraction);
            stage = newStage;
            emit(fraction, 0, 0);
        }

        /** A download sample without speed or peers. */
        @Override
        public void update(long done, long totalBytes) {
            sample(done, totalBytes, 0, 0);
        }

        @Override
        public synchronized void sample(long done, long totalBytes, long bytesPerSecond, int peers) {
            bytes = done;
            total = totalBytes;
            double fraction = totalBytes <= 0 ? 0 : 0.8 * done / totalBytes;
            caller.update("download", fraction);
            caller.transfer(done, totalBytes, bytesPerSecond, peers);
            long t = System.nanoTime();
            if (!sampled || done >= totalBytes && totalBytes > 0 || t - lastSample >= PROGRESS_EVENT_NANOS) {
                sampled = true;
                lastSample = t;
                stage = "download";
                emit(fraction, bytesPerSecond, peers);
            }
        }

        private void emit(double fraction, long bytesPerSecond, int peers) {
            events.accept(new ClientEvent.Progress(clock.instant(), appId, stage, fraction, bytes, total,
                    bytesPerSecond, peers));
        }
    }

    private InstallOutcome installFrom(StoreRecord store, ClientDatabase.StoredApp app, Release release,
            Optional<InstalledRecord> current, Reporting progress, CancelToken cancel, Instant now) throws IOException {
        String appId = app.appId();
        if (TrustView.isStale(store, now)) {
            return InstallOutcome.Failed.refused(appId, "the catalog of " + store.displayName() + " expired at "
                    + store.expires() + " and may be frozen by an attacker; sync before installing");
        }
        Subject subject = new Subject(appId, app.category(), release.type());
        TrustDecision claimed = trust.decideClaimed(app.storeKey(), appId, app.category(), release, now);
        if (claimed instanceof TrustDecision.Refused r) {
            return InstallOutcome.Failed.refused(appId, r.explain());
        }
        if (cancel.isCancelled()) {
            return new InstallOutcome.Cancelled(appId, release.version());
        }
        Optional<String> room = DiskSpace.shortOf(home, release.size());
        if (room.isPresent()) {
            return new InstallOutcome.Failed(appId, room.get());
        }
        progress.update("download", 0);
        Path cache = Files.createDirectories(home.resolve("cache").resolve(release.sha256()));
        PeerNode peers = node.get();
        // A private store's package travels sealed: fetched by the sealed file's info-hash, never the plain one's.
        SealedFile sealed = release.sealed();
        InfoHash infoHash = new InfoHash(sealed == null ? release.infoHash() : sealed.infoHash());
        Path file;
        try {
            file = peers.fetch(infoHash, cache, sealed == null ? release.size() : sealed.size(), fetchTimeout, progress,
                    release.mirrors(), likelyPeers.apply(store.storeKey()));
        } catch (org.caravan.core.net.FetchCancelledException e) {
            return new InstallOutcome.Cancelled(appId, release.version());
        } catch (org.caravan.core.net.NoPeerException e) {
            // The pieces fetched stay in the cache folder (PeerNode#fetch keeps them): the next try re-checks them
            // and asks only for the rest.
            return new InstallOutcome.Failed(appId, "no peer holds " + appId + " " + release.version() + ": had "
                    + e.bytesDone() + " of " + (sealed == null ? release.size() : sealed.size()) + " bytes when the store's publisher and everyone who "
                    + "shares it were offline" + (release.mirrors().isEmpty() ? "" : " and its mirrors did not answer")
                    + " (none answered for " + e.waited().toSeconds() + " s); "
                    + (e.bytesDone() > 0 ? "they are kept in " + cache + "; install again to resume later"
                            : "try again later"));
        }
        if (!seeding.getAsBoolean()) {
            // The user turned seeding off: the file stays in the cache, nobody gets it from us.
            peers.stopSeeding(infoHash);
        }
        hook.reached("downloaded");
        progress.update("verify", 0.8);
        Checked checked = checkPackage(app, release, file, subject, now, "downloaded package", store.displayName());
        if (checked instanceof Checked.Bad bad) {
            return InstallOutcome.Failed.refused(appId, bad.reason());
        }
        Checked.Good good = (Checked.Good) checked;
        String sha = good.sha256();
        List<SignatureCheck> checks = good.checks();
        TrustDecision decision = good.decision();
        Manifest manifest = good.manifest();
        if (manifest.requiresClient() != null && manifest.requiresClient().compareTo(Plugins.CLIENT_VERSION) > 0) {
            return InstallOutcome.Failed.refused(appId, appId + " " + release.version() + " needs Caravan "
                    + manifest.requiresClient() + " or newer (this is " + Plugins.CLIENT_VERSION + ")");
        }
        if (cancel.isCancelled()) {
            // The last point where nothing installed has changed yet.
            return new InstallOutcome.Cancelled(appId, release.version());
        }
        room = DiskSpace.shortOf(home, manifest.totalSize());
        if (room.isPresent()) {
            return new InstallOutcome.Failed(appId, room.get());
        }
        progress.update("extract", 0.9);
        Path staging = Files.createTempDirectory(home.resolve("staging"), appId + "-");
        Path target = apps().resolve(appId).resolve(release.version());
        try {
            Path readable = licensedInside(release, file, staging);
            Entitlement entitlement = entitlement(app, release, readable, subject, store.displayName(), now);
            if (entitlement instanceof Entitlement.NotEntitled n) {
                ClientService.deleteTree(staging);
                // The ciphertext stays in the cache (and is seeded): a licence added later needs no new download.
                return InstallOutcome.Failed.refused(appId, n.reason());
            }
            extract(readable == file ? release.sealed() : null, readable, entitlement, manifest,
                    staging.resolve("files"));
            hook.reached("staged");
            Files.createDirectories(target.getParent());
            if (Files.exists(target)) {
                // A kept version installed again (a downgrade to it): forget it first, so that a crash from here
                // on never leaves a row that names a half-replaced folder.
                ClientService.sql(() -> {
                    if (installed.version(appId, release.version()).isPresent()) {
                        installed.forgetKept(appId, release.version());
                    }
                    return null;
                });
                Files.move(target, staging.resolve("old"), StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(staging.resolve("files"), target, StandardCopyOption.ATOMIC_MOVE);
            hook.reached("moved");
        } catch (PackageRejectedException e) {
            ClientService.deleteTree(staging);
            return InstallOutcome.Failed.refused(appId, "package refused: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            ClientService.deleteTree(staging);
            throw e;
        }
        ClientService.deleteTree(staging);
        KeyRef signer = ((TrustDecision.Trusted) decision).signer();
        List<SignerClaim> verified = new ArrayList<>();
        for (SignatureCheck c : checks) {
            if (c instanceof SignatureCheck.Valid v) {
                verified.add(new SignerClaim(v.signer().hex(), v.signedAt()));
            }
        }
        InstalledRecord record = new InstalledRecord(appId, release.version(), app.storeKey(), target.toString(), sha,
                signer.fingerprint().hex(), now);
        java.util.Map<String, Long> stamps = InstalledFiles.stamps(target, manifest);
        List<String> dropped = ClientService.sql(() -> installed.recordInstall(new InstalledTable.VersionRow(record,
                app.category(), new String(manifest.toJson(), StandardCharsets.UTF_8), verified, stamps), true));
        hook.reached("recorded");
        deleteFolders(dropped);
        progress.update("done", 1.0);
        return new InstallOutcome.Installed(appId, release.version(), target, decision.explain(),
                current.map(InstalledRecord::version).orElse(null));
    }

    /** A package checked against the catalog's release: good (with what was verified), or bad and why. */
    private sealed interface Checked {
        record Good(String sha256, List<SignatureCheck> checks, TrustDecision decision, Manifest manifest) implements Checked {}

        record Bad(String reason) implements Checked {}
    }

    /**
     * The checks between download and extraction: size and SHA-256 against the catalog, every signature over the
     * bytes, the trust decision made again from them, and the manifest naming the catalog's id, version and type.
     */
    private Checked checkPackage(ClientDatabase.StoredApp app, Release release, Path file, Subject subject,
            Instant now, String what, String storeName) throws IOException {
        String appId = app.appId();
        SealedFile sealed = release.sealed();
        long expectedSize = sealed == null ? release.size() : sealed.size();
        if (Files.size(file) != expectedSize) {
            return new Checked.Bad(what + " is " + Files.size(file)
                    + " bytes, the catalog says " + expectedSize);
        }
        // One read of the package serves the catalog's SHA-256 and every signature: the signatures continue
        // the same digest state, so they are checked over exactly the bytes whose hash matched the catalog.
        MessageDigest digest = Sha256.digest();
        long read;
        if (sealed == null) {
            read = hashInto(file, digest);
        } else {
            // One read decrypts a private store's package and hashes the plain package inside (which the developers'
            // signatures cover). The sealed file's own SHA-256 is not needed for that: the fetch checked its bytes
            // against the catalog's info-hash, every chunk authenticates under the key only the catalog gives, and the
            // plain package must still hash as listed. It is checked when a chunk does not open, to tell a copy
            // changed since it was listed (a damaged cache) from a package the store sealed badly.
            try {
                read = PrivatePackage.digest(file, sealed.contentKey(), null, digest);
            } catch (PackageRejectedException e) {
                String whole = Sha256.hex(file);
                if (!whole.equals(sealed.sha256())) {
                    return new Checked.Bad(what + " (sealed) has SHA-256 " + whole + ", the catalog of private store "
                            + storeName + " says " + sealed.sha256() + "; nothing was installed; install again to "
                            + "fetch it again");
                }
                return new Checked.Bad(sealedRefusal(appId, release, storeName, what, e));
            }
        }
        if (read != release.size()) {
            return new Checked.Bad(what + " changed while it was read: " + read
                    + " bytes, the catalog says " + release.size());
        }
        String sha = HexFormat.of().formatHex(copy(digest).digest());
        if (!sha.equals(release.sha256())) {
            return new Checked.Bad(what + "'s SHA-256 " + sha
                    + " does not match the catalog's " + release.sha256());
        }
        List<Certificate> candidates = candidates(app.storeKey());
        List<SignatureCheck> checks = new ArrayList<>();
        for (String sig : release.signatures()) {
            checks.addAll(sealed == null
                    ? DetachedSignatures.verify(file, digest, sig.getBytes(StandardCharsets.US_ASCII), candidates)
                    : DetachedSignatures.verify(file.toString(), () -> PrivatePackage.plain(file, sealed.contentKey()),
                            digest, sig.getBytes(StandardCharsets.US_ASCII), candidates));
        }
        TrustDecision decision = trust.decide(app.storeKey(), checks, subject, now);
        if (decision instanceof TrustDecision.Refused r) {
            return new Checked.Bad(r.explain());
        }
        Manifest manifest = sealed == null ? PackageReader.readManifest(file)
                : PrivatePackage.readManifest(file, sealed.contentKey());
        if (!manifest.id().equals(appId) || !manifest.version().toString().equals(release.version())
                || !manifest.type().text().equals(release.type())) {
            return new Checked.Bad("the package holds " + manifest.type() + " " + manifest.id() + " "
                    + manifest.version() + ", not the " + release.type() + " " + appId + " " + release.version()
                    + " the catalog lists");
        }
        return new Checked.Good(sha, checks, decision, manifest);
    }

    /**
     * The decision an install from {@code storeKey} would make about the package file {@code car} (its signatures
     * beside it, over its bytes), before any store lists it; nothing changes. The subject's category is the one the
     * store's catalog gives the app when it lists it (as an install decides), else the manifest's.
     */
    TrustDecision decideFile(String storeKey, Path car, Instant now, java.util.function.LongConsumer bytesRead)
            throws IOException {
        Manifest manifest = PackageReader.readManifest(car);
        String category = ClientService.sql(db::apps).stream()
                .filter(a -> a.storeKey().equals(storeKey) && a.appId().equals(manifest.id()))
                .map(ClientDatabase.StoredApp::category).findFirst().orElse(manifest.category());
        List<Certificate> candidates = candidates(storeKey);
        List<SignatureCheck> checks = new ArrayList<>();
        for (Path sig : org.caravan.core.pkg.SignatureFiles.beside(car)) {
            byte[] armored = org.caravan.core.pkg.SignatureFiles.readArmored(sig).getBytes(StandardCharsets.ISO_8859_1);
            checks.addAll(DetachedSignatures.verify(car, armored, candidates, bytesRead));
        }
        return trust.decide(storeKey, checks, new Subject(manifest.id(), category, manifest.type().text()), now);
    }

    /** The keys a signature in this store may be by. */
    private List<Certificate> candidates(String storeKey) {
        TrustWeb web = trust.web(storeKey);
        List<Certificate> candidates = new ArrayList<>(web.keys());
        candidates.addAll(web.roots());
        // A developer of a store this one cross-certified signs with a key of that store's web, not of this one's.
        for (TrustWeb other : trust.context(storeKey).otherStores().values()) {
            candidates.addAll(other.keys());
            candidates.addAll(other.roots());
        }
        return candidates;
    }

    /**
     * For a licensed package (checked already as any package: size, SHA-256, signatures over the ciphertext), whether
     * a licence held here opens it, its issuer trusted for the app by the store it comes from; null for a plain one.
     */
    private Entitlement entitlement(ClientDatabase.StoredApp app, Release release, Path file, Subject subject,
            String storeName, Instant now) throws IOException {
        if (release.sealed() != null && PrivatePackage.isSealed(file)) {
            return null; // a private store's package that is not licensed inside: its key came with the catalog
        }
        if (!LicensedPackage.isLicensed(file)) {
            return null;
        }
        List<Certificate> candidates = candidates(app.storeKey());
        LicenceTrust licenceTrust = new LicenceTrust() {
            @Override
            public String storeName() {
                return storeName;
            }

            @Override
            public java.util.Collection<Certificate> candidates() {
                return candidates;
            }

            @Override
            public TrustDecision decide(List<SignatureCheck> checks) {
                return trust.decide(app.storeKey(), checks, subject, now);
            }
        };
        return licences.entitle(app.appId(), Version.parse(release.version()), LicensedPackage.header(file).licensor(),
                licenceTrust);
    }

    /**
     * A private store's package that holds a licensed package: the licensed package, decrypted into {@code staging}
     * (its payload stays sealed under its own key) so that the licence path reads it; otherwise {@code file} itself.
     */
    private static Path licensedInside(Release release, Path file, Path staging) throws IOException {
        SealedFile sealed = release.sealed();
        if (sealed == null || !PrivatePackage.isLicensed(file, sealed.contentKey())) {
            return file;
        }
        Path outer = staging.resolve(release.fileName());
        PrivatePackage.decrypt(file, sealed.contentKey(), outer);
        return outer;
    }

    /** Why a private store's package that matched its catalog's hash does not open: named, with what to do. */
    private static String sealedRefusal(String appId, Release release, String storeName, String what,
            PackageRejectedException e) {
        return what + " of " + appId + " " + release.version() + " from private store " + storeName
                + " does not open with the key its catalog gives (" + e.reason() + ": " + e.getMessage()
                + "); nothing was installed; the store published a broken package: tell its publisher, and sync and "
                + "install again once it publishes a new generation";
    }

    /**
     * Extracts {@code file} into {@code files}; a licensed one's payload, and a private store's {@code sealed}
     * package, are decrypted as they are extracted.
     */
    private static void extract(SealedFile sealed, Path file, Entitlement entitlement, Manifest manifest, Path files)
            throws IOException {
        if (sealed != null) {
            PrivatePackage.extract(file, sealed.contentKey(), manifest, files, manifest.totalSize());
        } else if (entitlement instanceof Entitlement.Entitled e) {
            LicensedPackage.extract(file, e.appKey(), manifest, files, manifest.totalSize());
        } else {
            SafeExtractor.extract(file, manifest, files, manifest.totalSize());
        }
    }

    /** Feeds every byte of {@code file} to {@code digest}; returns how many there were. */
    private static long hashInto(Path file, MessageDigest digest) throws IOException {
        byte[] buf = new byte[1 << 20];
        long total = 0;
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                digest.update(buf, 0, n);
                total += n;
            }
        }
        return total;
    }

    private static MessageDigest copy(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's " + digest.getAlgorithm() + " cannot be cloned", e);
        }
    }

    /** Returns to the kept previous version; the version in use is dropped. */
    AppChange rollback(String appId) throws IOException {
        Optional<InstalledRecord> current = ClientService.sql(() -> installed.installed(appId));
        if (current.isEmpty()) {
            return new AppChange.Refused(appId, "is not installed");
        }
        Optional<String> previous = ClientService.sql(() -> installed.previous(appId));
        if (previous.isEmpty()) {
            return new AppChange.Refused(appId, "no previous version is kept (only " + current.get().version()
                    + " is installed)");
        }
        InstalledTable.VersionRow row = ClientService.sql(() -> installed.version(appId, previous.get())).orElseThrow();
        TrustDecision d = decideInstalled(row, clock.instant());
        if (d instanceof TrustDecision.Refused r) {
            return AppChange.Refused.byRule(appId, "will not roll back to " + previous.get() + ": " + r.explain());
        }
        if (!Files.isDirectory(Path.of(row.record().path()))) {
            ClientService.sql(() -> {
                installed.forgetKept(appId, previous.get());
                return null;
            });
            return new AppChange.Refused(appId, "the folder of " + previous.get() + " is gone: " + row.record().path());
        }
        List<String> dropped = ClientService.sql(() -> installed.switchTo(appId, previous.get()));
        deleteFolders(dropped);
        return new AppChange.Done(appId, "rolled back " + appId + " " + current.get().version() + " -> "
                + previous.get());
    }

    /**
     * Puts the files of the version in use back as the signed package has them: the package cached at install is
     * checked again as at install (SHA-256 against the catalog, every signature, the trust decision, now), its
     * manifest must be the one recorded at install, and it is extracted into staging and moved into place. The
     * app's folder is replaced whole, so files added to it go too.
     */
    AppChange repair(String appId) throws IOException {
        Optional<InstalledRecord> current = ClientService.sql(() -> installed.installed(appId));
        if (current.isEmpty()) {
            return new AppChange.Refused(appId, "is not installed");
        }
        InstalledRecord r = current.get();
        InstalledTable.VersionRow row = ClientService.sql(() -> installed.version(appId, r.version())).orElseThrow();
        String reinstall = "; remove it and install it again (caravan client remove " + appId
                + " && caravan client install " + appId + ")";
        if (row.manifestJson() == null) {
            return new AppChange.Refused(appId, appId + " " + r.version() + " was installed by an older Caravan that did "
                    + "not keep its manifest" + reinstall);
        }
        Optional<ClientDatabase.StoredApp> app = ClientService.sql(() -> db.app(r.storeKey(), appId));
        Optional<Release> release = app.flatMap(a -> a.releases().stream()
                .filter(x -> x.version().equals(r.version()) && x.sha256().equals(r.sha256())).findFirst());
        if (release.isEmpty()) {
            return new AppChange.Refused(appId, "the store's catalog no longer lists " + appId + " " + r.version()
                    + reinstall);
        }
        SealedFile sealed = release.get().sealed();
        Path file = home.resolve("cache").resolve(r.sha256())
                .resolve(sealed == null ? release.get().fileName() : sealed.fileName());
        if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return new AppChange.Refused(appId, "the package of " + appId + " " + r.version() + " is no longer in "
                    + file.getParent() + reinstall);
        }
        String storeName = ClientService.sql(() -> db.store(r.storeKey())).map(StoreRecord::displayName)
                .orElse(r.storeKey());
        Checked checked = checkPackage(app.get(), release.get(), file,
                new Subject(appId, row.category(), release.get().type()), clock.instant(), "cached package " + file,
                storeName);
        if (checked instanceof Checked.Bad bad) {
            return AppChange.Refused.byRule(appId, "not repaired from " + file + ": " + bad.reason() + reinstall);
        }
        Manifest manifest = ((Checked.Good) checked).manifest();
        if (!java.util.Arrays.equals(manifest.toJson(), row.manifestJson().getBytes(StandardCharsets.UTF_8))) {
            return AppChange.Refused.byRule(appId, "the cached package's manifest differs from the one recorded when "
                    + appId + " " + r.version() + " was installed" + reinstall);
        }
        Path target = Path.of(r.path());
        Path staging = Files.createTempDirectory(home.resolve("staging"), appId + "-repair-");
        try {
            Path readable = licensedInside(release.get(), file, staging);
            Entitlement entitlement = entitlement(app.get(), release.get(), readable,
                    new Subject(appId, row.category(), release.get().type()), storeName, clock.instant());
            if (entitlement instanceof Entitlement.NotEntitled n) {
                return AppChange.Refused.byRule(appId, "not repaired: " + n.reason());
            }
            extract(readable == file ? sealed : null, readable, entitlement, manifest, staging.resolve("files"));
            // Two moves, not one: a crash between them leaves the folder missing, which verify reports and a
            // second repair restores; never a mix of old and new files.
            if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.move(target, staging.resolve("old"), StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(staging.resolve("files"), target, StandardCopyOption.ATOMIC_MOVE);
            java.util.Map<String, Long> stamps = InstalledFiles.stamps(target, manifest);
            ClientService.sql(() -> {
                installed.updateStamps(appId, r.version(), stamps);
                return null;
            });
        } catch (PackageRejectedException e) {
            return AppChange.Refused.byRule(appId, "package refused: " + e.getMessage() + reinstall);
        } finally {
            ClientService.deleteTree(staging);
        }
        return new AppChange.Done(appId, "repaired " + appId + " " + r.version() + " from its signed package");
    }

    /** Forgets an app and deletes every kept version of it. */
    AppChange remove(String appId) throws IOException {
        Optional<InstalledRecord> current = ClientService.sql(() -> installed.installed(appId));
        if (current.isEmpty()) {
            return new AppChange.Refused(appId, "is not installed");
        }
        hook.reached(REMOVING);
        List<String> dropped = ClientService.sql(() -> installed.remove(appId));
        deleteFolders(dropped);
        Path idDir = apps().resolve(appId);
        if (Files.isDirectory(idDir)) {
            ClientService.deleteTree(idDir);
        }
        return new AppChange.Done(appId, "removed " + appId + " " + current.get().version());
    }

    /**
     * Decides again, now, on an installed version from the signatures verified when it was installed and the
     * store's current keyring: a hard revocation synced since then makes it spurious.
     */
    TrustDecision decideInstalled(InstalledTable.VersionRow row, Instant now) {
        InstalledRecord r = row.record();
        List<SignatureCheck> checks = new ArrayList<>();
        for (SignerClaim c : row.signers()) {
            checks.add(new SignatureCheck.Valid(Fingerprint.of(c.fingerprint()), c.signedAt()));
        }
        if (checks.isEmpty() && r.signer() != null) {
            // Installed before signatures were recorded: the best knowledge is the signer at install time.
            checks.add(new SignatureCheck.Valid(Fingerprint.of(r.signer()), r.installedAt()));
        }
        String type = row.manifestJson() == null ? "app"
                : Manifest.fromJson(row.manifestJson().getBytes(StandardCharsets.UTF_8)).type().text();
        return trust.decide(r.storeKey(), checks, new Subject(r.appId(), row.category(), type), now);
    }

    private void deleteFolders(List<String> paths) {
        for (String p : paths) {
            try {
                ClientService.deleteTree(Path.of(p));
            } catch (IOException e) {
                // The database no longer names it: the next start's reconcile removes what is left.
                LOG.warn("could not delete {} now; it goes at the next start: {}", p, e.getMessage());
            }
        }
    }
}
