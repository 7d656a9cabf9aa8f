package org.caravan.core.pkg;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds a {@code .car} from a folder. Output is deterministic: entries sorted by path, every
 * entry time fixed at 1980-01-01 00:00 (the DOS epoch, no time zone involved), no extra fields,
 * so the same input and the same JDK give byte-identical packages.
 */
public final class PackageBuilder {

    /** Entry time of every entry: the earliest a ZIP can store, and not the build machine's clock. */
    static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    private PackageBuilder() {}

    /**
     * Packs every regular file under {@code fromDir} into {@code outFile}. Empty folders are not kept.
     * The file is written next to {@code outFile} under a temporary name and moved into place
     * atomically, so a reader never sees half a package; an existing {@code outFile} is replaced.
     *
     * @throws IllegalArgumentException when a file or folder under {@code fromDir} is a symbolic link
     *                                  or not a regular file, when a path breaks the package path rules,
     *                                  when {@code fromDir} holds no file, when {@code outFile} is inside
     *                                  {@code fromDir}, or when the launch program is not among the files
     * @throws IOException              on read or write failures, or when a file changes while building
     */
    public static BuiltPackage build(PackageMetadata metadata, Path fromDir, Path outFile) throws IOException {
        return build(metadata, null, null, fromDir, outFile);
    }

    /**
     * As {@link #build(PackageMetadata, Path, Path)}, and writes {@code requiresClient} (the oldest client
     * that can use the package; null for any) and, for a plugin, how to load it ({@code plugin}, may be null).
     */
    public static BuiltPackage build(PackageMetadata metadata, Version requiresClient, PluginSpec plugin, Path fromDir,
                                     Path outFile) throws IOException {
        return build(metadata, requiresClient, plugin, AppInfo.NONE, fromDir, outFile);
    }

    /**
     * As {@link #build(PackageMetadata, Version, PluginSpec, Path, Path)}, with what a store shows about the
     * package ({@code info}); its icon and screenshots are paths of files under {@code fromDir}, checked here as
     * images (kind, size, an icon square) so that a developer hears of a bad one before signing.
     */
    public static BuiltPackage build(PackageMetadata metadata, Version requiresClient, PluginSpec plugin, AppInfo info,
                                     Path fromDir, Path outFile) throws IOException {
        return build(metadata, requiresClient, plugin, info, fromDir, outFile, done -> { });
    }

