package org.caravan.core.pkg;

import static org.caravan.core.pkg.PackageRejectedException.Reason.DUPLICATE_ENTRY;
import static org.caravan.core.pkg.PackageRejectedException.Reason.HASH_MISMATCH;
import static org.caravan.core.pkg.PackageRejectedException.Reason.LINK_ENTRY;
import static org.caravan.core.pkg.PackageRejectedException.Reason.MALFORMED_ZIP;
import static org.caravan.core.pkg.PackageRejectedException.Reason.MISSING_FILE;
import static org.caravan.core.pkg.PackageRejectedException.Reason.NOT_A_REGULAR_FILE;
import static org.caravan.core.pkg.PackageRejectedException.Reason.OUTSIDE_FILES;
import static org.caravan.core.pkg.PackageRejectedException.Reason.SIZE_MISMATCH;
import static org.caravan.core.pkg.PackageRejectedException.Reason.TOO_LARGE;
import static org.caravan.core.pkg.PackageRejectedException.Reason.UNLISTED_ENTRY;
import static org.caravan.core.pkg.PackageRejectedException.Reason.UNSAFE_PATH;
import static org.caravan.core.pkg.PackageRejectedException.Reason.WRONG_PACKAGE;
import static org.caravan.core.pkg.TestPackages.EDITOR;
import static org.caravan.core.pkg.TestPackages.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile and mismatched archives: each is refused, with its reason and entry, and leaves nothing behind. */
class SafeExtractorTest {

    private static final long LIMIT = 1_000_000;

    @TempDir
    Path tmp;

    private final byte[] alpha = bytes("alpha contents");
    private final byte[] beta = bytes("beta contents!");
    private final Map<String, byte[]> files = new LinkedHashMap<>(Map.of("a.txt", alpha, "b.txt", beta));
    private final Manifest manifest = TestPackages.manifest(files);

    private Path car() {
        return tmp.resolve("package.car");
    }

    private Path staging() {
        return tmp.resolve("staging");
    }

    /** Extracts, expects a refusal, and checks that nothing was left behind. */
    private PackageRejectedException refused(Manifest expected, PackageRejectedException.Reason reason,
                                             String entry) throws IOException {
        PackageRejectedException e = assertThrows(PackageRejectedException.class,
                () -> SafeExtractor.extract(car(), expected, staging(), LIMIT));
        assertEquals(reason, e.reason(), e.getMessage());
        if (entry != null) {
            assertEquals(entry, e.entry().orElseThrow(), e.getMessage());
            assertTrue(e.getMessage().contains(entry), e.getMessage());
        }
        assertTrue(e.getMessage().contains(car().toString()), e.getMessage());
        assertFalse(Files.exists(staging()), "staging folder removed after refusal");
        try (var left = Files.list(tmp)) {
            assertEquals(List.of(car()), left.toList(), "nothing written outside the staging folder");
        }
        return e;
    }

    private PackageRejectedException refused(PackageRejectedException.Reason reason, String entry) throws IOException {
        return refused(manifest, reason, entry);
    }

    @Test
    void aPackageMatchingItsManifestIsExtracted() throws IOException {
        new RawZip().manifest(manifest).add("files/a.txt", alpha).add("files/b.txt", beta).write(car());
        List<Path> out = SafeExtractor.extract(car(), manifest, staging(), LIMIT);
        assertEquals(2, out.size());
        assertArrayEquals(alpha, Files.readAllBytes(staging().resolve("a.txt")));
        assertArrayEquals(beta, Files.readAllBytes(staging().resolve("b.txt")));
    }

    @Test
    void zip64RecordsAreRead() throws IOException {
        byte[] big = new byte[50_000];
        Map<String, byte[]> both = Map.of("a.txt", alpha, "big.bin", big);
        Manifest m = TestPackages.manifest(both);
        new RawZip().zip64().manifest(m).add("files/a.txt", alpha).addDeflated("files/big.bin", big, big.length)
                .write(car());
        assertEquals(m, PackageReader.readManifest(car()));
        SafeExtractor.extract(car(), m, staging(), LIMIT);
        assertArrayEquals(big, Files.readAllBytes(staging().resolve("big.bin")));
    }

