package org.caravan.core.pkg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Package metadata people expect (issue 12): checked where it is made, canonical, absent when not given. */
class AppInfoTest {
    static final PackageMetadata NOTES = new PackageMetadata("org.example.notes", Version.parse("1.2.0"),
            PackageType.APP, "Notes", "Write things down", "office", "run.sh");

    @TempDir
    Path dir;

    /** A real PNG of the given size (ImageIO), as a developer's icon or screenshot would be. */
    static byte[] png(int width, int height) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                img.setRGB(x, y, 0xff000000 | (x * 255 / width) << 16 | (y * 255 / height) << 8 | 0x80);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private Path source(byte[] icon) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("run.sh"), "#!/bin/sh\necho notes\n");
        Files.createDirectories(src.resolve("meta"));
        Files.write(src.resolve("meta/icon.png"), icon);
        Files.write(src.resolve("meta/main.png"), png(320, 200));
        return src;
    }

    private static AppInfo info(String license, String icon) {
        return new AppInfo("Notes keeps your notes.\n\nOffline, always.", "https://notes.example.org", license,
                List.of("memo", "text"), icon, List.of(new AppInfo.Screenshot("meta/main.png", "The main window")),
                "Faster start-up.");
    }

    @Test
    void everyFieldRoundTripsThroughTheCanonicalManifest() throws IOException {
        BuiltPackage p = PackageBuilder.build(NOTES, null, null, info("GPL-3.0-or-later OR MIT", "meta/icon.png"),
                source(png(64, 64)), dir.resolve("notes.car"));
        Manifest read = PackageReader.readManifest(p.file());
        assertEquals(p.manifest(), read);
        assertEquals("GPL-3.0-or-later OR MIT", read.info().license());
        assertEquals(List.of("memo", "text"), read.info().keywords());
        assertEquals("The main window", read.info().screenshots().get(0).caption());
        assertArrayEquals(read.toJson(), Manifest.fromJson(read.toJson()).toJson());
        String json = new String(read.toJson(), StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\"category\":\"office\",\"description\":\"Notes keeps"), json);
        assertTrue(json.contains("\"homepage\":\"https://notes.example.org\",\"icon\":\"meta/icon.png\",\"id\":"), json);
        assertArrayEquals(png(64, 64), PackageReader.readFile(p.file(), read, "meta/icon.png"));
    }

    @Test
    void aManifestWithoutMetadataKeepsItsBytesAndUnknownKeysAreStillRefused() {
        Manifest m = Manifest.of(NOTES, List.of(TestPackages.entry("run.sh", TestPackages.bytes("x"))));
        String json = new String(m.toJson(), StandardCharsets.UTF_8);
        for (String key : List.of("description", "homepage", "license", "keywords", "icon", "screenshots", "releaseNotes")) {
            assertFalse(json.contains("\"" + key + "\""), key + " is written only when given: " + json);
        }
        assertEquals(AppInfo.NONE, Manifest.fromJson(m.toJson()).info());
        String unknown = assertThrows(IllegalArgumentException.class, () -> Manifest.fromJson(
                json.replace("{\"category\"", "{\"appstream\":\"x\",\"category\"").getBytes(StandardCharsets.UTF_8)))
                .getMessage();
        assertTrue(unknown.contains("field 'appstream': unknown field"), unknown);
    }

    @Test
    void aLicenceNotOnTheSpdxListIsRefusedWithTheNearestIds() {
        String bad = assertThrows(IllegalArgumentException.class, () -> SpdxExpression.check("GPL-3.0-orlater"))
                .getMessage();
        assertTrue(bad.contains("unknown SPDX license id 'GPL-3.0-orlater'") && bad.contains("GPL-3.0-or-later"), bad);
        assertTrue(bad.contains("LicenseRef-"), "says how to name a licence not on the list: " + bad);
        assertEquals("MIT OR Apache-2.0", SpdxExpression.check("mit or apache-2.0"));
        assertEquals("GPL-2.0-or-later WITH Classpath-exception-2.0",
                SpdxExpression.check("GPL-2.0-or-later WITH Classpath-exception-2.0"));
        assertEquals("(MIT AND BSD-3-Clause) OR LicenseRef-Acme",
                SpdxExpression.check("(MIT AND BSD-3-Clause) OR LicenseRef-Acme"));
        String open = assertThrows(IllegalArgumentException.class, () -> SpdxExpression.check("(MIT OR BSD-3-Clause"))
                .getMessage();
        assertTrue(open.contains("'(' is not closed"), open);
        // A reader checks the grammar only: an id added to the SPDX list later does not make a package unreadable.
        assertEquals("Future-License-9.0", new AppInfo("", "", "Future-License-9.0", List.of(), null, List.of(), "")
                .license());
    }

    @Test
    void theBuilderRefusesAMissingOversizedOrNonSquareIconNamingTheFile() throws IOException {
        Path src = source(png(64, 64));
        String missing = assertThrows(IllegalArgumentException.class, () -> PackageBuilder.build(NOTES, null, null,
                info("MIT", "meta/nope.png"), src, dir.resolve("a.car"))).getMessage();
        assertTrue(missing.contains("icon 'meta/nope.png'") && missing.contains("not one of the package's files"),
                missing);
        Files.write(src.resolve("meta/icon.png"), png(64, 32));
        String square = assertThrows(IllegalArgumentException.class, () -> PackageBuilder.build(NOTES, null, null,
                info("MIT", "meta/icon.png"), src, dir.resolve("a.car"))).getMessage();
        assertTrue(square.contains("icon 'meta/icon.png' is 64x32 pixels") && square.contains("square"), square);
        byte[] big = new byte[(int) AppInfo.MAX_ICON_BYTES + 1];
        System.arraycopy(png(64, 64), 0, big, 0, 100);
        Files.write(src.resolve("meta/icon.png"), big);
        String oversized = assertThrows(IllegalArgumentException.class, () -> PackageBuilder.build(NOTES, null, null,
                info("MIT", "meta/icon.png"), src, dir.resolve("a.car"))).getMessage();
        assertTrue(oversized.contains("icon 'meta/icon.png'") && oversized.contains("more than 262144"), oversized);
        Files.writeString(src.resolve("meta/icon.png"), "not an image");
        String notPng = assertThrows(IllegalArgumentException.class, () -> PackageBuilder.build(NOTES, null, null,
                info("MIT", "meta/icon.png"), src, dir.resolve("a.car"))).getMessage();
        assertTrue(notPng.contains("is not a PNG image"), notPng);
        assertFalse(Files.exists(dir.resolve("a.car")), "nothing is written for a refused package");
    }

    @Test
    void badTextFieldsAreRefusedNamingTheField() {
        String home = assertThrows(IllegalArgumentException.class, () -> new AppInfo("", "ftp://x.example.org", "",
                List.of(), null, List.of(), "")).getMessage();
        assertTrue(home.contains("invalid homepage 'ftp://x.example.org'"), home);
        String twice = assertThrows(IllegalArgumentException.class, () -> new AppInfo("", "", "",
                List.of("memo", "Memo"), null, List.of(), "")).getMessage();
        assertTrue(twice.contains("'Memo' is listed twice"), twice);
        String json = new String(Manifest.of(NOTES, List.of(TestPackages.entry("run.sh", TestPackages.bytes("x"))))
                .toJson(), StandardCharsets.UTF_8);
        String lic = assertThrows(IllegalArgumentException.class, () -> Manifest.fromJson(json.replace(
                "\"launch\"", "\"license\":\"MIT OR\",\"launch\"").getBytes(StandardCharsets.UTF_8))).getMessage();
        assertTrue(lic.startsWith("field 'license': invalid licence 'MIT OR'"), lic);
    }
}
