package org.caravan.core.pkg;

import static org.caravan.core.pkg.TestPackages.EDITOR;
import static org.caravan.core.pkg.TestPackages.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageBuilderTest {

    @TempDir
    Path tmp;

    /** A source folder as a developer has it: a launcher script, nested data, an empty file, binary data. */
    private Path editorSources() throws IOException {
        Path src = tmp.resolve("src");
        Files.createDirectories(src.resolve("bin"));
        Files.createDirectories(src.resolve("share/editor/themes"));
        Files.createDirectories(src.resolve("empty-folder"));
        Files.writeString(src.resolve("bin/editor"), "#!/bin/sh\nexec java -jar \"$(dirname \"$0\")/../lib/editor.jar\"\n");
        Files.setPosixFilePermissions(src.resolve("bin/editor"), PosixFilePermissions.fromString("rwxr-xr-x"));
        byte[] jar = new byte[300_000];
        new Random(7).nextBytes(jar);
        Files.createDirectories(src.resolve("lib"));
        Files.write(src.resolve("lib/editor.jar"), jar);
        Files.writeString(src.resolve("share/editor/themes/dark.css"), "body { color: #eee; }");
        Files.writeString(src.resolve("share/editor/Ünïcode name.txt"), "names need not be ASCII");
        Files.write(src.resolve("share/editor/empty.txt"), new byte[0]);
        return src;
    }

    @Test
    void buildReadExtractGivesBackTheSameFiles() throws IOException {
        Path src = editorSources();
        BuiltPackage built = PackageBuilder.build(EDITOR, src, tmp.resolve("out/editor-1.2.0.car"));

        assertEquals(List.of("bin/editor", "lib/editor.jar", "share/editor/empty.txt",
                "share/editor/themes/dark.css", "share/editor/Ünïcode name.txt"),
                built.manifest().files().stream().map(FileEntry::path).toList());
        assertEquals(built.manifest(), PackageReader.readManifest(built.file()));
        byte[] car = Files.readAllBytes(built.file());
        assertEquals(car.length, built.size());
        assertEquals(sha256(car), built.sha256());

        Path staging = tmp.resolve("staging");
        List<Path> extracted = SafeExtractor.extract(built.file(), built.manifest(), staging, 10_000_000);
        assertEquals(5, extracted.size());
        for (FileEntry f : built.manifest().files()) {
            Path original = src.resolve(f.path());
            Path copy = staging.resolve(f.path());
            assertArrayEquals(Files.readAllBytes(original), Files.readAllBytes(copy), f.path());
            assertTrue(extracted.contains(copy.toRealPath()), f.path());
        }
        assertTrue(built.manifest().file("bin/editor").orElseThrow().executable());
        assertTrue(Files.isExecutable(staging.resolve("bin/editor")), "launcher stays executable");
        assertFalse(Files.isExecutable(staging.resolve("share/editor/themes/dark.css")));
        assertFalse(Files.exists(staging.resolve("empty-folder")), "empty folders are not packed");
    }

    @Test
    void theLaunchProgramIsPackedExecutableEvenWhenItsSourceLostTheBit() throws IOException {
        Path src = editorSources();
        Files.setPosixFilePermissions(src.resolve("bin/editor"), PosixFilePermissions.fromString("rw-r--r--"));
        BuiltPackage built = PackageBuilder.build(EDITOR, src, tmp.resolve("out/editor-1.2.0.car"));

        assertTrue(built.manifest().file("bin/editor").orElseThrow().executable());
        Path staging = tmp.resolve("staging");
        SafeExtractor.extract(built.file(), built.manifest(), staging, 10_000_000);
        assertTrue(Files.isExecutable(staging.resolve("bin/editor")), "the installed launcher starts");
        assertFalse(built.manifest().file("lib/editor.jar").orElseThrow().executable(), "other files keep their mode");
    }

    @Test
    void sameInputGivesByteIdenticalPackages() throws IOException {
        Path src = editorSources();
        BuiltPackage first = PackageBuilder.build(EDITOR, src, tmp.resolve("a.car"));
        // Different modification times and a different output name must not change a byte.
        Files.setLastModifiedTime(src.resolve("lib/editor.jar"), FileTime.from(Instant.parse("2031-05-06T07:08:09Z")));
        BuiltPackage second = PackageBuilder.build(EDITOR, src, tmp.resolve("elsewhere/b.car"));
        assertArrayEquals(Files.readAllBytes(first.file()), Files.readAllBytes(second.file()));
        assertEquals(first.sha256(), second.sha256());
    }

    @Test
    void rebuildingReplacesTheOldPackageAndLeavesNoTemporaryFile() throws IOException {
        Path src = editorSources();
        Path out = tmp.resolve("out/editor.car");
        PackageBuilder.build(EDITOR, src, out);
        Files.writeString(src.resolve("share/editor/themes/dark.css"), "body { color: #fff; }");
        BuiltPackage again = PackageBuilder.build(EDITOR, src, out);
        assertEquals(again.manifest(), PackageReader.readManifest(out));
        try (var files = Files.list(out.getParent())) {
            assertEquals(List.of(out), files.toList());
        }
    }

    @Test
    void symbolicLinksAreRefusedNamingTheLink() throws IOException {
        Path src = editorSources();
        Files.createSymbolicLink(src.resolve("share/passwd"), Path.of("/etc/passwd"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PackageBuilder.build(EDITOR, src, tmp.resolve("editor.car")));
        assertTrue(e.getMessage().contains("share/passwd") && e.getMessage().contains("symbolic link"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("editor.car")));
    }

    @Test
    void linkedFoldersAreRefusedToo() throws IOException {
        Path src = editorSources();
        Files.createSymbolicLink(src.resolve("etc"), Path.of("/etc"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PackageBuilder.build(EDITOR, src, tmp.resolve("editor.car")));
        assertTrue(e.getMessage().contains("etc") && e.getMessage().contains("symbolic link"), e.getMessage());
    }

    @Test
    void badInputsAreRefusedWithTheirSubject() throws IOException {
        Path src = editorSources();
        String inside = assertThrows(IllegalArgumentException.class,
                () -> PackageBuilder.build(EDITOR, src, src.resolve("editor.car"))).getMessage();
        assertTrue(inside.contains("must not be inside the package folder"), inside);

        Path empty = Files.createDirectory(tmp.resolve("empty"));
        String none = assertThrows(IllegalArgumentException.class,
                () -> PackageBuilder.build(EDITOR, empty, tmp.resolve("e.car"))).getMessage();
        assertTrue(none.contains("holds no files") && none.contains("empty"), none);

        Files.delete(src.resolve("bin/editor"));
        String launch = assertThrows(IllegalArgumentException.class,
                () -> PackageBuilder.build(EDITOR, src, tmp.resolve("x.car"))).getMessage();
        assertTrue(launch.contains("program 'bin/editor' is not one of the package's files"), launch);

        Files.writeString(src.resolve("aux.txt"), "Windows cannot create this");
        String reserved = assertThrows(IllegalArgumentException.class, () -> PackageBuilder.build(
                "org.example.editor", "1.0.0", "app", "Editor", "", "Office", "", src, tmp.resolve("y.car")))
                .getMessage();
        assertTrue(reserved.contains("aux.txt") && reserved.contains("reserved device name"), reserved);
    }

    @Test
    void commandLineFormParsesAndChecksItsText() throws IOException {
        Path src = editorSources();
        BuiltPackage built = PackageBuilder.build("org.example.editor", "2.0.0-rc.1", "plugin", "Editor",
                "summary", "Office", "", src, tmp.resolve("p.car"));
        assertEquals(PackageType.PLUGIN, built.manifest().type());
        assertEquals("2.0.0-rc.1", built.manifest().version().toString());
        String bad = assertThrows(IllegalArgumentException.class, () -> PackageBuilder.build("editor", "1.0.0",
                "app", "Editor", "", "Office", "", src, tmp.resolve("q.car"))).getMessage();
        assertTrue(bad.contains("invalid id 'editor'"), bad);
        byte[] car = Files.readAllBytes(built.file());
        assertEquals(PackagePaths.MANIFEST_ENTRY, new String(car, 30, PackagePaths.MANIFEST_ENTRY.length(),
                StandardCharsets.UTF_8), "the manifest is the first entry of the file");
    }
}
