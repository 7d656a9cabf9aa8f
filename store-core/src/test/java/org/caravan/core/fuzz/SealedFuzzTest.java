package org.caravan.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.caravan.core.catalog.CatalogFormatException;
import org.caravan.core.catalog.GenerationBundle;
import org.caravan.core.catalog.PrivateGeneration;
import org.caravan.core.pkg.LicensedPackage;
import org.caravan.core.pkg.Manifest;
import org.caravan.core.pkg.PackageReader;
import org.caravan.core.pkg.PackageRejectedException;
import org.caravan.core.pkg.PrivatePackage;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.seal.ContentKey;

/**
 * What peers and mirrors serve sealed, read with the keys a subscriber or licensee holds: a private store's package
 * ({@code CRVNPKGS}, opened with the content key its catalog gives), a licensed package (its header, and its payload
 * opened with the app key a licence gives) and a private store's generation ({@code CRVNPRIV}, its content key
 * wrapped for the subscriber's identity). A package is extracted into a staging folder or refused with a
 * {@link PackageRejectedException} that leaves nothing there; a generation opens, or is refused with a
 * {@link CatalogFormatException} (or, wrapped for other keys only, with {@code NotSubscribedException}). Without the
 * key no chunk authenticates, so past the first chunk only the seeds' own bytes are read: the target tries the headers,
 * the framing and the wrapped key.
 */
class SealedFuzzTest {
    /** The content key the package seed was sealed with (docs/protocol.md section 10a). */
    private static final ContentKey PACKAGE_KEY = filledKey(0x5a);
    /** The app key the licensed seed was sealed under (a licence carries it, wrapped for the licensee). */
    private static final ContentKey APP_KEY = filledKey(0x33);
    /** The subscriber's identity the generation seed was sealed for. */
    private static final SecretKey IDENTITY = identity();
    private static final long MAX_PAYLOAD = 1 << 20;
    private static final Path DIR = Refusals.tempDir("sealed");

    @FuzzTest
    void privatePackage(byte[] sealed) throws IOException {
        Path sandbox = Files.createTempDirectory(DIR, "run");
        Path file = sandbox.resolve("package.cpkg");
        Path staging = sandbox.resolve("staging");
        Files.write(file, sealed);
        try {
            Manifest manifest = PrivatePackage.readManifest(file, PACKAGE_KEY);
            List<Path> extracted = PrivatePackage.extract(file, PACKAGE_KEY, manifest, staging, MAX_PAYLOAD);
            Refusals.checkExtracted(staging, extracted, manifest.files().size());
        } catch (PackageRejectedException refused) {
            Refusals.checkRefusedCleanly(refused, staging);
        } finally {
            Refusals.deleteTree(sandbox);
        }
    }

    @FuzzTest
    void licensedPackage(byte[] car) throws IOException {
        Path sandbox = Files.createTempDirectory(DIR, "run");
        Path file = sandbox.resolve("licensed.car");
        Path staging = sandbox.resolve("staging");
        Files.write(file, car);
        try {
            LicensedPackage.Header header = LicensedPackage.header(file);
            assertTrue(header.licensor() != null, "a header names its licensor");
            Manifest manifest = PackageReader.readManifest(file);
            List<Path> extracted = LicensedPackage.extract(file, APP_KEY, manifest, staging, MAX_PAYLOAD);
            Refusals.checkExtracted(staging, extracted, manifest.files().size());
        } catch (PackageRejectedException refused) {
            Refusals.checkRefusedCleanly(refused, staging);
        } finally {
            Refusals.deleteTree(sandbox);
        }
    }

    @FuzzTest
    void privateGeneration(byte[] sealed) throws IOException {
        Path sandbox = Files.createTempDirectory(DIR, "run");
        Path file = sandbox.resolve("generation.cgen");
        Path plain = sandbox.resolve("plain.cgen");
        Files.write(file, sealed);
        try {
            PrivateGeneration.open(file, IDENTITY, "Fuzz Store", plain);
            // What opened is read as any generation file (a bundle of the wrong shape is refused there).
            GenerationBundle.read(plain, GenerationBundle.MAX_BUNDLE_BYTES);
        } catch (CatalogFormatException | PrivateGeneration.NotSubscribedException refused) {
            Refusals.check(refused);
        } finally {
            Refusals.deleteTree(sandbox);
        }
    }

    private static ContentKey filledKey(int b) {
        byte[] key = new byte[ContentKey.BYTES];
        Arrays.fill(key, (byte) b);
        return ContentKey.of(key);
    }

    private static SecretKey identity() {
        try (InputStream in = SealedFuzzTest.class.getResourceAsStream("fuzz-identity.key.asc")) {
            return SecretKey.parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
