package org.caravan.core.catalog;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A generation as it travels: one ZIP file ({@code generation-N.cgen}) holding exactly
 * {@code catalog.json}, {@code catalog.json.asc} (the roots' detached signatures) and {@code keyring.asc}.
 * Written deterministically; read with hard size limits before anything is parsed.
 */
public record GenerationBundle(byte[] catalogJson, byte[] catalogSignature, byte[] keyring) {
    public static final String CATALOG = "catalog.json";
    public static final String SIGNATURE = "catalog.json.asc";
    public static final String KEYRING = "keyring.asc";
    /** Generous for 100 000 apps; anything larger is refused before it is read whole. */
    public static final long MAX_BUNDLE_BYTES = 256L * 1024 * 1024;
    private static final long MAX_SIGNATURE_BYTES = 64 * 1024;

    public static String fileName(long generation) {
        return "generation-" + generation + ".cgen";
    }

    public void write(Path file) throws IOException {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        parts.put(CATALOG, catalogJson);
        parts.put(SIGNATURE, catalogSignature);
        parts.put(KEYRING, keyring);
        ZipParts.write(file, parts);
    }

    /** Reads a bundle, refusing unknown or duplicate entries, missing parts and anything over the limits. */
    public static GenerationBundle read(Path file, long maxBytes) throws IOException {
        Map<String, byte[]> parts = ZipParts.read(file, Set.of(CATALOG, SIGNATURE, KEYRING), maxBytes,
                Map.of(SIGNATURE, MAX_SIGNATURE_BYTES), "a catalog generation");
        for (String required : new String[] {CATALOG, SIGNATURE, KEYRING}) {
            if (!parts.containsKey(required)) {
                throw new CatalogFormatException(file.getFileName() + " has no " + required);
            }
        }
        return new GenerationBundle(parts.get(CATALOG), parts.get(SIGNATURE), parts.get(KEYRING));
    }
}
