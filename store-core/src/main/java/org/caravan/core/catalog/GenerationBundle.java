package org.caravan.core.catalog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

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
    private static final long FIXED_TIME = 315532800000L; // 1980-01-01, so equal content gives equal bytes

    public static String fileName(long generation) {
        return "generation-" + generation + ".cgen";
    }

    public void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(out)) {
            put(zip, CATALOG, catalogJson);
            put(zip, SIGNATURE, catalogSignature);
            put(zip, KEYRING, keyring);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void put(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTime(FIXED_TIME);
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    /** Reads a bundle, refusing unknown or duplicate entries, missing parts and anything over the limits. */
    public static GenerationBundle read(Path file, long maxBytes) throws IOException {
        long size = Files.size(file);
        if (size > maxBytes) {
            throw new CatalogFormatException(file.getFileName() + " is " + size + " bytes, over the limit of " + maxBytes);
        }
        Map<String, byte[]> parts = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                String name = e.getName();
                if (!name.equals(CATALOG) && !name.equals(SIGNATURE) && !name.equals(KEYRING)) {
                    throw new CatalogFormatException(file.getFileName() + ": unexpected entry '" + name + "'");
                }
                if (parts.containsKey(name)) {
                    throw new CatalogFormatException(file.getFileName() + ": entry '" + name + "' appears twice");
                }
                long limit = name.equals(SIGNATURE) ? MAX_SIGNATURE_BYTES : maxBytes;
                parts.put(name, readLimited(zip, limit, file.getFileName() + "!" + name));
            }
        } catch (java.util.zip.ZipException e) {
            throw new CatalogFormatException(file.getFileName() + " is not a catalog generation (" + e.getMessage() + ")", e);
        }
        for (String required : new String[] {CATALOG, SIGNATURE, KEYRING}) {
            if (!parts.containsKey(required)) {
                throw new CatalogFormatException(file.getFileName() + " has no " + required);
            }
        }
        return new GenerationBundle(parts.get(CATALOG), parts.get(SIGNATURE), parts.get(KEYRING));
    }

    private static byte[] readLimited(InputStream in, long limit, String what) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > limit) {
                throw new CatalogFormatException(what + " exceeds " + limit + " bytes");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
