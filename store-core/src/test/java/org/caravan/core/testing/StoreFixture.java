package org.caravan.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.caravan.core.pkg.PackageBuilder;
import org.caravan.core.store.ReleaseRecord;
import org.caravan.core.store.StoreDirectory;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.trust.Level;
import org.caravan.keyring.trust.Scope;

/**
 * A real store directory on disk, rooted in the {@code root} persona, with the {@code developer} persona
 * certified globally. Times are fixed: certified at {@link #CERTIFIED}, packages signed at {@link #SIGNED},
 * generations published at {@link #PUBLISHED}; clients read at {@link #NOW}.
 */
public final class StoreFixture {
    public static final Instant CERTIFIED = Instant.parse("2026-02-01T00:00:00Z");
    public static final Instant SIGNED = Instant.parse("2026-02-01T01:00:00Z");
    public static final Instant PUBLISHED = Instant.parse("2026-02-01T02:00:00Z");
    public static final Instant NOW = Instant.parse("2026-02-01T03:00:00Z");
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    public final Path dir;
    public final StoreDirectory store;
    /** How far the clocks of the store and its developer are off (zero but in clock-skew tests). */
    public final java.time.Duration skew;

    private StoreFixture(Path dir, StoreDirectory store, java.time.Duration skew) {
        this.dir = dir;
        this.store = store;
        this.skew = skew;
    }

    /**
     * A store (rooted in {@code rootPersona}) whose machine, and its developer's, run {@code skew} off: it certifies
     * the developer at {@code CERTIFIED + skew}, packages are signed at {@code SIGNED + skew}; publish it at
     * {@link #published()} or with {@link #clock()}.
     */
    public static StoreFixture skewed(Path dir, String rootPersona, String name, java.time.Duration skew)
            throws IOException {
        Path rootKey = Files.createDirectories(dir).resolve("root.key");
        Files.writeString(rootKey, Personas.secretKey(rootPersona).armored(), StandardCharsets.US_ASCII);
        StoreDirectory store = StoreDirectory.init(dir.resolve("store"), name, rootKey);
        store.certify(Personas.secretKey("developer").certificate(), Level.DEVELOPER, Scope.GLOBAL, null,
                CERTIFIED.plus(skew));
        return new StoreFixture(dir, store, skew);
    }

    /** When this store's (skewed) clock says it publishes. */
    public Instant published() {
        return PUBLISHED.plus(skew);
    }

    /** This store's clock, stopped at {@link #NOW} plus its skew. */
    public Clock clock() {
        return Clock.offset(CLOCK, skew);
    }

    /** A store "Test Store" in {@code dir}/store with the developer persona certified (developer, global). */
    public static StoreFixture create(Path dir) throws IOException {
        return create(dir, "root", "Test Store");
    }

    /** A store rooted in another persona (e.g. {@code second-root}): another store key, another store. */
    public static StoreFixture create(Path dir, String rootPersona, String name) throws IOException {
        Path rootKey = Files.createDirectories(dir).resolve("root.key");
        Files.writeString(rootKey, Personas.secretKey(rootPersona).armored(), StandardCharsets.US_ASCII);
        StoreDirectory store = StoreDirectory.init(dir.resolve("store"), name, rootKey);
        store.certify(Personas.secretKey("developer").certificate(), Level.DEVELOPER, Scope.GLOBAL, null, CERTIFIED);
        return new StoreFixture(dir, store, java.time.Duration.ZERO);
    }

    /** Builds {@code id-version.car} from a small generated folder and signs it with {@code signer}. */
    public Path buildSigned(String id, String version, String category, SecretKey signer) throws IOException {
        return buildSigned(id, version, category, "App " + id, "Summary of " + id, signer);
    }

    /** As {@link #buildSigned(String, String, String, SecretKey)}, with a display name and summary. */
    public Path buildSigned(String id, String version, String category, String name, String summary, SecretKey signer)
            throws IOException {
        Path src = Files.createDirectories(dir.resolve("src").resolve(id + "-" + version));
        Files.writeString(src.resolve("README.txt"), id + " " + version + "\n", StandardCharsets.UTF_8);
        Files.writeString(src.resolve("run.sh"), "#!/bin/sh\necho " + id + "\n", StandardCharsets.UTF_8);
        Path car = Files.createDirectories(dir.resolve("out")).resolve(id + "-" + version + ".car");
        PackageBuilder.build(id, version, "app", name, summary, category, "run.sh", src, car);
        Files.writeString(car.resolveSibling(car.getFileName() + ".asc"), DetachedSignatures.sign(signer, car,
                        SIGNED.plus(skew)),
                StandardCharsets.US_ASCII);
        return car;
    }

    /** Builds, signs with the developer persona and admits a package. */
    public ReleaseRecord addApp(String id, String version, String category) throws IOException {
        return store.add(buildSigned(id, version, category, Personas.secretKey("developer")), SIGNED.plus(skew));
    }
}