    @Test
    void zipSlipIsRefused() throws IOException {
        Map<String, byte[]> slip = Map.of("a.txt", alpha);
        new RawZip().manifest(TestPackages.manifest(slip)).add("files/a.txt", alpha)
                .add("files/../../evil", bytes("owned")).write(car());
        refused(TestPackages.manifest(slip), UNSAFE_PATH, "files/../../evil");
        assertFalse(Files.exists(tmp.getParent().resolve("evil")));
    }

    @Test
    void absolutePathsAreRefused() throws IOException {
        String evil = tmp.resolve("evil").toString();
        new RawZip().manifest(manifest).add("files/a.txt", alpha).add("files/b.txt", beta)
                .add(evil, bytes("owned")).write(car());
        PackageRejectedException e = refused(UNSAFE_PATH, evil);
        assertTrue(e.getMessage().contains("is absolute"), e.getMessage());
    }

    @Test
    void symbolicLinkEntriesAreRefused() throws IOException {
        // The link's "content" is its target; the manifest even lists it honestly.
        byte[] target = bytes("/etc/passwd");
        Map<String, byte[]> withLink = Map.of("a.txt", alpha, "link", target);
        Manifest m = TestPackages.manifest(withLink);
        new RawZip().manifest(m).add("files/a.txt", alpha).addWithMode("files/link", target, 0120777).write(car());
        refused(m, LINK_ENTRY, "files/link");
    }

    @Test
    void directoryAndDeviceEntriesAreRefused() throws IOException {
        new RawZip().manifest(manifest).add("files/a.txt", alpha).add("files/b.txt", beta)
                .add("files/dir/", new byte[0]).write(car());
        refused(NOT_A_REGULAR_FILE, "files/dir/");

        Map<String, byte[]> dev = Map.of("a.txt", alpha, "tty", new byte[0]);
        Manifest m = TestPackages.manifest(dev);
        new RawZip().manifest(m).add("files/a.txt", alpha).addWithMode("files/tty", new byte[0], 0020666).write(car());
        PackageRejectedException e = refused(m, NOT_A_REGULAR_FILE, "files/tty");
        assertTrue(e.getMessage().contains("special file"), e.getMessage());
    }

    @Test
    void duplicateEntriesAreRefused() throws IOException {
        new RawZip().manifest(manifest).add("files/a.txt", alpha).add("files/b.txt", beta)
                .add("files/a.txt", bytes("second a")).write(car());
        refused(DUPLICATE_ENTRY, "files/a.txt");
    }

    @Test
    void entriesOutsideFilesAreRefused() throws IOException {
        new RawZip().manifest(manifest).add("files/a.txt", alpha).add("files/b.txt", beta)
                .add("autorun.sh", bytes("rm -rf ~")).write(car());
        refused(OUTSIDE_FILES, "autorun.sh");
    }

    @Test
    void anExtraEntryNotInTheManifestIsRefused() throws IOException {
        new RawZip().manifest(manifest).add("files/a.txt", alpha).add("files/b.txt", beta)
                .add("files/c.txt", bytes("smuggled")).write(car());
        refused(UNLISTED_ENTRY, "files/c.txt");
    }

    @Test
    void aMissingEntryIsRefused() throws IOException {
        new RawZip().manifest(manifest).add("files/a.txt", alpha).write(car());
        refused(MISSING_FILE, "files/b.txt");
    }

    @Test
    void changedContentIsRefusedAndTheFilesAlreadyWrittenAreRemoved() throws IOException {
        // Same length, other bytes: only the hash can tell, and only after a.txt was written.
        byte[] tampered = bytes("BETA contents!");
        new RawZip().manifest(manifest).add("files/a.txt", alpha).add("files/b.txt", tampered).write(car());
        PackageRejectedException e = refused(HASH_MISMATCH, "files/b.txt");
        assertTrue(e.getMessage().contains(manifest.file("b.txt").orElseThrow().sha256()), e.getMessage());
    }

    @Test
    void aSizeThatDiffersFromTheManifestIsRefused() throws IOException {
        new RawZip().manifest(manifest).add("files/a.txt", alpha).add("files/b.txt", bytes("beta")).write(car());
        refused(SIZE_MISMATCH, "files/b.txt");
    }

