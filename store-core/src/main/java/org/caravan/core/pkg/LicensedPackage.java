package org.caravan.core.pkg;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.caravan.keyring.key.Fingerprint;
import org.caravan.keyring.seal.ContentKey;
import org.caravan.keyring.seal.SealBrokenException;
import org.caravan.keyring.seal.SealedReader;
import org.caravan.keyring.seal.SealedStream;

/**
 * A licensed package (docs/package-format.md, section 5): a {@code .car} whose public part stays readable (the
 * manifest, first entry, byte for byte the inner package's; a header naming the key that licenses it and the
 * package's content key wrapped under the app key) and whose payload, the whole plain {@code .car}, is sealed
 * under a fresh content key. The store signs and lists the outer file like any package, so it checks origin
 * without any key; a client needs a licence (the app key) to open the payload.
 */
public final class LicensedPackage {
    /** The second entry of a licensed package; its presence is what makes a package licensed. */
    public static final String HEADER_ENTRY = "caravan-licensed.json";
    public static final String PAYLOAD_ENTRY = "payload.sealed";
    /** The header holds a fingerprint and a wrapped 32-byte key: ~200 bytes. */
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    /** The public header: who licenses the app, and the content key wrapped under its app key. */
    public record Header(Fingerprint licensor, byte[] wrappedContentKey) {
        public Header {
            wrappedContentKey = wrappedContentKey.clone();
        }
    }

    private LicensedPackage() {}

