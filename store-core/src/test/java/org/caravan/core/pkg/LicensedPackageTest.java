package org.caravan.core.pkg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.caravan.keyring.key.Fingerprint;
import org.caravan.keyring.seal.ContentKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A licensed package shows its manifest to anyone and its payload only under its app key, whole and unchanged. */
class LicensedPackageTest {
    static final Fingerprint LICENSOR = Fingerprint.of("E7848A4CA7092C0B95E668162D52AB7F189B849C");
    @TempDir
    Path tmp;
    Path plain;
    Path sealed;
    ContentKey appKey = ContentKey.random();

    @BeforeEach
    void build() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        byte[] big = new byte[700_000];
        new java.util.Random(3).nextBytes(big);
        Files.write(src.resolve("data.bin"), big);
        Files.writeString(src.resolve("run.sh"), "#!/bin/sh\n", StandardCharsets.UTF_8);
        plain = tmp.resolve("plain.car");
        PackageBuilder.build("org.example.paid", "1.2.0", "app", "Paid", "", "utilities", "run.sh", src, plain);
        sealed = tmp.resolve("paid.car");
        LicensedPackage.seal(plain, sealed, appKey, LICENSOR);
    }

    @Test
    void theManifestIsPublicAndThePayloadOpensWithTheAppKey() throws Exception {
        assertTrue(LicensedPackage.isLicensed(sealed));
        assertFalse(LicensedPackage.isLicensed(plain));
        assertEquals(PackageReader.readManifest(plain), PackageReader.readManifest(sealed));
        assertEquals(LICENSOR, LicensedPackage.header(sealed).licensor());
        Path out = tmp.resolve("opened.car");
        LicensedPackage.open(sealed, appKey, out);
        assertArrayEquals(Files.readAllBytes(plain), Files.readAllBytes(out));
        // Plain extraction refuses the sealed form: an older client cannot mistake it for files.
        assertThrows(PackageRejectedException.class, () -> SafeExtractor.extract(sealed,
                PackageReader.readManifest(sealed), tmp.resolve("x"), 10_000_000));
    }

    @Test
    void anotherKeyATamperedOrCutPayloadIsRefusedAndLeavesNothing() throws Exception {
        Path out = tmp.resolve("opened.car");
        PackageRejectedException other = assertThrows(PackageRejectedException.class,
                () -> LicensedPackage.open(sealed, ContentKey.random(), out));
        assertEquals(PackageRejectedException.Reason.SEAL_BROKEN, other.reason());
        assertFalse(Files.exists(out));

        byte[] b = Files.readAllBytes(sealed);
        int at = new String(b, StandardCharsets.ISO_8859_1).indexOf("CRVNSEAL");
        byte[] flipped = b.clone();
        flipped[at + 300_000] ^= 1;
        Files.write(tmp.resolve("flipped.car"), flipped);
        PackageRejectedException e = assertThrows(PackageRejectedException.class,
                () -> LicensedPackage.open(tmp.resolve("flipped.car"), appKey, out));
        assertEquals(PackageRejectedException.Reason.SEAL_BROKEN, e.reason());
        assertTrue(e.getMessage().contains("does not authenticate"), e.getMessage());
        assertFalse(Files.exists(out));

        // Cut: the payload entry shortened by a whole chunk, the archive rebuilt around it.
        byte[] payload;
        try (ZipArchive z = ZipArchive.open(sealed)) {
            payload = z.content(z.entries().get(2)).readAllBytes();
        }
        byte[] cut = Arrays.copyOf(payload, payload.length - 100_000);
        Path cutCar = tmp.resolve("cut.car");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(cutCar))) {
            try (ZipArchive z = ZipArchive.open(sealed)) {
                for (int i = 0; i < 2; i++) {
                    zip.putNextEntry(new java.util.zip.ZipEntry(z.entries().get(i).name()));
                    zip.write(z.content(z.entries().get(i)).readAllBytes());
                    zip.closeEntry();
                }
            }
            java.util.zip.ZipEntry p = new java.util.zip.ZipEntry(LicensedPackage.PAYLOAD_ENTRY);
            p.setMethod(java.util.zip.ZipEntry.STORED);
            p.setSize(cut.length);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(cut);
            p.setCrc(crc.getValue());
            zip.putNextEntry(p);
            zip.write(cut);
            zip.closeEntry();
        }
        PackageRejectedException c = assertThrows(PackageRejectedException.class,
                () -> LicensedPackage.open(cutCar, appKey, out));
        assertEquals(PackageRejectedException.Reason.SEAL_BROKEN, c.reason());
        assertFalse(Files.exists(out));
    }

    @Test
    void extractingDecryptsAsItGoesAndGivesThePlainPackagesFiles() throws Exception {
        Manifest m = PackageReader.readManifest(sealed);
        java.util.List<Path> files = LicensedPackage.extract(sealed, appKey, m, tmp.resolve("licensed"), 10_000_000);
        SafeExtractor.extract(plain, m, tmp.resolve("plainfiles"), 10_000_000);
        assertEquals(2, files.size());
        for (String f : new String[] {"data.bin", "run.sh"}) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("plainfiles").resolve(f)),
                    Files.readAllBytes(tmp.resolve("licensed").resolve(f)), f);
            assertEquals(Files.isExecutable(tmp.resolve("plainfiles").resolve(f)),
                    Files.isExecutable(tmp.resolve("licensed").resolve(f)), f);
        }
        // No decrypted copy of the package was left anywhere.
        try (var s = Files.list(tmp)) {
            assertEquals(java.util.Set.of("src", "plain.car", "paid.car", "licensed", "plainfiles"),
                    s.map(x -> x.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
        }
    }

    @Test
    void extractingATamperedOrCutPayloadOrWithAnotherKeyStopsAndLeavesNoFiles() throws Exception {
        Manifest m = PackageReader.readManifest(sealed);
        Path staging = tmp.resolve("staging");
        PackageRejectedException other = assertThrows(PackageRejectedException.class,
                () -> LicensedPackage.extract(sealed, ContentKey.random(), m, staging, 10_000_000));
        assertEquals(PackageRejectedException.Reason.SEAL_BROKEN, other.reason());
        assertFalse(Files.exists(staging));

        byte[] b = Files.readAllBytes(sealed);
        int at = new String(b, StandardCharsets.ISO_8859_1).indexOf("CRVNSEAL");
        // A byte inside data.bin, in the second chunk: data.bin is being written when the chunk fails.
        byte[] flipped = b.clone();
        flipped[at + 300_000] ^= 1;
        Path flippedCar = Files.write(tmp.resolve("flipped.car"), flipped);
        PackageRejectedException e = assertThrows(PackageRejectedException.class,
                () -> LicensedPackage.extract(flippedCar, appKey, m, staging, 10_000_000));
        assertEquals(PackageRejectedException.Reason.SEAL_BROKEN, e.reason());
        assertTrue(e.getMessage().contains("chunk 1 does not authenticate"), e.getMessage());
        assertFalse(Files.exists(staging));

        // The first chunk holds the inner manifest: refused as a broken seal, not as a malformed archive.
        byte[] first = b.clone();
        first[at + 100] ^= 1;
        Path firstCar = Files.write(tmp.resolve("first.car"), first);
        assertEquals(PackageRejectedException.Reason.SEAL_BROKEN, assertThrows(PackageRejectedException.class,
                () -> LicensedPackage.extract(firstCar, appKey, m, staging, 10_000_000)).reason());
        assertFalse(Files.exists(staging));

        byte[] payload;
        try (ZipArchive z = ZipArchive.open(sealed)) {
            payload = z.content(z.entries().get(2)).readAllBytes();
        }
        int full = org.caravan.keyring.seal.SealedStream.CHUNK + 16;
        // Cut inside the last chunk, and cut exactly after a whole chunk (what is left looks complete).
        for (int keep : new int[] {payload.length - 100_000, 10 + 2 * full, 10 + full + 16}) {
            Path cutCar = rebuiltWithPayload(Arrays.copyOf(payload, keep));
            PackageRejectedException c = assertThrows(PackageRejectedException.class,
                    () -> LicensedPackage.extract(cutCar, appKey, m, staging, 10_000_000), "kept " + keep);
            assertEquals(PackageRejectedException.Reason.SEAL_BROKEN, c.reason(), c.getMessage());
            assertFalse(Files.exists(staging));
        }
    }

    private Path rebuiltWithPayload(byte[] cut) throws Exception {
        Path cutCar = Files.createTempFile(tmp, "cut-", ".car");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(cutCar))) {
            try (ZipArchive z = ZipArchive.open(sealed)) {
                for (int i = 0; i < 2; i++) {
                    zip.putNextEntry(new java.util.zip.ZipEntry(z.entries().get(i).name()));
                    zip.write(z.content(z.entries().get(i)).readAllBytes());
                    zip.closeEntry();
                }
            }
            java.util.zip.ZipEntry p = new java.util.zip.ZipEntry(LicensedPackage.PAYLOAD_ENTRY);
            p.setMethod(java.util.zip.ZipEntry.STORED);
            p.setSize(cut.length);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(cut);
            p.setCrc(crc.getValue());
            zip.putNextEntry(p);
            zip.write(cut);
            zip.closeEntry();
        }
        return cutCar;
    }
}
