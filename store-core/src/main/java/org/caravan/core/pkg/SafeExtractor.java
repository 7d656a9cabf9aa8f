package org.caravan.core.pkg;

import static org.caravan.core.pkg.PackageRejectedException.Reason.DUPLICATE_ENTRY;
import static org.caravan.core.pkg.PackageRejectedException.Reason.HASH_MISMATCH;
import static org.caravan.core.pkg.PackageRejectedException.Reason.LINK_ENTRY;
import static org.caravan.core.pkg.PackageRejectedException.Reason.MALFORMED_ZIP;
import static org.caravan.core.pkg.PackageRejectedException.Reason.MISSING_FILE;
import static org.caravan.core.pkg.PackageRejectedException.Reason.NOT_A_REGULAR_FILE;
import static org.caravan.core.pkg.PackageRejectedException.Reason.OUTSIDE_FILES;
import static org.caravan.core.pkg.PackageRejectedException.Reason.SIZE_MISMATCH;
import static org.caravan.core.pkg.PackageRejectedException.Reason.SEAL_BROKEN;
import static org.caravan.core.pkg.PackageRejectedException.Reason.TOO_LARGE;
import static org.caravan.core.pkg.PackageRejectedException.Reason.UNLISTED_ENTRY;
import static org.caravan.core.pkg.PackageRejectedException.Reason.UNSAFE_PATH;
import static org.caravan.core.pkg.PackageRejectedException.Reason.WRONG_PACKAGE;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.caravan.keyring.seal.SealBrokenException;

/**
 * Extracts a {@code .car} into a staging folder, refusing anything that is not exactly the package
 * its manifest describes. The whole archive is checked before the first byte is written; contents
 * are then counted and hashed while they stream, so neither the ZIP headers nor the manifest are
 * trusted for sizes. On any refusal or failure, everything written is deleted again.
 */
public final class SafeExtractor {

    private static final int BUFFER = 64 * 1024;

    private SafeExtractor() {}

    /**
     * Checks {@code car} and extracts its payload into {@code stagingDir}.
     *
     * @param car           the package file
     * @param expected      the package the caller means to install: the archive's manifest must have
     *                      the same id, version (including build metadata) and type; its file list is
     *                      not compared, the archive's own manifest governs the payload
     * @param stagingDir    a folder that does not exist yet (it is created) or is empty
     * @param maxTotalBytes most payload bytes the caller accepts in all
     * @return the extracted files, in manifest order (sorted by path), as paths under {@code stagingDir}
     * @throws PackageRejectedException with the reason and entry, when the package is refused
     * @throws DirectoryNotEmptyException when {@code stagingDir} is not empty
     * @throws IOException              when reading the package or writing the files fails
     */
    public static List<Path> extract(Path car, Manifest expected, Path stagingDir, long maxTotalBytes)
            throws IOException {
        Objects.requireNonNull(expected, "expected manifest");
        if (maxTotalBytes < 0) {
            throw new IllegalArgumentException("maxTotalBytes must not be negative: " + maxTotalBytes);
        }
        try (ZipArchive zip = ZipArchive.open(car)) {
            return extract(zip, car, expected, stagingDir, maxTotalBytes);
        }
    }

    /** As {@link #extract(Path, Manifest, Path, long)}, from an archive already open ({@code car} names it). */
    static List<Path> extract(ZipArchive zip, Path car, Manifest expected, Path stagingDir, long maxTotalBytes)
            throws IOException {
        Manifest manifest = PackageReader.readManifest(zip, car);
        checkIdentity(car, manifest, expected);
        Map<String, ZipArchive.Entry> byPath = checkEntries(car, zip, manifest);
        long total = manifest.totalSize();
        if (total > maxTotalBytes) {
            throw new PackageRejectedException(car, TOO_LARGE, null, "the manifest lists " + total
                    + " bytes, more than the limit of " + maxTotalBytes);
        }
        Written written = new Written(stagingDir);
        try {
            return written.extract(car, zip, manifest, byPath, Math.min(total, maxTotalBytes));
        } catch (IOException | RuntimeException | Error e) {
            written.undo(e);
            throw e;
        }
    }

