package org.caravan.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.caravan.core.catalog.Catalog;
import org.caravan.core.catalog.CatalogApp;
import org.caravan.core.catalog.CatalogCodec;
import org.caravan.core.catalog.CatalogFormatException;
import org.caravan.core.catalog.CatalogSplice;
import org.caravan.core.catalog.DeltaBundle;
import org.caravan.core.catalog.GenerationBundle;

/**
 * What a store (or whoever got hold of its pointer) hands a subscriber before any signature is checked:
 * catalog JSON, a delta against the generation held, and the ZIP containers both travel in. Each is read
 * into a value or refused with {@link CatalogFormatException}; an accepted catalog encodes to canonical
 * bytes that decode to the same catalog (its hash and signature depend on that).
 */
class CatalogFuzzTest {
    /** Generation 1 of the seeds' store: what a subscriber holds when a delta to generation 2 arrives. */
    private static final GenerationBundle HELD = held();
    private static final Path DIR = Refusals.tempDir("catalog");

    @FuzzTest
    void catalogJson(byte[] json) {
        Catalog catalog;
        try {
            catalog = CatalogCodec.decode(json);
        } catch (CatalogFormatException refused) {
            Refusals.check(refused);
            return;
        }
        byte[] canonical = CatalogCodec.encode(catalog);
        Catalog again = CatalogCodec.decode(canonical);
        assertEquals(catalog, again, "catalog round trip");
        assertArrayEquals(canonical, CatalogCodec.encode(again), "canonical bytes are stable");
        // The delta splice finds the apps in canonical bytes without decoding them: it must see the same ones.
        assertEquals(catalog.apps().stream().map(CatalogApp::id).toList(), CatalogSplice.layout(canonical).ids(),
                "splice layout of canonical bytes");
    }

    @FuzzTest
    void deltaJson(byte[] json) {
        DeltaBundle delta = new DeltaBundle(json, HELD.catalogSignature(), null);
        DeltaBundle.Rebuilt rebuilt;
        try {
            rebuilt = delta.rebuild(HELD);
        } catch (CatalogFormatException refused) {
            Refusals.check(refused);
            return;
        }
        // Only bytes whose SHA-256 the delta names come out; they are a catalog of the next generation.
        Catalog next = CatalogCodec.decode(rebuilt.bundle().catalogJson());
        assertEquals(rebuilt.delta().head().generation(), next.generation());
    }

    @FuzzTest
    void bundleZip(byte[] zip) throws IOException {
        Path file = DIR.resolve("bundle.zip");
        Files.write(file, zip);
        try {
            GenerationBundle g = GenerationBundle.read(file, GenerationBundle.MAX_BUNDLE_BYTES);
            assertNotNull(g.catalogJson());
            assertNotNull(g.catalogSignature());
            assertNotNull(g.keyring());
        } catch (CatalogFormatException refused) {
            Refusals.check(refused);
        }
        try {
            DeltaBundle d = DeltaBundle.read(file);
            assertNotNull(d.deltaJson());
            assertNotNull(d.catalogSignature());
        } catch (CatalogFormatException refused) {
            Refusals.check(refused);
        }
    }

    private static GenerationBundle held() {
        try (InputStream in = CatalogFuzzTest.class.getResourceAsStream("held-generation-1.cgen")) {
            if (in == null) {
                throw new IllegalStateException("held-generation-1.cgen is not on the class path");
            }
            Path file = Files.createTempFile("caravan-fuzz-held", ".cgen");
            try {
                Files.write(file, in.readAllBytes());
                return GenerationBundle.read(file, GenerationBundle.MAX_BUNDLE_BYTES);
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