    /**
     * As {@link #build(PackageMetadata, Version, PluginSpec, AppInfo, Path, Path)}, telling {@code bytesRead} how
     * many bytes of the source files were read so far, for a progress bar: each file is read twice (hashed for the
     * manifest, then packed and checked against that hash), so the total is twice the sum of their sizes.
     */
    public static BuiltPackage build(PackageMetadata metadata, Version requiresClient, PluginSpec plugin, AppInfo info,
                                     Path fromDir, Path outFile, java.util.function.LongConsumer bytesRead)
            throws IOException {
        if (!Files.isDirectory(fromDir)) {
            throw Files.exists(fromDir) ? new NotDirectoryException(fromDir.toString())
                    : new NoSuchFileException(fromDir.toString(), null, "package source folder does not exist");
        }
        Path root = fromDir.toRealPath();
        Path out = outFile.toAbsolutePath().normalize();
        Path outParent = out.getParent();
        if (outParent == null) {
            throw new IllegalArgumentException("output file " + outFile + " has no parent folder");
        }
        Files.createDirectories(outParent);
        if (outParent.toRealPath().resolve(out.getFileName()).startsWith(root)) {
            throw new IllegalArgumentException("output file " + outFile + " must not be inside the package folder "
                    + fromDir + " (it would pack itself)");
        }
        long[] read = {0};
        java.util.function.IntConsumer readBytes = n -> {
            read[0] += n;
            bytesRead.accept(read[0]);
        };
        List<Source> sources = scan(root, fromDir, readBytes);
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("package folder " + fromDir + " holds no files");
        }
        // The launch program is what the client starts: it is packed executable even when the developer's copy lost
        // its bit (a checkout or an archive that does not keep modes), else every install would fail to start with
        // "Permission denied".
        String program = PackageMetadata.launchProgram(metadata.launch());
        List<FileEntry> entries = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            Source s = sources.get(i);
            if (s.entry.path().equals(program) && !s.entry.executable()) {
                s = new Source(s.file, new FileEntry(s.entry.path(), s.entry.size(), s.entry.sha256(), true));
                sources.set(i, s);
            }
            entries.add(s.entry);
        }
        Manifest manifest;
        try {
            if (info != null && !info.license().isEmpty()) {
                SpdxExpression.check(info.license());
            }
            manifest = Manifest.of(metadata, entries, requiresClient, plugin, info);
            for (String image : manifest.info().imagePaths()) {
                byte[] bytes = Files.readAllBytes(root.resolve(image));
                AppInfo.checkImage(image.equals(manifest.info().icon()) ? "icon" : "screenshot", image, bytes);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot build package from " + fromDir + ": " + e.getMessage(), e);
        }

        Path tmp = Files.createTempFile(outParent, "." + out.getFileName(), ".part");
        try {
            MessageDigest carSha = SafeExtractor.sha256();
            long[] carSize = {0};
            try (OutputStream file = Files.newOutputStream(tmp);
                 OutputStream counted = new FilterOutputStream(new DigestOutputStream(file, carSha)) {
                     @Override
                     public void write(byte[] b, int off, int len) throws IOException {
                         out.write(b, off, len);
                         carSize[0] += len;
                     }

                     @Override
                     public void write(int b) throws IOException {
                         out.write(b);
                         carSize[0]++;
                     }
                 };
                 ZipOutputStream zip = new ZipOutputStream(counted, StandardCharsets.UTF_8)) {
                zip.putNextEntry(entry(PackagePaths.MANIFEST_ENTRY));
                zip.write(manifest.toJson());
                zip.closeEntry();
                for (Source s : sources) {
                    zip.putNextEntry(entry(s.entry.entryName()));
                    copyChecked(s, zip, readBytes);
                    zip.closeEntry();
                }
            }
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot move " + tmp + " atomically to " + out, e);
            }
            return new BuiltPackage(out, manifest, carSize[0], HexFormat.of().formatHex(carSha.digest()));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Every value as text, parsed and checked as {@link PackageMetadata#of}
     * does (type is {@code app} or {@code plugin}; launch may be empty or null).
     */
    public static BuiltPackage build(String id, String version, String type, String name, String summary,
                                     String category, String launch, Path fromDir, Path outFile)
            throws IOException {
        return build(PackageMetadata.of(id, version, type, name, summary, category, launch), fromDir, outFile);
    }

    private record Source(Path file, FileEntry entry) {}

    private static ZipEntry entry(String name) {
        ZipEntry e = new ZipEntry(name);
        e.setTimeLocal(ENTRY_TIME);
        e.setMethod(ZipEntry.DEFLATED);
        return e;
    }

    /** Walks without following links, hashing each regular file; refuses links and special files. */
    private static List<Source> scan(Path root, Path shownRoot, java.util.function.IntConsumer read) throws IOException {
        List<Source> out = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path shown = shownRoot.resolve(root.relativize(file));
                if (attrs.isSymbolicLink()) {
                    throw new IllegalArgumentException("cannot package " + shown
                            + ": it is a symbolic link (packages hold regular files only)");
                }
                if (!attrs.isRegularFile()) {
                    throw new IllegalArgumentException("cannot package " + shown
                            + ": it is not a regular file (packages hold regular files only)");
                }
                List<String> parts = new ArrayList<>();
                root.relativize(file).forEach(p -> parts.add(p.toString()));
                String path = String.join("/", parts);
                MessageDigest sha = SafeExtractor.sha256();
                long size = 0;
                byte[] buf = new byte[64 * 1024];
                try (InputStream in = Files.newInputStream(file)) {
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        sha.update(buf, 0, n);
                        size += n;
                        read.accept(n);
                    }
                }
                FileEntry entry;
                try {
                    entry = new FileEntry(path, size, HexFormat.of().formatHex(sha.digest()), isExecutable(file));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("cannot package " + shown + ": " + e.getMessage(), e);
                }
                out.add(new Source(file, entry));
                return FileVisitResult.CONTINUE;
            }
        });
        out.sort((a, b) -> PackagePaths.UTF8_ORDER.compare(a.entry.path(), b.entry.path()));
        return out;
    }

    private static boolean isExecutable(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        // The owner's bit decides: that is the bit a developer sets with chmod +x.
        return view != null && view.readAttributes().permissions().contains(PosixFilePermission.OWNER_EXECUTE);
    }

    /** Copies a file into the archive, failing if it is not what was hashed a moment ago. */
    private static void copyChecked(Source s, OutputStream zip, java.util.function.IntConsumer read) throws IOException {
        MessageDigest sha = SafeExtractor.sha256();
        long size = 0;
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(s.file)) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                sha.update(buf, 0, n);
                zip.write(buf, 0, n);
                size += n;
                read.accept(n);
            }
        }
        if (size != s.entry.size() || !HexFormat.of().formatHex(sha.digest()).equals(s.entry.sha256())) {
            throw new IOException("file " + s.file + " changed while the package was being built; build again");
        }
    }
}
