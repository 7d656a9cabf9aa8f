package org.caravan.core.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.caravan.core.catalog.Release;
import org.caravan.core.catalog.Sha256;
import org.caravan.core.net.InfoHash;
import org.caravan.core.net.PeerNode;
import org.caravan.core.pkg.Manifest;
import org.caravan.core.pkg.PackageReader;
import org.caravan.core.pkg.PackageRejectedException;
import org.caravan.core.pkg.SafeExtractor;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.sign.SignatureCheck;
import org.caravan.keyring.trust.KeyRef;
import org.caravan.keyring.trust.Subject;
import org.caravan.keyring.trust.TrustDecision;
import org.caravan.keyring.trust.TrustWeb;

/**
 * The install pipeline: download -> size and SHA-256 against the current catalog -> signatures and the
 * trust decision over the downloaded bytes -> safe extraction into staging -> one atomic move into
 * {@code apps/ID/VERSION} -> record in the database.
 */
final class Installer {
    private static final Duration FETCH_TIMEOUT = Duration.ofMinutes(5);

    private final Path home;
    private final Clock clock;
    private final ClientDatabase db;
    private final InstalledTable installed;
    private final TrustView trust;
    private final Supplier<PeerNode> node;

    Installer(Path home, Clock clock, ClientDatabase db, InstalledTable installed, TrustView trust,
            Supplier<PeerNode> node) {
        this.home = home;
        this.clock = clock;
        this.db = db;
        this.installed = installed;
        this.trust = trust;
        this.node = node;
    }

    /** A crash during an install leaves a folder in staging/: it was never moved into place, so drop it. */
    void cleanStaging() throws IOException {
        Path staging = home.resolve("staging");
        if (Files.exists(staging)) {
            ClientService.deleteTree(staging);
        }
        Files.createDirectories(staging);
    }

    InstallOutcome install(String appId, InstallProgress progress) throws IOException {
        Instant now = clock.instant();
        Optional<ClientDatabase.StoredApp> found = ClientService.sql(db::apps).stream()
                .filter(a -> a.appId().equals(appId)).findFirst();
        if (found.isEmpty()) {
            return new InstallOutcome.Failed(appId, "no subscribed store lists " + appId + " (run sync?)");
        }
        ClientDatabase.StoredApp app = found.get();
        StoreRecord store = ClientService.sql(() -> db.store(app.storeKey())).orElseThrow();
        Release release = TrustView.newest(app.releases());
        Optional<InstalledRecord> current = ClientService.sql(() -> installed.installed(appId));
        if (current.isPresent() && current.get().version().equals(release.version())) {
            return new InstallOutcome.Failed(appId, appId + " " + release.version() + " is already installed");
        }
        if (TrustView.isStale(store, now)) {
            return new InstallOutcome.Failed(appId, "the catalog of " + store.displayName() + " expired at "
                    + store.expires() + " and may be frozen by an attacker; sync before installing");
        }
        Subject subject = new Subject(appId, app.category(), release.type());
        TrustDecision claimed = trust.decideClaimed(app.storeKey(), appId, app.category(), release, now);
        if (claimed instanceof TrustDecision.Refused r) {
            return new InstallOutcome.Failed(appId, r.explain());
        }
        progress.update("download", 0);
        Path cache = Files.createDirectories(home.resolve("cache").resolve(release.sha256()));
        Path file = node.get().fetch(new InfoHash(release.infoHash()), cache, release.size(), FETCH_TIMEOUT,
                (done, total) -> progress.update("download", total <= 0 ? 0 : 0.8 * done / total));
        progress.update("verify", 0.8);
        if (Files.size(file) != release.size()) {
            return new InstallOutcome.Failed(appId, "downloaded package is " + Files.size(file)
                    + " bytes, the catalog says " + release.size());
        }
        String sha = Sha256.hex(file);
        if (!sha.equals(release.sha256())) {
            return new InstallOutcome.Failed(appId, "downloaded package's SHA-256 " + sha
                    + " does not match the catalog's " + release.sha256());
        }
        TrustWeb web = trust.web(app.storeKey());
        List<Certificate> candidates = new ArrayList<>(web.keys());
        candidates.addAll(web.roots());
        List<SignatureCheck> checks = new ArrayList<>();
        for (String sig : release.signatures()) {
            checks.addAll(DetachedSignatures.verify(file, sig.getBytes(StandardCharsets.US_ASCII), candidates));
        }
        TrustDecision decision = trust.engine().decide(web, checks, subject, now);
        if (decision instanceof TrustDecision.Refused r) {
            return new InstallOutcome.Failed(appId, r.explain());
        }
        Manifest manifest = PackageReader.readManifest(file);
        if (!manifest.id().equals(appId) || !manifest.version().toString().equals(release.version())) {
            return new InstallOutcome.Failed(appId, "the package holds " + manifest.id() + " " + manifest.version()
                    + ", not " + appId + " " + release.version());
        }
        progress.update("extract", 0.9);
        Path staging = Files.createTempDirectory(home.resolve("staging"), appId + "-");
        Path target = home.resolve("apps").resolve(appId).resolve(release.version());
        try {
            SafeExtractor.extract(file, manifest, staging.resolve("files"), manifest.totalSize());
            Files.createDirectories(target.getParent());
            if (Files.exists(target)) {
                ClientService.deleteTree(target);
            }
            Files.move(staging.resolve("files"), target, StandardCopyOption.ATOMIC_MOVE);
        } catch (PackageRejectedException e) {
            return new InstallOutcome.Failed(appId, "package refused: " + e.getMessage());
        } finally {
            ClientService.deleteTree(staging);
        }
        KeyRef signer = ((TrustDecision.Trusted) decision).signer();
        ClientService.sql(() -> {
            installed.recordInstall(new InstalledRecord(appId, release.version(), app.storeKey(), target.toString(), sha,
                    signer.fingerprint().hex(), now));
            return null;
        });
        progress.update("done", 1.0);
        return new InstallOutcome.Installed(appId, release.version(), target, decision.explain());
    }
}
