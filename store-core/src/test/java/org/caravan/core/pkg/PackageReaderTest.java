package org.caravan.core.pkg;

import static org.caravan.core.pkg.PackageRejectedException.Reason.MANIFEST_MALFORMED;
import static org.caravan.core.pkg.PackageRejectedException.Reason.MANIFEST_MISSING;
import static org.caravan.core.pkg.PackageRejectedException.Reason.MANIFEST_NOT_FIRST;
import static org.caravan.core.pkg.PackageRejectedException.Reason.NOT_A_ZIP;
import static org.caravan.core.pkg.PackageRejectedException.Reason.UNSUPPORTED_FORMAT_VERSION;
import static org.caravan.core.pkg.TestPackages.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageReaderTest {

    @TempDir
    Path tmp;

    private final byte[] readme = bytes("read me");
    private final Manifest manifest = TestPackages.manifest(Map.of("README.txt", readme));

    private PackageRejectedException refused(Path car) {
        return assertThrows(PackageRejectedException.class, () -> PackageReader.readManifest(car));
    }

    @Test
    void readsTheManifestOfAWellFormedPackage() throws IOException {
        Path car = tmp.resolve("ok.car");
        new RawZip().manifest(manifest).add("files/README.txt", readme).write(car);
        assertEquals(manifest, PackageReader.readManifest(car));
    }

    @Test
    void aFileThatIsNotAZipIsRefusedAsSuch() throws IOException {
        Path car = Files.writeString(tmp.resolve("notes.car"), "just some text, long enough to look for a ZIP end");
        PackageRejectedException e = refused(car);
        assertEquals(NOT_A_ZIP, e.reason());
        assertTrue(e.getMessage().contains("notes.car") && e.getMessage().contains("not a ZIP"), e.getMessage());
        assertThrows(NoSuchFileException.class, () -> PackageReader.readManifest(tmp.resolve("absent.car")));
    }

    @Test
    void anArchiveWithoutManifestIsRefused() throws IOException {
        Path car = tmp.resolve("bare.car");
        new RawZip().add("files/README.txt", readme).write(car);
        PackageRejectedException e = refused(car);
        assertEquals(MANIFEST_MISSING, e.reason());
        assertTrue(e.getMessage().contains("bare.car") && e.getMessage().contains("no manifest"), e.getMessage());
    }

    @Test
    void theManifestMustComeFirst() throws IOException {
        Path car = tmp.resolve("late.car");
        new RawZip().add("files/README.txt", readme).manifest(manifest).write(car);
        PackageRejectedException e = refused(car);
        assertEquals(MANIFEST_NOT_FIRST, e.reason());
        assertTrue(e.getMessage().contains("found 'files/README.txt' first"), e.getMessage());
    }

    @Test
    void aMalformedManifestIsRefusedNamingTheField() throws IOException {
        String json = new String(manifest.toJson(), StandardCharsets.UTF_8);
        Path noVersion = tmp.resolve("noversion.car");
        new RawZip().add(PackagePaths.MANIFEST_ENTRY, bytes(json.replace(",\"version\":\"1.2.0\"", "")))
                .add("files/README.txt", readme).write(noVersion);
        PackageRejectedException e = refused(noVersion);
        assertEquals(MANIFEST_MALFORMED, e.reason());
        assertEquals(PackagePaths.MANIFEST_ENTRY, e.entry().orElseThrow());
        assertTrue(e.getMessage().contains("field 'version': is missing"), e.getMessage());

        Path badVersion = tmp.resolve("badversion.car");
        new RawZip().add(PackagePaths.MANIFEST_ENTRY, bytes(json.replace("1.2.0", "1.2")))
                .add("files/README.txt", readme).write(badVersion);
        assertTrue(refused(badVersion).getMessage().contains("field 'version': invalid version '1.2'"));

        Path notJson = tmp.resolve("notjson.car");
        new RawZip().add(PackagePaths.MANIFEST_ENTRY, bytes("id: org.example.editor")).write(notJson);
        PackageRejectedException j = refused(notJson);
        assertEquals(MANIFEST_MALFORMED, j.reason());
        assertTrue(j.getMessage().contains("not valid JSON"), j.getMessage());
    }

    @Test
    void anUnknownFormatVersionIsRefusedAsUnsupported() throws IOException {
        Path car = tmp.resolve("future.car");
        String json = new String(manifest.toJson(), StandardCharsets.UTF_8).replace("\"formatVersion\":1", "\"formatVersion\":2");
        new RawZip().add(PackagePaths.MANIFEST_ENTRY, bytes(json)).add("files/README.txt", readme).write(car);
        PackageRejectedException e = refused(car);
        assertEquals(UNSUPPORTED_FORMAT_VERSION, e.reason());
        assertTrue(e.getMessage().contains("unsupported formatVersion 2"), e.getMessage());
    }

    /**
     * Attack: endless data in the manifest, the one entry read whole into memory. Refused at 4 MiB whether the
     * headers admit the size or claim a small one (a bomb that inflates past them is cut off at the limit).
     */
    @Test
    void aHugeManifestIsRefusedAtItsLimit() throws IOException {
        byte[] json = manifest.toJson();
        byte[] huge = new byte[Manifest.MAX_JSON_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        System.arraycopy(json, 0, huge, 0, json.length);

        Path declared = tmp.resolve("declared.car");
        new RawZip().add(PackagePaths.MANIFEST_ENTRY, huge).add("files/README.txt", readme).write(declared);
        PackageRejectedException d = refused(declared);
        assertEquals(MANIFEST_MALFORMED, d.reason());
        assertTrue(d.getMessage().contains("declares " + huge.length + " bytes"), d.getMessage());

        Path understated = tmp.resolve("understated.car");
        new RawZip().addDeflated(PackagePaths.MANIFEST_ENTRY, huge, json.length).add("files/README.txt", readme)
                .write(understated);
        PackageRejectedException u = refused(understated);
        assertEquals(MANIFEST_MALFORMED, u.reason());
        assertTrue(u.getMessage().contains("larger than " + Manifest.MAX_JSON_BYTES), u.getMessage());

        IllegalArgumentException direct = assertThrows(IllegalArgumentException.class, () -> Manifest.fromJson(huge));
        assertTrue(direct.getMessage().contains("more than " + Manifest.MAX_JSON_BYTES), direct.getMessage());
    }
}
