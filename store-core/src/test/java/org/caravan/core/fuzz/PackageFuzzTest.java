package org.caravan.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.caravan.core.pkg.FileEntry;
import org.caravan.core.pkg.Manifest;
import org.caravan.core.pkg.PackageReader;
import org.caravan.core.pkg.PackageRejectedException;
import org.caravan.core.pkg.SafeExtractor;

/**
 * Packages from developers, channels and mirrors: the manifest JSON, and the {@code .car} archive read by
 * Caravan's own ZIP parser and extracted into a staging folder. A manifest is read or refused with an
 * {@link IllegalArgumentException} naming the field; an archive is extracted or refused with a
 * {@link PackageRejectedException}, and nothing is ever written outside the staging folder, nor left in it
 * after a refusal.
 */
class PackageFuzzTest {
    /** Most payload bytes the archive target extracts: enough for the seeds, small enough to stay fast. */
    private static final long MAX_PAYLOAD = 1 << 20;
    private static final Path DIR = Refusals.tempDir("package");

    @FuzzTest
    void manifestJson(byte[] json) {
        Manifest manifest;
        try {
            manifest = Manifest.fromJson(json);
        } catch (IllegalArgumentException refused) {
            Refusals.check(refused);
            return;
        }
        byte[] canonical = manifest.toJson();
        Manifest again = Manifest.fromJson(canonical);
        assertEquals(manifest, again, "manifest round trip");
        assertArrayEquals(canonical, again.toJson(), "canonical manifest bytes are stable");
    }

    @FuzzTest
    void archive(byte[] car) throws IOException {
        Path sandbox = Files.createTempDirectory(DIR, "run");
        Path file = sandbox.resolve("package.car");
        Path staging = sandbox.resolve("staging");
        Files.write(file, car);
        try {
            Manifest manifest = PackageReader.readManifest(file);
            List<Path> extracted = SafeExtractor.extract(file, manifest, staging, MAX_PAYLOAD);
            assertEquals(manifest.files().size(), extracted.size(), "one file per manifest entry");
            for (int i = 0; i < extracted.size(); i++) {
                Path p = extracted.get(i);
                FileEntry entry = manifest.files().get(i);
                assertTrue(p.normalize().startsWith(staging), "extracted outside staging: " + p);
                assertTrue(Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS), "not a regular file: " + p);
                assertEquals(entry.size(), Files.size(p), "size of " + entry.path());
            }
        } catch (PackageRejectedException refused) {
            Refusals.checkRefusedCleanly(refused, staging);
        } finally {
            Set<String> names;
            try (Stream<Path> s = Files.list(sandbox)) {
                names = s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
            }
            assertFalse(names.stream().anyMatch(n -> !n.equals("package.car") && !n.equals("staging")),
                    "written next to the staging folder: " + names);
            Refusals.deleteTree(sandbox);
            try (Stream<Path> s = Files.list(DIR)) {
                assertEquals(List.of(), s.toList(), "written outside the sandbox");
            }
        }
    }
}
