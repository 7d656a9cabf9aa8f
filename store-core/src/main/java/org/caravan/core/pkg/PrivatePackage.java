package org.caravan.core.pkg;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.caravan.keyring.seal.ContentKey;
import org.caravan.keyring.seal.SealBrokenException;
import org.caravan.keyring.seal.SealedReader;
import org.caravan.keyring.seal.SealedStream;

/**
 * A package of a private store as it travels (docs/protocol.md section 10a): {@code "CRVNPKGS" 0x01}, then the whole
 * plain {@code .car} as a sealed stream under a content key of its own, which only the sealed catalog carries. Anyone
 * may fetch and seed it; without the key it shows its size only (no ZIP structure, no manifest, no name: it is
 * served as {@code SHA256.cpkg}). A subscriber checks and extracts it without writing the plain package anywhere.
 */
public final class PrivatePackage {
    private static final byte[] MAGIC = {'C', 'R', 'V', 'N', 'P', 'K', 'G', 'S', 1};
    public static final String SUFFIX = ".cpkg";

    /** A package sealed by {@link #seal}: the file, its SHA-256 and size, and the key that opens it. */
    public record Sealed(Path file, String sha256, long size, ContentKey key) {}

    private PrivatePackage() {}

    /** The size of {@code plainSize} bytes of package once sealed. */
    public static long sealedSize(long plainSize) {
        return MAGIC.length + SealedStream.sealedSize(plainSize);
    }