    private static void checkIdentity(Path car, Manifest actual, Manifest expected) throws PackageRejectedException {
        if (!actual.id().equals(expected.id()) || !actual.version().equals(expected.version())
                || actual.type() != expected.type()) {
            throw new PackageRejectedException(car, WRONG_PACKAGE, PackagePaths.MANIFEST_ENTRY,
                    "expected " + expected.type() + " " + expected.label() + " but the package is "
                            + actual.type() + " " + actual.label());
        }
    }

    /** Structural checks on every entry, before anything is written. Returns manifest path -> entry. */
    private static Map<String, ZipArchive.Entry> checkEntries(Path car, ZipArchive zip, Manifest manifest)
            throws PackageRejectedException {
        Map<String, ZipArchive.Entry> byPath = new LinkedHashMap<>();
        Set<String> seen = new java.util.HashSet<>();
        Map<String, FileEntry> listedFiles = new java.util.HashMap<>();
        manifest.files().forEach(f -> listedFiles.put(f.path(), f));
        for (ZipArchive.Entry e : zip.entries().subList(1, zip.entries().size())) {
            String name = e.name();
            if (!seen.add(name)) {
                throw new PackageRejectedException(car, DUPLICATE_ENTRY, name, "the archive holds this entry twice");
            }
            String rel = name.startsWith(PackagePaths.FILES_PREFIX)
                    ? name.substring(PackagePaths.FILES_PREFIX.length()) : name;
            String trimmed = rel.endsWith("/") ? rel.substring(0, rel.length() - 1) : rel; // directory entries
            String problem = trimmed.isEmpty() ? null : PackagePaths.problem(trimmed);
            if (problem != null) {
                throw new PackageRejectedException(car, UNSAFE_PATH, name, "entry name " + problem);
            }
            if (!name.startsWith(PackagePaths.FILES_PREFIX)) {
                throw new PackageRejectedException(car, OUTSIDE_FILES, name,
                        "payload entries must be under '" + PackagePaths.FILES_PREFIX + "'");
            }
            if (e.isLink()) {
                throw new PackageRejectedException(car, LINK_ENTRY, name, "symbolic links are not allowed");
            }
            String notRegular = e.notRegularFile();
            if (notRegular != null) {
                throw new PackageRejectedException(car, NOT_A_REGULAR_FILE, name, "entry " + notRegular);
            }
            FileEntry listed = listedFiles.get(rel);
            if (listed == null) {
                throw new PackageRejectedException(car, UNLISTED_ENTRY, name, "the manifest does not list this file");
            }
            if (e.size() != listed.size()) {
                throw new PackageRejectedException(car, SIZE_MISMATCH, name, "the archive says " + e.size()
                        + " bytes, the manifest " + listed.size());
            }
            byPath.put(rel, e);
        }
        for (FileEntry f : manifest.files()) {
            if (!byPath.containsKey(f.path())) {
                throw new PackageRejectedException(car, MISSING_FILE, f.entryName(),
                        "the manifest lists this file but the archive does not hold it");
            }
        }
        return byPath;
    }

    /** What one extraction created, newest last, so that it can be removed again. */
    private static final class Written {
        private final Path stagingDir;
        private final Deque<Path> created = new ArrayDeque<>();
        private boolean createdStaging;

        Written(Path stagingDir) {
            this.stagingDir = stagingDir;
        }

        List<Path> extract(Path car, ZipArchive zip, Manifest manifest, Map<String, ZipArchive.Entry> byPath,
                           long limit) throws IOException {
            Path root = prepareStaging();
            List<Path> out = new ArrayList<>();
            long[] total = {0};
            MessageDigest sha = sha256();
            for (FileEntry f : manifest.files()) {
                Path target = root;
                String[] segments = f.path().split("/");
                for (int i = 0; i < segments.length - 1; i++) {
                    target = target.resolve(segments[i]);
                    directory(target);
                }
                target = target.resolve(segments[segments.length - 1]);
                if (!target.normalize().startsWith(root) || !target.getParent().toRealPath().startsWith(root)) {
                    throw new PackageRejectedException(car, UNSAFE_PATH, f.entryName(),
                            "would be written outside the staging folder");
                }
                copy(car, zip, byPath.get(f.path()), f, target, sha, total, limit);
                out.add(target);
            }
            return List.copyOf(out);
        }

