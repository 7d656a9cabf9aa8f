package org.caravan.core.pkg;

import static org.caravan.core.pkg.PackageRejectedException.Reason.DUPLICATE_ENTRY;
import static org.caravan.core.pkg.PackageRejectedException.Reason.LINK_ENTRY;
import static org.caravan.core.pkg.PackageRejectedException.Reason.MALFORMED_ZIP;
import static org.caravan.core.pkg.PackageRejectedException.Reason.MANIFEST_MALFORMED;
import static org.caravan.core.pkg.PackageRejectedException.Reason.MANIFEST_MISSING;
import static org.caravan.core.pkg.PackageRejectedException.Reason.MANIFEST_NOT_FIRST;
import static org.caravan.core.pkg.PackageRejectedException.Reason.NOT_A_REGULAR_FILE;
import static org.caravan.core.pkg.PackageRejectedException.Reason.UNSUPPORTED_FORMAT_VERSION;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/** Reads the manifest of a {@code .car} without extracting anything. */
public final class PackageReader {

    private PackageReader() {}

    /**
     * Reads and validates {@code caravan-manifest.json}, the first entry of the package.
     *
     * @throws PackageRejectedException with reason NOT_A_ZIP, MALFORMED_ZIP, MANIFEST_MISSING,
     *                                  MANIFEST_NOT_FIRST, MANIFEST_MALFORMED (the message names the field)
     *                                  or UNSUPPORTED_FORMAT_VERSION
     * @throws IOException              when the file cannot be read
     */
    public static Manifest readManifest(Path car) throws IOException {
        try (ZipArchive zip = ZipArchive.open(car)) {
            return readManifest(zip, car);
        }
    }

    static Manifest readManifest(ZipArchive zip, Path car) throws IOException {
        List<ZipArchive.Entry> entries = zip.entries();
        String m = PackagePaths.MANIFEST_ENTRY;
        if (entries.isEmpty() || !entries.get(0).name().equals(m)) {
            boolean later = entries.stream().anyMatch(e -> e.name().equals(m));
            throw new PackageRejectedException(car, later ? MANIFEST_NOT_FIRST : MANIFEST_MISSING, m,
                    later ? "the manifest must be the first entry of the archive, found '"
                            + entries.get(0).name() + "' first"
                            : "the archive has no manifest");
        }
        if (entries.stream().skip(1).anyMatch(e -> e.name().equals(m))) {
            throw new PackageRejectedException(car, DUPLICATE_ENTRY, m, "the archive has two manifests");
        }
        ZipArchive.Entry entry = entries.get(0);
        if (entry.isLink()) {
            throw new PackageRejectedException(car, LINK_ENTRY, m, "the manifest is a symbolic link");
        }
        String notRegular = entry.notRegularFile();
        if (notRegular != null) {
            throw new PackageRejectedException(car, NOT_A_REGULAR_FILE, m, "the manifest " + notRegular);
        }
        if (entry.size() > Manifest.MAX_JSON_BYTES) {
            throw new PackageRejectedException(car, MANIFEST_MALFORMED, m, "the manifest declares " + entry.size()
                    + " bytes, more than " + Manifest.MAX_JSON_BYTES);
        }
        byte[] json = readAtMost(zip, entry, car, Manifest.MAX_JSON_BYTES);
        try {
            return Manifest.fromJson(json);
        } catch (Manifest.UnsupportedFormatException e) {
            throw new PackageRejectedException(car, UNSUPPORTED_FORMAT_VERSION, m, e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new PackageRejectedException(car, MANIFEST_MALFORMED, m, e.getMessage(), e);
        }
    }

    /**
     * Reads one payload file of a package (its icon, a screenshot), checked against the size and SHA-256 its
     * manifest lists: a store copies these into its catalog.
     *
     * @throws PackageRejectedException when the file is not in the manifest or not what the manifest says
     */
    public static byte[] readFile(Path car, Manifest manifest, String path) throws IOException {
        FileEntry listed = manifest.file(path).orElseThrow(() -> new PackageRejectedException(car, MANIFEST_MALFORMED,
                path, "the manifest does not list " + path));
        if (listed.size() > Integer.MAX_VALUE - 16) {
            throw new PackageRejectedException(car, MANIFEST_MALFORMED, path, "too large to read into memory");
        }
        try (ZipArchive zip = ZipArchive.open(car)) {
            ZipArchive.Entry entry = zip.entries().stream().filter(e -> e.name().equals(listed.entryName()))
                    .findFirst().orElseThrow(() -> new PackageRejectedException(car, MANIFEST_MALFORMED, path,
                            "the archive has no entry for " + path));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = zip.content(entry)) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    out.write(buf, 0, n);
                    if (out.size() > listed.size()) {
                        break;
                    }
                }
            }
            byte[] bytes = out.toByteArray();
            String sha = java.util.HexFormat.of().formatHex(SafeExtractor.sha256().digest(bytes));
            if (bytes.length != listed.size() || !sha.equals(listed.sha256())) {
                throw new PackageRejectedException(car, MANIFEST_MALFORMED, path,
                        "the file's bytes are not the ones the manifest lists (size or SHA-256 differ)");
            }
            return bytes;
        }
    }

    /** Reads the whole entry, refusing it as soon as it passes {@code limit} bytes. */
    private static byte[] readAtMost(ZipArchive zip, ZipArchive.Entry entry, Path car, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16 * 1024];
        try (InputStream in = zip.content(entry)) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
                if (out.size() > limit) {
                    throw new PackageRejectedException(car, MANIFEST_MALFORMED, entry.name(),
                            "the manifest is larger than " + limit + " bytes");
                }
            }
        } catch (PackageRejectedException e) {
            throw e;
        } catch (org.caravan.keyring.seal.SealBrokenException e) {
            // The archive is a licensed package's payload, read as it opens: a chunk that fails is a broken seal.
            throw new PackageRejectedException(car, PackageRejectedException.Reason.SEAL_BROKEN, entry.name(),
                    e.getMessage(), e);
        } catch (IOException e) {
            throw new PackageRejectedException(car, MALFORMED_ZIP, entry.name(),
                    "cannot decompress: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }
}
