package org.caravan.core.bench.catalog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.caravan.core.catalog.Catalog;
import org.caravan.core.catalog.CatalogApp;
import org.caravan.core.catalog.CatalogCodec;
import org.caravan.core.catalog.GenerationBundle;
import org.caravan.core.catalog.Release;
import org.caravan.core.catalog.Sha256;
import org.caravan.core.catalog.SignerClaim;
import org.caravan.core.catalog.StorePolicy;
import org.caravan.core.store.StoreDirectory;
import org.caravan.core.testing.StoreFixture;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.testing.Personas;

/**
 * Catalogs of any size, built the way {@link StoreDirectory#publish} builds them but without admitting
 * packages one by one (which takes minutes for 100 000 apps): real store root and keyring (the store
 * fixture's root with the developer persona certified globally), a real detached signature by the
 * developer on every release, and names and summaries drawn deterministically from a vocabulary, so that
 * search has common words (thousands of hits), rare words (a handful) and prefixes.
 */
final class SyntheticCatalog {
    static final String[] CATEGORIES = {"utilities", "office", "graphics", "games", "audio", "video",
            "development", "network", "education", "science"};
    /** Common words: each app's summary takes a few, so every one matches thousands of apps at 100 000. */
    static final String[] COMMON = {"editor", "viewer", "manager", "player", "tool", "simple", "fast", "free",
            "open", "light", "notes", "photo", "music", "files", "sync", "backup", "chart", "paint", "chat",
            "mail", "calendar", "timer", "terminal", "browser", "reader"};
    private static final String[] SYLLABLES = {"ka", "lo", "mi", "zu", "ra", "ten", "vo", "shi", "qua", "bel",
            "dor", "nix", "pa", "ro", "fen", "lu", "gar", "wi", "to", "mex", "sa", "yo", "cri", "pel"};

    private final StoreDirectory store;
    private final byte[] keyring;
    private final List<SignerClaim> signers;
    private final List<String> signatures;

    private SyntheticCatalog(StoreDirectory store, byte[] keyring, List<SignerClaim> signers, List<String> signatures) {
        this.store = store;
        this.keyring = keyring;
        this.signers = signers;
        this.signatures = signatures;
    }

    /** A store (fixture) in {@code dir}: its root signs catalogs, its certified developer signs releases. */
    static SyntheticCatalog create(java.nio.file.Path dir) throws IOException {
        StoreFixture f = StoreFixture.create(dir);
        ByteArrayOutputStream ring = new ByteArrayOutputStream();
        ring.write(f.store.rootKey().certificate().armored().getBytes(StandardCharsets.US_ASCII));
        for (Certificate c : f.store.keyring()) {
            ring.write(c.armored().getBytes(StandardCharsets.US_ASCII));
        }
        // One real signature, made once: the import stores it per release and never re-checks it, so its
        // size is what matters here, not which bytes it signs.
        String sig = DetachedSignatures.sign(Personas.secretKey("developer"),
                "a package".getBytes(StandardCharsets.UTF_8), StoreFixture.SIGNED);
        List<SignerClaim> claims = List.of(new SignerClaim(Personas.DEVELOPER.hex(), StoreFixture.SIGNED));
        return new SyntheticCatalog(f.store, ring.toByteArray(), claims, List.of(sig));
    }

    String storeKeyHex() {
        return HexFormat.of().formatHex(store.storeKey());
    }

    byte[] storeKey() {
        return store.storeKey();
    }

    byte[] channelSeed() {
        return store.rootKey().ed25519Seed();
    }

    static String appId(int i) {
        return String.format(Locale.ROOT, "org.bench.app%06d", i);
    }

    /** The apps 0..n-1; the same {@code n} always gives the same apps. */
    List<CatalogApp> apps(int n) {
        List<CatalogApp> apps = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            apps.add(app(i, "1.0.0"));
        }
        return apps;
    }

    CatalogApp app(int i, String version) {
        SplittableRandom r = new SplittableRandom(i * 7919L + 17);
        String word = word(r);
        String name = capitalize(word) + " " + capitalize(COMMON[r.nextInt(COMMON.length)]);
        StringBuilder summary = new StringBuilder("A ").append(COMMON[r.nextInt(COMMON.length)]);
        for (int k = 0; k < 6; k++) {
            summary.append(' ').append(k % 2 == 0 ? word(r) : COMMON[r.nextInt(COMMON.length)]);
        }
        summary.append(" for the desktop.");
        String id = appId(i);
        String category = CATEGORIES[r.nextInt(CATEGORIES.length)];
        Release rel = new Release(version, "app", String.format(Locale.ROOT, "%040x", i * 31L + version.hashCode()),
                Sha256.hex((id + version).getBytes(StandardCharsets.UTF_8)), 100_000 + r.nextInt(50_000_000),
                id + "-" + version + ".car", signers, signatures);
        return new CatalogApp(id, name, summary.toString(), category, List.of(rel));
    }

    private static String word(SplittableRandom r) {
        int n = 2 + r.nextInt(2);
        StringBuilder w = new StringBuilder();
        for (int k = 0; k < n; k++) {
            w.append(SYLLABLES[r.nextInt(SYLLABLES.length)]);
        }
        return w.toString();
    }

    private static String capitalize(String w) {
        return Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }

    /** A generation of the given apps, encoded and signed by the store root at {@code issued}. */
    GenerationBundle generation(String storeName, long generation, String previousHash, List<CatalogApp> apps,
            Instant issued) {
        StorePolicy policy = StorePolicy.DEFAULT;
        Catalog c = new Catalog(Catalog.FORMAT_VERSION, storeKeyHex(), storeName, generation, issued,
                issued.plus(policy.catalogLifetime()), previousHash, List.of(store.rootKey().fingerprint().hex()),
                Sha256.hex(keyring), policy, apps);
        byte[] json = CatalogCodec.encode(c);
        byte[] sig = DetachedSignatures.sign(store.rootKey(), json, issued).getBytes(StandardCharsets.US_ASCII);
        return new GenerationBundle(json, sig, keyring);
    }
}
