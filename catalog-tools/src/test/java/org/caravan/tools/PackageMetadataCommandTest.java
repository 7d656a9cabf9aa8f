package org.caravan.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.caravan.core.pkg.Manifest;
import org.caravan.core.pkg.PackageReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code package build}'s app-page options (issue 12): what they write, and the errors a developer reads. */
class PackageMetadataCommandTest {
    @TempDir
    Path tmp;

    private Path source() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/meta"));
        Files.writeString(src.resolveSibling("run.sh"), "#!/bin/sh\necho hi\n", StandardCharsets.UTF_8);
        ImageIO.write(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), "png", src.resolve("icon.png").toFile());
        ImageIO.write(new BufferedImage(320, 200, BufferedImage.TYPE_INT_RGB), "png", src.resolve("main.png").toFile());
        Files.writeString(tmp.resolve("desc.txt"), "Hello greets you.\r\n\r\nIt is small.\r\n", StandardCharsets.UTF_8);
        return src.getParent();
    }

    private Cli build(Path src, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("package", "build", "--id", "org.example.hello",
                "--version", "1.0.0", "--from", src.toString(), "--out", tmp.resolve("hello.car").toString(),
                "--launch", "run.sh"));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void everyOptionLandsInTheManifest() throws Exception {
        Cli ok = build(source(), "--description-file", tmp.resolve("desc.txt").toString(), "--homepage",
                "https://hello.example.org", "--license", "gpl-3.0-or-later", "--keyword", "greeting", "--keyword", "demo",
                "--icon", "meta/icon.png", "--screenshot", "meta/main.png=The greeting", "--release-notes",
                "First release.");
        assertEquals(0, ok.exit, ok.err);
        Manifest m = PackageReader.readManifest(tmp.resolve("hello.car"));
        assertEquals("Hello greets you.\n\nIt is small.", m.info().description(), "the file is trimmed, CRLF made LF");
        assertEquals("GPL-3.0-or-later", m.info().license(), "written as the SPDX list spells it");
        assertEquals(List.of("greeting", "demo"), m.info().keywords());
        assertEquals("meta/icon.png", m.info().icon());
        assertEquals("The greeting", m.info().screenshots().get(0).caption());
        assertEquals("First release.", m.info().releaseNotes());
    }

    @Test
    void aMistypedLicenceOrAMissingIconIsRefusedSayingWhatToWrite() throws Exception {
        Path src = source();
        Cli licence = build(src, "--license", "gpl3");
        assertTrue(licence.exit != 0, "refused");
        assertTrue(licence.err.contains("unknown SPDX license id 'gpl3', did you mean GPL-3.0-only or GPL-3.0-or-later?"),
                licence.err);
        Cli icon = build(src, "--icon", "meta/none.png");
        assertTrue(icon.exit != 0);
        assertTrue(icon.err.contains("icon 'meta/none.png'") && icon.err.contains("not one of the package's files"),
                icon.err);
        assertFalse(Files.exists(tmp.resolve("hello.car")), "nothing is written");
    }
}