        private Path prepareStaging() throws IOException {
            if (Files.exists(stagingDir, LinkOption.NOFOLLOW_LINKS)) {
                if (!Files.isDirectory(stagingDir, LinkOption.NOFOLLOW_LINKS)) {
                    throw new NotDirectoryException(stagingDir.toString());
                }
                try (Stream<Path> s = Files.list(stagingDir)) {
                    if (s.findAny().isPresent()) {
                        throw new DirectoryNotEmptyException(stagingDir.toString());
                    }
                }
            } else {
                Path parent = stagingDir.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.createDirectory(stagingDir);
                createdStaging = true;
            }
            return stagingDir.toRealPath(LinkOption.NOFOLLOW_LINKS);
        }

        private void directory(Path dir) throws IOException {
            try {
                Files.createDirectory(dir);
                created.push(dir);
            } catch (FileAlreadyExistsException e) {
                // Made for an earlier file; never follow something that is not our own plain directory.
                if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    throw new FileAlreadyExistsException(dir.toString(), null, "exists and is not a directory");
                }
            }
        }

        private void copy(Path car, ZipArchive zip, ZipArchive.Entry entry, FileEntry f, Path target,
                          MessageDigest sha, long[] total, long limit) throws IOException {
            sha.reset();
            long count = 0;
            byte[] buf = new byte[BUFFER];
            try (FileChannel outCh = FileChannel.open(target, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                created.push(target);
                try (InputStream in = zip.content(entry)) {
                    while (true) {
                        int n;
                        try {
                            // Ask for at most one byte more than allowed, so a bomb is caught at that byte.
                            n = in.read(buf, 0, (int) Math.min(buf.length, f.size() - count + 1));
                        } catch (SealBrokenException e) {
                            throw new PackageRejectedException(car, SEAL_BROKEN, entry.name(), e.getMessage(), e);
                        } catch (IOException e) {
                            throw new PackageRejectedException(car, MALFORMED_ZIP, entry.name(),
                                    "cannot decompress: " + e.getMessage(), e);
                        }
                        if (n < 0) {
                            break;
                        }
                        count += n;
                        total[0] += n;
                        // Stop at the first byte past what the manifest promised: a bomb never gets further.
                        if (count > f.size()) {
                            throw new PackageRejectedException(car, TOO_LARGE, entry.name(), "content is larger than the "
                                    + f.size() + " bytes the manifest lists (stopped after " + count + " bytes)");
                        }
                        if (total[0] > limit) {
                            throw new PackageRejectedException(car, TOO_LARGE, entry.name(),
                                    "the payload passes the limit of " + limit + " bytes");
                        }
                        sha.update(buf, 0, n);
                        ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                        while (bb.hasRemaining()) {
                            outCh.write(bb);
                        }
                    }
                }
                if (count != f.size()) {
                    throw new PackageRejectedException(car, SIZE_MISMATCH, entry.name(), "content is " + count
                            + " bytes, the manifest lists " + f.size());
                }
                String actual = HexFormat.of().formatHex(sha.digest());
                if (!actual.equals(f.sha256())) {
                    throw new PackageRejectedException(car, HASH_MISMATCH, entry.name(), "SHA-256 is " + actual
                            + ", the manifest lists " + f.sha256());
                }
                // The staged tree is moved into place next; it must survive a crash once that move happened.
                outCh.force(true);
            }
            if (f.executable()) {
                makeExecutable(target);
            }
        }

        void undo(Throwable cause) {
            while (!created.isEmpty()) {
                deleteQuietly(created.pop(), cause);
            }
            if (createdStaging) {
                deleteQuietly(stagingDir, cause);
            }
        }

        private static void deleteQuietly(Path p, Throwable cause) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                cause.addSuppressed(e);
            }
        }
    }

    private static void makeExecutable(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            return; // not a POSIX file system: nothing marks files executable there
        }
        Set<PosixFilePermission> perms = view.readAttributes().permissions();
        // Execute for whoever may read it, so the umask that shaped the read bits also shapes these.
        if (perms.contains(PosixFilePermission.OWNER_READ)) perms.add(PosixFilePermission.OWNER_EXECUTE);
        if (perms.contains(PosixFilePermission.GROUP_READ)) perms.add(PosixFilePermission.GROUP_EXECUTE);
        if (perms.contains(PosixFilePermission.OTHERS_READ)) perms.add(PosixFilePermission.OTHERS_EXECUTE);
        view.setPermissions(perms);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
