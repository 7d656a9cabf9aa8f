package org.caravan.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.caravan.core.catalog.Catalog;
import org.caravan.core.catalog.CatalogCodec;
import org.caravan.core.catalog.GenerationBundle;
import org.caravan.core.pkg.PackageBuilder;
import org.caravan.core.testing.StoreFixture;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.trust.RevocationReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreDirectoryTest {
    @TempDir
    Path tmp;

    @Test
    void publishesAGenerationWithTheAdmittedApps() throws Exception {
        StoreFixture f = StoreFixture.create(tmp);
        f.addApp("org.example.hello", "1.0.0", "utilities");
        f.addApp("org.example.hello", "1.1.0", "utilities");
        Publication p = f.store.publish(StoreFixture.PUBLISHED);
        assertEquals(1, p.generation());
        assertTrue(p.created());
        Catalog c = CatalogCodec.decode(GenerationBundle.read(p.file(), GenerationBundle.MAX_BUNDLE_BYTES).catalogJson());
        assertEquals("Test Store", c.storeName());
        assertEquals(List.of("1.0.0", "1.1.0"), c.app("org.example.hello").orElseThrow().releases().stream()
                .map(r -> r.version()).toList());
        assertEquals(Personas.DEVELOPER.hex(), c.apps().get(0).newest().signers().get(0).fingerprint());
    }

    /**
     * What `store serve` says it published counts the generation's releases, not the folder's: a package added while
     * the generation was being published is in the next one (an acceptance run was misled by "4 releases" for a
     * generation of 3).
     */
    @Test
    void aGenerationsReleasesAreCountedInItNotInTheFolder() throws Exception {
        StoreFixture f = StoreFixture.create(tmp);
        f.addApp("org.example.hello", "1.0.0", "utilities");
        f.addApp("org.example.notes", "1.0.0", "utilities");
        assertEquals(1, f.store.publish(StoreFixture.PUBLISHED).generation());
        f.addApp("org.example.late", "1.0.0", "utilities");
        assertEquals(3, f.store.releases().size());
        assertEquals(2, f.store.releasesIn(1));
        assertEquals(3, f.store.releasesIn(f.store.publish(StoreFixture.PUBLISHED.plusSeconds(60)).generation()));
    }

    @Test
    void anUnchangedStoreKeepsItsGenerationAndARevocationMakesANewOne() throws Exception {
        StoreFixture f = StoreFixture.create(tmp);
        f.addApp("org.example.hello", "1.0.0", "utilities");
        assertEquals(1, f.store.publish(StoreFixture.PUBLISHED).generation());
        Publication same = f.store.publish(StoreFixture.PUBLISHED.plusSeconds(60));
        assertEquals(1, same.generation());
        assertFalse(same.created());
        f.store.revoke(Personas.DEVELOPER, RevocationReason.COMPROMISED, "leaked", StoreFixture.PUBLISHED.plusSeconds(90));
        Publication next = f.store.publish(StoreFixture.PUBLISHED.plusSeconds(120));
        assertEquals(2, next.generation());
        Catalog c2 = CatalogCodec.decode(GenerationBundle.read(next.file(), GenerationBundle.MAX_BUNDLE_BYTES).catalogJson());
        assertTrue(c2.previousHash() != null, "generation 2 names generation 1's hash");
    }

    @Test
    void refusesAPackageSignedByAKeyTheStoreDoesNotTrust() throws Exception {
        StoreFixture f = StoreFixture.create(tmp);
        Path car = f.buildSigned("org.example.evil", "1.0.0", "utilities", Personas.secretKey("outsider"));
        StoreException e = assertThrows(StoreException.class, () -> f.store.add(car, StoreFixture.SIGNED));
        assertTrue(e.getMessage().startsWith("refusing org.example.evil 1.0.0"), e.getMessage());
        assertTrue(f.store.releases().isEmpty(), "nothing was admitted");
    }

    @Test
    void refusesAPackageWithoutSignatureOrWithDifferentBytesForTheSameVersion() throws Exception {
        StoreFixture f = StoreFixture.create(tmp);
        Path car = f.buildSigned("org.example.hello", "1.0.0", "utilities", Personas.secretKey("developer"));
        Files.delete(car.resolveSibling(car.getFileName() + ".asc"));
        StoreException none = assertThrows(StoreException.class, () -> f.store.add(car, StoreFixture.SIGNED));
        assertTrue(none.getMessage().contains("no signature beside"), none.getMessage());

        f.addApp("org.example.hello", "1.0.0", "utilities");
        Path src = Files.createDirectories(tmp.resolve("src2"));
        Files.writeString(src.resolve("different.txt"), "different content", StandardCharsets.UTF_8);
        Path car2 = Files.createDirectories(tmp.resolve("out2")).resolve("org.example.hello-1.0.0.car");
        PackageBuilder.build("org.example.hello", "1.0.0", "app", "Hello", "", "utilities", "", src, car2);
        Files.writeString(car2.resolveSibling(car2.getFileName() + ".asc"),
                DetachedSignatures.sign(Personas.secretKey("developer"), car2, StoreFixture.SIGNED), StandardCharsets.US_ASCII);
        StoreException dup = assertThrows(StoreException.class, () -> f.store.add(car2, StoreFixture.SIGNED));
        assertTrue(dup.getMessage().contains("already in the store with different content"), dup.getMessage());
        assertEquals(1, f.store.releases().size());
    }

    @Test
    void initRefusesAnExistingStoreAndANonKey() throws Exception {
        StoreFixture.create(tmp);
        StoreException again = assertThrows(StoreException.class,
                () -> StoreDirectory.init(tmp.resolve("store"), "Again", tmp.resolve("root.key")));
        assertTrue(again.getMessage().contains("already a store"), again.getMessage());
        Path junk = Files.writeString(tmp.resolve("junk.key"), "hello", StandardCharsets.US_ASCII);
        StoreException bad = assertThrows(StoreException.class,
                () -> StoreDirectory.init(tmp.resolve("store2"), "S", junk));
        assertTrue(bad.getMessage().contains("junk.key is not an OpenPGP secret key"), bad.getMessage());
        assertFalse(Files.exists(tmp.resolve("store2/store.json")));
    }

    @Test
    void twoThreadsOfOneProcessWriteTheSameStoreOneAfterTheOther() throws Exception {
        // store serve's collector admits a developer's release while its publish step runs: both in one JVM,
        // where a second FileLock on the folder's .lock throws instead of waiting.
        StoreFixture f = StoreFixture.create(tmp);
        List<Path> cars = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            cars.add(f.buildSigned("org.example.app" + i, "1.0.0", "utilities", Personas.secretKey("developer")));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Future<?> adding = pool.submit(() -> {
                for (Path car : cars) {
                    f.store.add(car, StoreFixture.SIGNED);
                }
                return null;
            });
            java.util.concurrent.Future<?> publishing = pool.submit(() -> {
                for (int i = 0; i < 30; i++) {
                    f.store.publish(StoreFixture.PUBLISHED.plusSeconds(i));
                }
                return null;
            });
            adding.get(2, java.util.concurrent.TimeUnit.MINUTES);
            publishing.get(2, java.util.concurrent.TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(6, f.store.releases().size());
        Catalog c = CatalogCodec.decode(GenerationBundle.read(f.store.publish(StoreFixture.PUBLISHED.plusSeconds(60)).file(),
                GenerationBundle.MAX_BUNDLE_BYTES).catalogJson());
        assertEquals(6, c.apps().size());
    }
}
