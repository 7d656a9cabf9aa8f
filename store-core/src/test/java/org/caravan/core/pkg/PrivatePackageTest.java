package org.caravan.core.pkg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.caravan.core.catalog.Sha256;
import org.caravan.keyring.seal.ContentKey;
import org.caravan.keyring.seal.SealedStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A private store's package travels as ciphertext that shows nothing of the package, and opens, whole and unchanged,
 * only under its own key: changed, cut, extended or under another key it is refused and nothing stays extracted.
 */
class PrivatePackageTest {
    @TempDir
    Path tmp;
    Path plain;
    PrivatePackage.Sealed sealed;
    Manifest manifest;

    @BeforeEach
    void build() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        byte[] big = new byte[700_000];
        new java.util.Random(5).nextBytes(big);
        Files.write(src.resolve("data.bin"), big);
        Files.writeString(src.resolve("run.sh"), "#!/bin/sh\necho private\n", StandardCharsets.UTF_8);
        plain = tmp.resolve("org.example.private-1.0.0.car");
        PackageBuilder.build("org.example.private", "1.0.0", "app", "Private", "", "utilities", "run.sh", src, plain);
        manifest = PackageReader.readManifest(plain);
        sealed = PrivatePackage.seal(plain, Files.createDirectories(tmp.resolve("served")));
    }

    @Test
    void theSealedFileShowsNothingAndOpensWholeUnderItsKey() throws Exception {
        byte[] bytes = Files.readAllBytes(sealed.file());
        assertEquals(sealed.sha256() + ".cpkg", sealed.file().getFileName().toString());
        assertEquals(Sha256.hex(bytes), sealed.sha256());
        assertEquals(PrivatePackage.sealedSize(Files.size(plain)), bytes.length);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        for (String leak : new String[] {"PK\u0003\u0004", "org.example.private", "caravan-manifest", "data.bin"}) {
            assertFalse(text.contains(leak), "the sealed package shows " + leak);
        }
        assertThrows(PackageRejectedException.class, () -> PackageReader.readManifest(sealed.file()));

        MessageDigest ciphertext = Sha256.digest();
        MessageDigest plaintext = Sha256.digest();
        assertEquals(Files.size(plain), PrivatePackage.digest(sealed.file(), sealed.key(), ciphertext, plaintext));
        assertEquals(sealed.sha256(), HexFormat.of().formatHex(ciphertext.digest()));
        assertEquals(Sha256.hex(plain), HexFormat.of().formatHex(plaintext.digest()));
        try (var in = PrivatePackage.plain(sealed.file(), sealed.key())) {
            assertArrayEquals(Files.readAllBytes(plain), in.readAllBytes());
        }
        assertEquals(manifest, PrivatePackage.readManifest(sealed.file(), sealed.key()));
        assertFalse(PrivatePackage.isLicensed(sealed.file(), sealed.key()));
        Path staging = tmp.resolve("staging");
        PrivatePackage.extract(sealed.file(), sealed.key(), manifest, staging, 10_000_000);
        assertArrayEquals(Files.readAllBytes(tmp.resolve("src/data.bin")), Files.readAllBytes(staging.resolve("data.bin")));
    }

    @Test
    void changedCutExtendedOrForeignSealedPackagesAreRefusedAndLeaveNothing() throws Exception {
        byte[] b = Files.readAllBytes(sealed.file());
        int full = SealedStream.CHUNK + 16;
        int body = 9 + 10; // "CRVNPKGS" 01, then the sealed stream's header
        byte[] flippedManifest = b.clone();
        flippedManifest[body + 100] ^= 1; // chunk 0: where the manifest is
        byte[] flippedData = b.clone();
        flippedData[body + full + 1000] ^= 1; // chunk 1: inside data.bin, while it is being written
        byte[] extended = Arrays.copyOf(b, b.length + 1);
        byte[] wrongMagic = b.clone();
        wrongMagic[3] = 'X';
        Object[][] cases = {
                {"another key", b, ContentKey.random()},
                {"a byte changed in chunk 0", flippedManifest, sealed.key()},
                {"a byte changed in chunk 1", flippedData, sealed.key()},
                {"cut inside the last chunk", Arrays.copyOf(b, b.length - 1000), sealed.key()},
                {"cut after two whole chunks", Arrays.copyOf(b, body + 2 * full), sealed.key()},
                {"cut after one whole chunk", Arrays.copyOf(b, body + full), sealed.key()},
                {"one byte added", extended, sealed.key()},
                {"not a sealed package", wrongMagic, sealed.key()},
        };
        for (Object[] c : cases) {
            String what = (String) c[0];
            Path file = Files.write(tmp.resolve("case.cpkg"), (byte[]) c[1]);
            ContentKey key = (ContentKey) c[2];
            Path staging = tmp.resolve("staging");
            PackageRejectedException e = assertThrows(PackageRejectedException.class,
                    () -> PrivatePackage.extract(file, key, manifest, staging, 10_000_000), what);
            assertEquals(PackageRejectedException.Reason.SEAL_BROKEN, e.reason(), what + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("case.cpkg"), what + ": " + e.getMessage());
            assertFalse(Files.exists(staging) && Files.list(staging).findAny().isPresent(), what + ": files left");
            PackageRejectedException d = assertThrows(PackageRejectedException.class,
                    () -> PrivatePackage.digest(file, key, Sha256.digest(), Sha256.digest()), what);
            assertEquals(PackageRejectedException.Reason.SEAL_BROKEN, d.reason(), what);
            Path out = tmp.resolve("decrypted.car");
            assertThrows(PackageRejectedException.class, () -> PrivatePackage.decrypt(file, key, out), what);
            assertFalse(Files.exists(out), what + ": a half-decrypted package left");
        }
    }
}
