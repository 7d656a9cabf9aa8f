package org.caravan.core.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.caravan.core.store.Publication;
import org.caravan.core.testing.StoreFixture;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.testing.Personas;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerationVerifierTest {
    @TempDir
    Path tmp;
    StoreFixture f;
    GenerationBundle bundle;

    @BeforeEach
    void publish() throws Exception {
        f = StoreFixture.create(tmp);
        f.addApp("org.example.hello", "1.0.0", "utilities");
        Publication p = f.store.publish(StoreFixture.PUBLISHED);
        bundle = GenerationBundle.read(p.file(), GenerationBundle.MAX_BUNDLE_BYTES);
    }

    @Test
    void aGenuineGenerationVerifies() {
        VerifiedGeneration g = GenerationVerifier.verify(bundle, f.store.storeKey());
        assertEquals(1, g.catalog().generation());
        assertEquals(1, g.web().roots().size());
        assertEquals(Personas.ROOT, g.web().roots().get(0).fingerprint());
    }

    @Test
    void aCatalogOfAnotherStoreIsRefused() {
        byte[] otherKey = Personas.secretKey("outsider").certificate().ed25519PublicKey();
        CatalogFormatException e = assertThrows(CatalogFormatException.class, () -> GenerationVerifier.verify(bundle, otherKey));
        assertTrue(e.getMessage().startsWith("catalog belongs to store"), e.getMessage());
    }

    @Test
    void aTamperedCatalogIsRefused() {
        String json = new String(bundle.catalogJson(), StandardCharsets.UTF_8).replace("Test Store", "Evil Store");
        GenerationBundle tampered = new GenerationBundle(json.getBytes(StandardCharsets.UTF_8), bundle.catalogSignature(),
                bundle.keyring());
        CatalogFormatException e = assertThrows(CatalogFormatException.class,
                () -> GenerationVerifier.verify(tampered, f.store.storeKey()));
        assertTrue(e.getMessage().contains("signature by the store root does not verify"), e.getMessage());
    }

    @Test
    void aCatalogSignedByAnotherKeyIsRefused() {
        byte[] sig = DetachedSignatures.sign(Personas.secretKey("outsider"), bundle.catalogJson(), StoreFixture.PUBLISHED)
                .getBytes(StandardCharsets.US_ASCII);
        GenerationBundle forged = new GenerationBundle(bundle.catalogJson(), sig, bundle.keyring());
        CatalogFormatException e = assertThrows(CatalogFormatException.class,
                () -> GenerationVerifier.verify(forged, f.store.storeKey()));
        assertTrue(e.getMessage().contains("does not verify"), e.getMessage());
    }

    @Test
    void aSwappedKeyringIsRefused() {
        GenerationBundle swapped = new GenerationBundle(bundle.catalogJson(), bundle.catalogSignature(),
                Personas.resource("store-keyring.asc"));
        CatalogFormatException e = assertThrows(CatalogFormatException.class,
                () -> GenerationVerifier.verify(swapped, f.store.storeKey()));
        assertTrue(e.getMessage().contains("keyring.asc does not match"), e.getMessage());
    }

    @Test
    void oversizedOrStrangeBundlesAreRefusedBeforeTheyAreRead() throws Exception {
        Path file = tmp.resolve("big.cgen");
        bundle.write(file);
        CatalogFormatException big = assertThrows(CatalogFormatException.class, () -> GenerationBundle.read(file, 100));
        assertTrue(big.getMessage().contains("over the limit"), big.getMessage());

        Path strange = tmp.resolve("strange.cgen");
        try (OutputStream out = Files.newOutputStream(strange); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("../evil"));
            zip.write(1);
            zip.closeEntry();
        }
        CatalogFormatException e = assertThrows(CatalogFormatException.class,
                () -> GenerationBundle.read(strange, GenerationBundle.MAX_BUNDLE_BYTES));
        assertTrue(e.getMessage().contains("unexpected entry '../evil'"), e.getMessage());

        Path notZip = Files.writeString(tmp.resolve("x.cgen"), "hello");
        CatalogFormatException z = assertThrows(CatalogFormatException.class,
                () -> GenerationBundle.read(notZip, GenerationBundle.MAX_BUNDLE_BYTES));
        assertTrue(z.getMessage().contains("has no catalog.json") || z.getMessage().contains("not a catalog generation"),
                z.getMessage());
    }
}