    /**
     * Seals the plain package {@code plainCar} into {@code out}: a fresh content key, wrapped under {@code appKey}
     * (bound to the app id and version), encrypts it. Writes to a temporary file and moves it into place.
     */
    public static BuiltPackage seal(Path plainCar, Path out, ContentKey appKey, Fingerprint licensor)
            throws IOException {
        Manifest manifest = PackageReader.readManifest(plainCar);
        ContentKey contentKey = ContentKey.random();
        byte[] wrapped = wrapContentKey(contentKey, appKey, manifest);
        ObjectNode header = JSON.createObjectNode();
        header.put("contentKey", Base64.getEncoder().encodeToString(wrapped));
        header.put("formatVersion", 1);
        header.put("licensor", licensor.hex());
        Path dir = out.toAbsolutePath().getParent();
        Path sealed = Files.createTempFile(dir, ".sealed-", ".tmp");
        Path tmp = Files.createTempFile(dir, ".car-", ".tmp");
        try {
            CRC32 crc = new CRC32();
            try (InputStream in = new BufferedInputStream(Files.newInputStream(plainCar), 1 << 20);
                    OutputStream o = new CheckedOutputStream(
                            new BufferedOutputStream(Files.newOutputStream(sealed), 1 << 20), crc)) {
                SealedStream.seal(in, o, contentKey);
            }
            long sealedSize = Files.size(sealed);
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20);
                    ZipOutputStream zip = new ZipOutputStream(file, StandardCharsets.UTF_8)) {
                zip.putNextEntry(deflated(PackagePaths.MANIFEST_ENTRY));
                zip.write(manifest.toJson());
                zip.closeEntry();
                zip.putNextEntry(deflated(HEADER_ENTRY));
                zip.write(JSON.writeValueAsBytes(header));
                zip.closeEntry();
                // STORED: a reader streams the ciphertext straight from the file, without inflating it.
                ZipEntry payload = new ZipEntry(PAYLOAD_ENTRY);
                payload.setTimeLocal(ENTRY_TIME);
                payload.setMethod(ZipEntry.STORED);
                payload.setSize(sealedSize);
                payload.setCompressedSize(sealedSize);
                payload.setCrc(crc.getValue());
                zip.putNextEntry(payload);
                Files.copy(sealed, zip);
                zip.closeEntry();
            }
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot move " + tmp + " atomically to " + out, e);
            }
            return new BuiltPackage(out, manifest, Files.size(out), org.caravan.core.catalog.Sha256.hex(out));
        } finally {
            Files.deleteIfExists(sealed);
            Files.deleteIfExists(tmp);
        }
    }

    private static ZipEntry deflated(String name) {
        ZipEntry e = new ZipEntry(name);
        e.setTimeLocal(ENTRY_TIME);
        e.setMethod(ZipEntry.DEFLATED);
        return e;
    }

    /** Whether {@code car} is a licensed package (its second entry is the licensing header). */
    public static boolean isLicensed(Path car) throws IOException {
        try (ZipArchive zip = ZipArchive.open(car)) {
            List<ZipArchive.Entry> e = zip.entries();
            return e.size() >= 2 && e.get(1).name().equals(HEADER_ENTRY);
        }
    }

    /** Reads the public header of a licensed package. */
    public static Header header(Path car) throws IOException {
        try (ZipArchive zip = ZipArchive.open(car)) {
            return header(zip, car);
        }
    }

    private static Header header(ZipArchive zip, Path car) throws IOException {
        List<ZipArchive.Entry> entries = zip.entries();
        if (entries.size() != 3 || !entries.get(1).name().equals(HEADER_ENTRY)
                || !entries.get(2).name().equals(PAYLOAD_ENTRY) || entries.get(2).method() != 0) {
            throw new PackageRejectedException(car, PackageRejectedException.Reason.MALFORMED_ZIP, null,
                    "a licensed package holds exactly " + PackagePaths.MANIFEST_ENTRY + ", " + HEADER_ENTRY
                            + " and a stored " + PAYLOAD_ENTRY);
        }
        byte[] bytes;
        try (InputStream in = zip.content(entries.get(1))) {
            bytes = in.readNBytes(MAX_HEADER_BYTES + 1);
        } catch (IOException e) {
            // Deflated data that does not inflate is a malformed package, refused as one, not an I/O failure.
            throw new PackageRejectedException(car, PackageRejectedException.Reason.MALFORMED_ZIP, HEADER_ENTRY,
                    "cannot decompress: " + e.getMessage(), e);
        }
        if (bytes.length > MAX_HEADER_BYTES) {
            throw new PackageRejectedException(car, PackageRejectedException.Reason.MANIFEST_MALFORMED, HEADER_ENTRY,
                    "the licensing header is larger than " + MAX_HEADER_BYTES + " bytes");
        }
        try {
            JsonNode n = JSON.readTree(bytes);
            if (n == null || !n.isObject() || n.size() != 3 || n.path("formatVersion").asInt() != 1
                    || !n.path("licensor").isTextual() || !n.path("contentKey").isTextual()) {
                throw new IllegalArgumentException("expected {contentKey, formatVersion: 1, licensor}");
            }
            return new Header(Fingerprint.of(n.get("licensor").asText()),
                    Base64.getDecoder().decode(n.get("contentKey").asText()));
        } catch (IOException | IllegalArgumentException e) {
            throw new PackageRejectedException(car, PackageRejectedException.Reason.MANIFEST_MALFORMED, HEADER_ENTRY,
                    e.getMessage(), e);
        }
    }

    /**
     * Opens the sealed payload of {@code car} with {@code appKey} into {@code plainOut} (created; deleted again on
     * any failure) and checks that the inner package's manifest is the public one. Returns that manifest.
     *
     * @throws PackageRejectedException SEAL_BROKEN when the content key or the payload does not open (tampered,
     *     cut, or the app key of another licensor), WRONG_PACKAGE when the inner manifest differs
     */
    public static Manifest open(Path car, ContentKey appKey, Path plainOut) throws IOException {
        try (ZipArchive zip = ZipArchive.open(car)) {
            Manifest outer = PackageReader.readManifest(zip, car);
            Header header = header(zip, car);
            ContentKey contentKey;
            try {
                contentKey = unwrapContentKey(header.wrappedContentKey(), appKey, outer);
            } catch (SealBrokenException e) {
                throw new PackageRejectedException(car, PackageRejectedException.Reason.SEAL_BROKEN, HEADER_ENTRY,
                        "its content key does not open under the licence's app key (a licence of another licensor, "
                                + "or a changed header)", e);
            }
            ZipArchive.Entry payload = zip.entries().get(2);
            try (InputStream in = new BufferedInputStream(zip.content(payload), 1 << 20);
                    OutputStream o = new BufferedOutputStream(
                            Files.newOutputStream(plainOut, java.nio.file.StandardOpenOption.CREATE_NEW), 1 << 20)) {
                SealedStream.open(in, o, contentKey, car.getFileName() + " (" + PAYLOAD_ENTRY + ")");
            } catch (SealBrokenException e) {
                Files.deleteIfExists(plainOut);
                throw new PackageRejectedException(car, PackageRejectedException.Reason.SEAL_BROKEN, PAYLOAD_ENTRY,
                        e.getMessage(), e);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(plainOut);
                throw e;
            }
            Manifest inner;
            try {
                inner = PackageReader.readManifest(plainOut);
            } catch (IOException e) {
                Files.deleteIfExists(plainOut);
                throw e;
            }
            if (!java.util.Arrays.equals(inner.toJson(), outer.toJson())) {
                Files.deleteIfExists(plainOut);
                throw new PackageRejectedException(car, PackageRejectedException.Reason.WRONG_PACKAGE, PAYLOAD_ENTRY,
                        "the sealed package's manifest differs from the public one");
            }
            return inner;
        }
    }

    /**
     * Opens the sealed payload of {@code car} with {@code appKey} and extracts it into {@code stagingDir} in one
     * pass, as {@link SafeExtractor#extract(Path, Manifest, Path, long)} does for a plain package: the payload is
     * decrypted chunk by chunk as the extractor reads it, never written out whole. Every byte the extractor sees
     * has authenticated; a chunk that does not (tampered, cut, another key) stops the extraction and what was
     * written is deleted again, as for a file whose hash differs. The inner manifest must be the public one.
     *
     * @throws PackageRejectedException SEAL_BROKEN when the content key or the payload does not open, WRONG_PACKAGE
     *     when the inner manifest differs, or any refusal of the extractor
     */
    public static List<Path> extract(Path car, ContentKey appKey, Manifest expected, Path stagingDir,
            long maxTotalBytes) throws IOException {
        Manifest outer;
        ContentKey contentKey;
        ZipArchive.Entry payload;
        try (ZipArchive zip = ZipArchive.open(car)) {
            outer = PackageReader.readManifest(zip, car);
            Header header = header(zip, car);
            try {
                contentKey = unwrapContentKey(header.wrappedContentKey(), appKey, outer);
            } catch (SealBrokenException e) {
                throw new PackageRejectedException(car, PackageRejectedException.Reason.SEAL_BROKEN, HEADER_ENTRY,
                        "its content key does not open under the licence's app key (a licence of another licensor, "
                                + "or a changed header)", e);
            }
            payload = zip.entries().get(2);
        }
        java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(car,
                java.nio.file.StandardOpenOption.READ);
        try {
            SealedReader reader = new SealedReader(ch, payload.dataOffset(), payload.compressedSize(), contentKey,
                    car.getFileName() + " (" + PAYLOAD_ENTRY + ")");
            try (ZipArchive inner = ZipArchive.open(car, new ZipArchive.Source() {
                @Override
                public int read(ByteBuffer dst, long position) throws IOException {
                    return reader.read(dst, position);
                }

                @Override
                public long size() {
                    return reader.size();
                }

                @Override
                public void close() throws IOException {
                    ch.close();
                }
            })) {
                if (!java.util.Arrays.equals(PackageReader.readManifest(inner, car).toJson(), outer.toJson())) {
                    throw new PackageRejectedException(car, PackageRejectedException.Reason.WRONG_PACKAGE,
                            PAYLOAD_ENTRY, "the sealed package's manifest differs from the public one");
                }
                return SafeExtractor.extract(inner, car, expected, stagingDir, maxTotalBytes);
            }
        } catch (SealBrokenException e) {
            throw new PackageRejectedException(car, PackageRejectedException.Reason.SEAL_BROKEN, PAYLOAD_ENTRY,
                    e.getMessage(), e);
        } finally {
            ch.close();
        }
    }

    private static byte[] aad(Manifest m) {
        return ("caravan-content-key\0" + m.id() + "\0" + m.version()).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] wrapContentKey(ContentKey contentKey, ContentKey appKey, Manifest m) {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(appKey.bytes(), "AES"), new GCMParameterSpec(128, nonce));
            c.updateAAD(aad(m));
            byte[] ct = c.doFinal(contentKey.bytes());
            return ByteBuffer.allocate(12 + ct.length).put(nonce).put(ct).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's AES-256-GCM is not usable: " + e.getMessage(), e);
        }
    }

    private static ContentKey unwrapContentKey(byte[] wrapped, ContentKey appKey, Manifest m)
            throws SealBrokenException {
        if (wrapped.length != 12 + ContentKey.BYTES + 16) {
            throw new SealBrokenException("a wrapped content key is " + (12 + ContentKey.BYTES + 16) + " bytes, not "
                    + wrapped.length);
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(appKey.bytes(), "AES"),
                    new GCMParameterSpec(128, wrapped, 0, 12));
            c.updateAAD(aad(m));
            return ContentKey.of(c.doFinal(wrapped, 12, wrapped.length - 12));
        } catch (AEADBadTagException e) {
            throw new SealBrokenException("content key tag mismatch", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's AES-256-GCM is not usable: " + e.getMessage(), e);
        }
    }
}
