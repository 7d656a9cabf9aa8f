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
        CatalogDelta d = delta();
        Catalog next = d.applyTo(CatalogCodec.decode(held.catalogJson()), held.catalogJson());
        byte[] json = CatalogCodec.encode(next);
        if (!Sha256.hex(json).equals(d.toHash())) {
            throw new CatalogFormatException("the catalog rebuilt from the delta does not match the hash the delta names");
        }
        return new GenerationBundle(json, catalogSignature, keyring == null ? held.keyring() : keyring);
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
