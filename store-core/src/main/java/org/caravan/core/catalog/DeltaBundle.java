package org.caravan.core.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A delta as it travels: {@code delta-N.cdelta}, a ZIP holding {@code delta.json} (canonical JSON of a
 * {@link CatalogDelta} from N-1 to N), {@code catalog.json.asc} (generation N's signature) and, only when
 * the keyring changed, {@code keyring.asc}.
 */
public record DeltaBundle(byte[] deltaJson, byte[] catalogSignature, byte[] keyring) {
    public static final String DELTA = "delta.json";
    public static final long MAX_DELTA_BYTES = 64L * 1024 * 1024;

    public static String fileName(long toGeneration) {
        return "delta-" + toGeneration + ".cdelta";
    }

    /** The delta between two consecutive generations as published. */
    public static DeltaBundle between(GenerationBundle from, GenerationBundle to) {
        CatalogDelta delta = CatalogDelta.between(CatalogCodec.decode(from.catalogJson()), from.catalogJson(),
                CatalogCodec.decode(to.catalogJson()), to.catalogJson());
        byte[] keyring = Arrays.equals(from.keyring(), to.keyring()) ? null : to.keyring();
        return new DeltaBundle(encode(delta), to.catalogSignature(), keyring);
    }

    public CatalogDelta delta() {
        try {
            return CatalogCodec.mapper().readValue(deltaJson, CatalogDelta.class);
        } catch (com.fasterxml.jackson.databind.exc.ValueInstantiationException e) {
            throw new CatalogFormatException("delta.json is invalid: "
                    + (e.getCause() == null ? e.getOriginalMessage() : e.getCause().getMessage()), e);
        } catch (IOException e) {
            throw new CatalogFormatException("delta.json is not a valid delta: " + e.getMessage(), e);
        }
    }

    /**
     * Rebuilds the full generation from the one held. The result still has to pass
     * {@link GenerationVerifier}: the delta only saves bytes, it proves nothing.
     */
    public GenerationBundle applyTo(GenerationBundle held) {
        return rebuild(held).bundle();
    }

    /**
     * A generation rebuilt from a delta: the bundle (catalog bytes checked against the delta's {@code toHash},
     * not yet against the signature), the delta it came from, and where its apps are (for the next delta).
     */
    public record Rebuilt(GenerationBundle bundle, CatalogDelta delta, CatalogSplice.Layout layout) {
        /** How many apps the rebuilt catalog lists. */
        public int appCount() {
            return layout.ids().size();
        }

        /**
         * The new catalog without its apps: its head, whose canonical encoding is, byte for byte, all of
         * {@code bundle.catalogJson()} but the apps array (see {@link CatalogSplice}). Every rule
         * {@link GenerationVerifier} checks besides the signature (store key, keyring hash, roots and their
         * history, issue time) reads these fields only, so it may be verified in place of the decoded
         * catalog; the apps themselves are {@code delta}'s upserts and removals over the catalog held.
         */
        public Catalog head() {
            return delta.head();
        }
    }

    /**
     * As {@link #applyTo(GenerationBundle)}, without decoding the held catalog: the delta is spliced into
     * its canonical bytes ({@link CatalogSplice}), and the result's SHA-256 must be the delta's
     * {@code toHash}.
     */
    public Rebuilt rebuild(GenerationBundle held) {
        return rebuild(held, Sha256.hex(held.catalogJson()), null);
    }

    /**
     * As {@link #rebuild(GenerationBundle)}, for a caller that knows the SHA-256 of {@code held}'s catalog
     * (it verified that generation) and possibly its layout (from the {@link Rebuilt} that made it; null:
     * tokenize it). Only which generation the delta starts from rests on the hash, and a wrong layout gives
     * wrong bytes: the result is still checked against the delta's {@code toHash}.
     */
    public Rebuilt rebuild(GenerationBundle held, String heldCatalogHash, CatalogSplice.Layout heldLayout) {
        CatalogDelta d = delta();
        CatalogSplice.Layout layout = heldLayout != null ? heldLayout : CatalogSplice.layout(held.catalogJson());
        if (layout.generation() != d.fromGeneration() || !heldCatalogHash.equals(d.fromHash())) {
            throw new CatalogFormatException("the delta starts from generation " + d.fromGeneration() + " ("
                    + d.fromHash() + "), not the generation held (" + layout.generation() + ")");
        }
        CatalogSplice.Result next = CatalogSplice.apply(d, layout, held.catalogJson());
        if (!Sha256.hex(next.json()).equals(d.toHash())) {
            throw new CatalogFormatException("the catalog rebuilt from the delta does not match the hash the delta names");
        }
        return new Rebuilt(new GenerationBundle(next.json(), catalogSignature, keyring == null ? held.keyring() : keyring),
                d, next.layout());
    }

    private static byte[] encode(CatalogDelta d) {
        try {
            return CatalogCodec.mapper().writeValueAsBytes(d);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize delta", e);
        }
    }

    public void write(Path file) throws IOException {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        parts.put(DELTA, deltaJson);
        parts.put(GenerationBundle.SIGNATURE, catalogSignature);
        parts.put(GenerationBundle.KEYRING, keyring);
        ZipParts.write(file, parts);
    }

    public static DeltaBundle read(Path file) throws IOException {
        Map<String, byte[]> parts = ZipParts.read(file, Set.of(DELTA, GenerationBundle.SIGNATURE, GenerationBundle.KEYRING),
                MAX_DELTA_BYTES, Map.of(), "a catalog delta");
        if (!parts.containsKey(DELTA) || !parts.containsKey(GenerationBundle.SIGNATURE)) {
            throw new CatalogFormatException(file.getFileName() + " lacks " + DELTA + " or " + GenerationBundle.SIGNATURE);
        }
        return new DeltaBundle(parts.get(DELTA), parts.get(GenerationBundle.SIGNATURE), parts.get(GenerationBundle.KEYRING));
    }
}
