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
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The small ZIP containers of generations and deltas: named parts, written deterministically (fixed
 * entry times, so equal content gives equal bytes and equal info-hashes) and read with hard limits.
 */
public final class ZipParts {
    private static final long FIXED_TIME = 315532800000L; // 1980-01-01

    private ZipParts() {}

    /** Writes the parts in the map's order, atomically. Null values are left out. */
    public static void write(Path file, Map<String, byte[]> parts) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> p : parts.entrySet()) {
                if (p.getValue() == null) {
                    continue;
                }
                ZipEntry e = new ZipEntry(p.getKey());
                e.setTime(FIXED_TIME);
                zip.putNextEntry(e);
                zip.write(p.getValue());
                zip.closeEntry();
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads the parts, refusing a file over {@code maxBytes} before opening it, unknown and duplicate
     * entries, and any part over its limit ({@code limits}, else {@code maxBytes}).
     */
    public static Map<String, byte[]> read(Path file, Set<String> allowed, long maxBytes, Map<String, Long> limits,
            String what) throws IOException {
        long size = Files.size(file);
        if (size > maxBytes) {
            throw new CatalogFormatException(file.getFileName() + " is " + size + " bytes, over the limit of " + maxBytes);
        }
        Map<String, byte[]> parts = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                String name = e.getName();
                if (!allowed.contains(name)) {
                    throw new CatalogFormatException(file.getFileName() + ": unexpected entry '" + name + "'");
                }
                if (parts.containsKey(name)) {
                    throw new CatalogFormatException(file.getFileName() + ": entry '" + name + "' appears twice");
                }
                parts.put(name, readLimited(zip, limits.getOrDefault(name, maxBytes), file.getFileName() + "!" + name));
            }
        } catch (java.util.zip.ZipException | java.io.EOFException | IllegalArgumentException e) {
            // EOFException: a deflated entry that ends early (a truncated or forged file, not a failing disk);
            // IllegalArgumentException: ZipInputStream's word for an entry name that is not UTF-8.
            throw new CatalogFormatException(file.getFileName() + " is not " + what + " (" + e.getMessage() + ")", e);
        }
        return parts;
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