    /** Whether {@code file} starts as a sealed private package. */
    public static boolean isSealed(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(MAGIC.length), MAGIC);
        }
    }

    /**
     * Seals {@code plainCar} under a fresh content key into {@code dir}, as {@code SHA256.cpkg} (written to a
     * temporary file and moved into place).
     */
    public static Sealed seal(Path plainCar, Path dir) throws IOException {
        ContentKey key = ContentKey.random();
        Path tmp = Files.createTempFile(dir, ".cpkg-", ".tmp");
        try {
            MessageDigest sha = org.caravan.core.catalog.Sha256.digest();
            try (InputStream in = new BufferedInputStream(Files.newInputStream(plainCar), 1 << 20);
                    OutputStream o = new java.security.DigestOutputStream(
                            new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20), sha)) {
                o.write(MAGIC);
                SealedStream.seal(in, o, key);
            }
            String hex = HexFormat.of().formatHex(sha.digest());
            Path out = dir.resolve(hex + SUFFIX);
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new Sealed(out, hex, Files.size(out), key);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads the sealed file once: every byte of it into {@code sealedDigest} (null: not hashed) and every byte of the
     * plain package, as it authenticates, into {@code plainDigest} (both left unfinished). Returns the plain
     * package's length.
     *
     * @throws PackageRejectedException SEAL_BROKEN when it is not a sealed package or does not open whole under
     *     {@code key} (changed, cut, extended, or sealed under another key)
     */
    public static long digest(Path file, ContentKey key, MessageDigest sealedDigest, MessageDigest plainDigest)
            throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 20);
        try (InputStream in = sealedDigest == null ? raw : new DigestInputStream(raw, sealedDigest)) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new PackageRejectedException(file, PackageRejectedException.Reason.SEAL_BROKEN, null,
                        "it is not a sealed package of format 1 (it does not start with CRVNPKGS 01)");
            }
            long[] total = {0};
            OutputStream sink = new OutputStream() {
                @Override
                public void write(int b) {
                    plainDigest.update((byte) b);
                    total[0]++;
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    plainDigest.update(b, off, len);
                    total[0] += len;
                }
            };
            SealedStream.open(in, sink, key, file.getFileName().toString());
            return total[0];
        } catch (SealBrokenException e) {
            throw new PackageRejectedException(file, PackageRejectedException.Reason.SEAL_BROKEN, null,
                    e.getMessage(), e);
        }
    }

    /** The plain package, decrypted as it is read (each byte handed out has authenticated). */
    public static InputStream plain(Path file, ContentKey key) throws IOException {
        Opened o = open(file, key);
        return new InputStream() {
            private long position;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                int n = o.reader.read(ByteBuffer.wrap(b, off, len), position);
                if (n > 0) {
                    position += n;
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                o.ch.close();
            }
        };
    }

    /** The plain package's manifest. */
    public static Manifest readManifest(Path file, ContentKey key) throws IOException {
        try (ZipArchive zip = archive(file, key)) {
            return PackageReader.readManifest(zip, file);
        } catch (SealBrokenException e) {
            throw new PackageRejectedException(file, PackageRejectedException.Reason.SEAL_BROKEN, null,
                    e.getMessage(), e);
        }
    }

    /** Whether the plain package inside is itself a licensed package (docs/package-format.md section 5). */
    public static boolean isLicensed(Path file, ContentKey key) throws IOException {
        try (ZipArchive zip = archive(file, key)) {
            List<ZipArchive.Entry> e = zip.entries();
            return e.size() >= 2 && e.get(1).name().equals(LicensedPackage.HEADER_ENTRY);
        } catch (SealBrokenException e) {
            throw new PackageRejectedException(file, PackageRejectedException.Reason.SEAL_BROKEN, null,
                    e.getMessage(), e);
        }
    }

    /**
     * Writes the plain package to {@code plainOut} (for a licensed package inside, whose payload stays sealed under
     * its own key); deleted again on any failure.
     */
    public static void decrypt(Path file, ContentKey key, Path plainOut) throws IOException {
        try (InputStream in = plain(file, key);
                OutputStream o = new BufferedOutputStream(Files.newOutputStream(plainOut,
                        StandardOpenOption.CREATE_NEW), 1 << 20)) {
            in.transferTo(o);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(plainOut);
            if (e instanceof SealBrokenException s) {
                throw new PackageRejectedException(file, PackageRejectedException.Reason.SEAL_BROKEN, null,
                        s.getMessage(), s);
            }
            throw e;
        }
    }

    /**
     * Extracts the plain package into {@code stagingDir} as {@link SafeExtractor#extract(Path, Manifest, Path, long)}
     * does, decrypting each chunk as the extractor first reads it; a chunk that does not authenticate stops the
     * extraction and what was written is deleted again.
     *
     * @throws PackageRejectedException SEAL_BROKEN, or any refusal of the extractor
     */
    public static List<Path> extract(Path file, ContentKey key, Manifest expected, Path stagingDir,
            long maxTotalBytes) throws IOException {
        try (ZipArchive zip = archive(file, key)) {
            return SafeExtractor.extract(zip, file, expected, stagingDir, maxTotalBytes);
        } catch (SealBrokenException e) {
            throw new PackageRejectedException(file, PackageRejectedException.Reason.SEAL_BROKEN, null,
                    e.getMessage(), e);
        }
    }

    private record Opened(FileChannel ch, SealedReader reader) {}

    private static Opened open(Path file, ContentKey key) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            byte[] magic = new byte[MAGIC.length];
            ByteBuffer b = ByteBuffer.wrap(magic);
            while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
                // read the magic
            }
            if (!Arrays.equals(magic, MAGIC)) {
                throw new SealBrokenException(file.getFileName() + " is not a sealed package of format 1 (it does "
                        + "not start with CRVNPKGS 01)");
            }
            return new Opened(ch, new SealedReader(ch, MAGIC.length, ch.size() - MAGIC.length, key,
                    file.getFileName().toString()));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static ZipArchive archive(Path file, ContentKey key) throws IOException {
        Opened o = open(file, key);
        return ZipArchive.open(file, new ZipArchive.Source() {
            @Override
            public int read(ByteBuffer dst, long position) throws IOException {
                return o.reader.read(dst, position);
            }

            @Override
            public long size() {
                return o.reader.size();
            }

            @Override
            public void close() throws IOException {
                o.ch.close();
            }
        });
    }
}