    @Test
    void aZipBombIsStoppedAtTheFirstByteTooMany() throws IOException {
        // 64 MiB of zeros compress to ~64 KB; manifest and ZIP headers both claim 1000 bytes.
        byte[] zeros = new byte[64 * 1024 * 1024];
        byte[] small = new byte[1000];
        Map<String, byte[]> claimed = Map.of("a.txt", alpha, "data.bin", small);
        Manifest m = TestPackages.manifest(claimed);
        new RawZip().manifest(m).add("files/a.txt", alpha).addDeflated("files/data.bin", zeros, 1000).write(car());
        assertTrue(Files.size(car()) < 1_000_000);
        PackageRejectedException e = refused(m, TOO_LARGE, "files/data.bin");
        assertTrue(e.getMessage().contains("stopped after 1001 bytes"), e.getMessage());
    }

    @Test
    void aPackageOverTheCallersLimitIsRefusedBeforeWriting() throws IOException {
        byte[] big = new byte[20_000];
        Map<String, byte[]> large = Map.of("big.bin", big);
        Manifest m = TestPackages.manifest(large);
        new RawZip().manifest(m).addDeflated("files/big.bin", big, big.length).write(car());
        PackageRejectedException e = assertThrows(PackageRejectedException.class,
                () -> SafeExtractor.extract(car(), m, staging(), 10_000));
        assertEquals(TOO_LARGE, e.reason());
        assertTrue(e.getMessage().contains("20000") && e.getMessage().contains("10000"), e.getMessage());
        assertFalse(Files.exists(staging()));
        // The same package within the limit extracts, deflated, byte for byte.
        SafeExtractor.extract(car(), m, staging(), 20_000);
        assertArrayEquals(big, Files.readAllBytes(staging().resolve("big.bin")));
    }

    @Test
    void aPackageThatIsNotTheExpectedOneIsRefused() throws IOException {
        new RawZip().manifest(manifest).add("files/a.txt", alpha).add("files/b.txt", beta).write(car());
        Manifest otherId = TestPackages.manifest(new PackageMetadata("org.example.mail", EDITOR.version(),
                EDITOR.type(), "Mail", "", "Office", ""), files);
        PackageRejectedException e = refused(otherId, WRONG_PACKAGE, PackagePaths.MANIFEST_ENTRY);
        assertTrue(e.getMessage().contains("expected app org.example.mail 1.2.0 but the package is app "
                + "org.example.editor 1.2.0"), e.getMessage());

        Manifest olderVersion = TestPackages.manifest(new PackageMetadata(EDITOR.id(), Version.parse("1.1.9"),
                EDITOR.type(), "Editor", "", "Office", ""), files);
        refused(olderVersion, WRONG_PACKAGE, PackagePaths.MANIFEST_ENTRY);
    }

    @Test
    void entriesThatOverlapAreRefused() throws IOException {
        // Two central entries pointing at one local record: the classic overlapping-file bomb.
        new RawZip().manifest(manifest).add("files/a.txt", alpha).add("files/b.txt", beta).write(car());
        byte[] zip = Files.readAllBytes(car());
        int secondLocal = indexOf(zip, bytes("files/b.txt")) - 30;
        int firstLocal = indexOf(zip, bytes("files/a.txt")) - 30;
        int cenOfB = lastIndexOf(zip, bytes("files/b.txt")) - 46;
        java.nio.ByteBuffer.wrap(zip).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(cenOfB + 42, firstLocal);
        assertTrue(secondLocal > firstLocal);
        Files.write(car(), zip);
        refused(MALFORMED_ZIP, null);
    }

    @Test
    void aStagingFolderThatIsNotEmptyIsNotTouched() throws IOException {
        new RawZip().manifest(manifest).add("files/a.txt", alpha).add("files/b.txt", beta).write(car());
        Path existing = Files.writeString(Files.createDirectories(staging()).resolve("a.txt"), "keep me");
        assertThrows(DirectoryNotEmptyException.class, () -> SafeExtractor.extract(car(), manifest, staging(), LIMIT));
        assertEquals("keep me", Files.readString(existing));
    }

    @Test
    void anEmptyExistingStagingFolderIsKeptButEmptiedOnRefusal() throws IOException {
        new RawZip().manifest(manifest).add("files/a.txt", alpha).add("files/b.txt", bytes("BETA contents!"))
                .write(car());
        Files.createDirectories(staging());
        assertThrows(PackageRejectedException.class, () -> SafeExtractor.extract(car(), manifest, staging(), LIMIT));
        try (var left = Files.list(staging())) {
            assertEquals(0, left.count());
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    private static int lastIndexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = hay.length - needle.length; i >= 0; i--) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
