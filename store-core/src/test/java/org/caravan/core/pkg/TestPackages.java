package org.caravan.core.pkg;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** The package the tests use: a small editor app, and helpers to describe files in a manifest. */
final class TestPackages {

    static final String ID = "org.example.editor";
    static final Version VERSION = Version.parse("1.2.0");
    static final PackageMetadata EDITOR = new PackageMetadata(ID, VERSION, PackageType.APP, "Editor",
            "A small text editor", "Office", "bin/editor --new-window");

    private TestPackages() {}

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static FileEntry entry(String path, byte[] content) {
        return new FileEntry(path, content.length, sha256(content));
    }

    /** A manifest of the editor listing exactly these files (path -> content). */
    static Manifest manifest(Map<String, byte[]> files) {
        return manifest(EDITOR, files);
    }

    static Manifest manifest(PackageMetadata meta, Map<String, byte[]> files) {
        List<FileEntry> entries = new ArrayList<>();
        files.forEach((p, c) -> entries.add(entry(p, c)));
        PackageMetadata m = entries.stream().anyMatch(e -> e.path().equals("bin/editor")) ? meta
                : new PackageMetadata(meta.id(), meta.version(), meta.type(), meta.name(), meta.summary(),
                        meta.category(), "");
        return Manifest.of(m, entries);
    }
}
