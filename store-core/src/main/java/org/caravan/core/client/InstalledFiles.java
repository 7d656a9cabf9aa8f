package org.caravan.core.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.caravan.core.catalog.Sha256;
import org.caravan.core.pkg.FileEntry;
import org.caravan.core.pkg.Manifest;

/**
 * Compares an install folder with the manifest of the package it was extracted from. Two depths: {@link #verify}
 * hashes every file (like {@code debsums}); {@link #quickCheck} compares sizes and modification times with what
 * the install recorded, lists the folder for added files, and hashes only the launch program and files whose
 * time changed, so that an app whose files were only touched still runs. Links are never followed.
 */
final class InstalledFiles {
    private InstalledFiles() {}

    /** Size and modification time (ms) of every listed file as extracted, recorded at install for the quick check. */
    static Map<String, Long> stamps(Path folder, Manifest manifest) throws IOException {
        Map<String, Long> out = new HashMap<>();
        for (FileEntry f : manifest.files()) {
            out.put(f.path(), Files.getLastModifiedTime(folder.resolve(f.path()), LinkOption.NOFOLLOW_LINKS).toMillis());
        }
        return out;
    }

    /** Every file hashed. */
    static AppIntegrity verify(InstalledRecord r, Manifest manifest) throws IOException {
        return check(r, manifest, null, null);
    }

    /**
     * Sizes, times against {@code stamps} (null: none recorded, every file is hashed), the folder's listing, and
     * the SHA-256 of {@code launchProgram} (a path in the manifest, or null).
     */
    static AppIntegrity quickCheck(InstalledRecord r, Manifest manifest, Map<String, Long> stamps, String launchProgram)
            throws IOException {
        return check(r, manifest, stamps == null ? Map.of() : stamps, launchProgram);
    }

    private static AppIntegrity check(InstalledRecord r, Manifest manifest, Map<String, Long> stamps,
            String alwaysHash) throws IOException {
        Path folder = Path.of(r.path());
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return new AppIntegrity.Damaged(r.appId(), r.version(), r.path(), List.of(),
                    manifest.files().stream().map(FileEntry::path).toList(), List.of());
        }
        Set<String> dirs = new HashSet<>();
        for (FileEntry f : manifest.files()) {
            for (int slash = f.path().indexOf('/'); slash >= 0; slash = f.path().indexOf('/', slash + 1)) {
                dirs.add(f.path().substring(0, slash));
            }
        }
        Map<String, FileEntry> listed = new HashMap<>();
        manifest.files().forEach(f -> listed.put(f.path(), f));
        List<String> modified = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<Path> found;
        try (Stream<Path> walk = Files.walk(folder)) {
            found = walk.filter(p -> !p.equals(folder)).toList();
        }
        for (Path p : found) {
            String rel = relative(folder, p);
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            FileEntry f = listed.get(rel);
            if (f == null) {
                if (!(a.isDirectory() && dirs.contains(rel))) {
                    unexpected.add(rel + (a.isSymbolicLink() ? " (link)" : a.isDirectory() ? "/" : ""));
                }
                continue;
            }
            seen.add(rel);
            if (!a.isRegularFile()) {
                modified.add(rel + " (not a regular file)");
            } else if (a.size() != f.size()) {
                modified.add(rel);
            } else if (executable(p) != null && executable(p) != f.executable()) {
                modified.add(rel + " (execute permission " + (f.executable() ? "removed)" : "added)"));
            } else {
                Long stamp = stamps == null ? null : stamps.get(rel);
                boolean hash = stamps == null || rel.equals(alwaysHash) || stamp == null
                        || stamp != a.lastModifiedTime().toMillis();
                if (hash && !sha256(p).equals(f.sha256())) {
                    modified.add(rel);
                }
            }
        }
        List<String> missing = manifest.files().stream().map(FileEntry::path).filter(p -> !seen.contains(p)).sorted()
                .toList();
        if (modified.isEmpty() && missing.isEmpty() && unexpected.isEmpty()) {
            return new AppIntegrity.Intact(r.appId(), r.version(), manifest.files().size());
        }
        return new AppIntegrity.Damaged(r.appId(), r.version(), r.path(), modified.stream().sorted().toList(), missing,
                unexpected.stream().sorted().toList());
    }

    /** Whether the owner may execute the file; null where the file system has no POSIX permissions. */
    private static Boolean executable(Path p) throws IOException {
        try {
            return Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)
                    .contains(java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE);
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }

    private static String relative(Path folder, Path p) {
        Path rel = folder.relativize(p);
        StringBuilder s = new StringBuilder();
        for (Path part : rel) {
            s.append(s.length() == 0 ? "" : "/").append(part);
        }
        return s.toString();
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest d = Sha256.digest();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }
}
