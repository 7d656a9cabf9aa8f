package org.caravan.tools.startup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's copy of Bouncy Castle's signed jar loses its signature and nothing else. */
class UnsignedJarsTest {
    @TempDir
    Path tmp;

    @Test
    void aSignedJarKeepsEveryClassAndResourceButNotItsSignature() throws Exception {
        Path signed = Path.of(org.bouncycastle.jce.provider.BouncyCastleProvider.class.getProtectionDomain()
                .getCodeSource().getLocation().toURI());
        Path jar = Files.copy(signed, tmp.resolve("bcprov.jar"));
        assertTrue(UnsignedJars.unsign(jar), "the jar from Maven Central is signed");
        try (ZipFile before = new ZipFile(signed.toFile()); ZipFile after = new ZipFile(jar.toFile());
                JarFile asJar = new JarFile(jar.toFile())) {
            List<String> kept = before.stream().map(ZipEntry::getName)
                    .filter(n -> !n.matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)")).toList();
            assertEquals(kept, after.stream().map(ZipEntry::getName).toList());
            for (String name : kept) {
                if (!name.equals(JarFile.MANIFEST_NAME) && !name.endsWith("/")) {
                    assertArrayEquals(before.getInputStream(before.getEntry(name)).readAllBytes(),
                            after.getInputStream(after.getEntry(name)).readAllBytes(), name);
                }
            }
            assertEquals(new JarFile(signed.toFile()).getManifest().getMainAttributes(),
                    asJar.getManifest().getMainAttributes());
            assertTrue(asJar.getManifest().getEntries().isEmpty(), "per-entry digests dropped");
        }
        assertFalse(UnsignedJars.unsign(jar), "a second run changes nothing");
    }
}
