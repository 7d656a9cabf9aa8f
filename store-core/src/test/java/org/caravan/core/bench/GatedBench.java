package org.caravan.core.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.caravan.core.catalog.PrivateGeneration;
import org.caravan.core.pkg.LicensedPackage;
import org.caravan.core.pkg.Manifest;
import org.caravan.core.pkg.PackageBuilder;
import org.caravan.core.pkg.PackageReader;
import org.caravan.core.pkg.PrivatePackage;
import org.caravan.core.pkg.SafeExtractor;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.Fingerprint;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.seal.ContentKey;

/**
 * Issue 14's benchmarks (bench/gated-bench.sh): (1) re-keying a private generation for N subscribers: the time to
 * seal a generation (fresh content key wrapped for every subscriber) and the bytes the wrapped key adds; (2) the
 * local install work of a licensed package (hash the downloaded file, extract while the payload decrypts) against the same
 * work for the plain package (hash, extract), in the same run; (3) the same for a private store's sealed package (one
 * pass hashing the ciphertext and the decrypted package, then extract while decrypting). A main class: never runs in
 * {@code mvn verify}.
 *
 * <p>Usage: {@code GatedBench --work DIR [--subscribers N] [--size-mib M] [--runs R] [--parts rekey,licensed,private]}
 */
public final class GatedBench {
    private GatedBench() {}

    public static void main(String[] args) throws Exception {
        Path work = null;
        int subscribers = 10_000;
        int sizeMib = 256;
        int runs = 3;
        List<String> parts = List.of("rekey", "licensed");
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--work" -> work = Path.of(args[i + 1]);
                case "--subscribers" -> subscribers = Integer.parseInt(args[i + 1]);
                case "--size-mib" -> sizeMib = Integer.parseInt(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--parts" -> parts = Arrays.asList(args[i + 1].split(","));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (work == null) {
            throw new IllegalArgumentException("--work DIR is required");
        }
        Files.createDirectories(work);
        if (parts.contains("rekey")) {
            rekey(work, subscribers, runs);
        }
        if (parts.contains("licensed") || parts.contains("private")) {
            licensed(work, sizeMib, runs, parts.contains("licensed"), parts.contains("private"));
        }
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    private static void rekey(Path work, int n, int runs) throws IOException {
        long t0 = System.nanoTime();
        List<Certificate> certs = new ArrayList<>(n);
        List<SecretKey> keys = new ArrayList<>();
        Instant made = Instant.parse("2026-12-01T00:00:00Z");
        for (int i = 0; i < n; i++) {
            SecretKey k = SecretKey.generateWithEncryption("Subscriber " + i + " <s" + i + "@caravan.invalid>", made);
            certs.add(k.certificate());
            if (i == n - 1) {
                keys.add(k);
            }
        }
        double makeS = (System.nanoTime() - t0) / 1e9;
        // A generation of a realistic size: 1 MiB stands for a catalog of a few thousand apps.
        Path plain = work.resolve("plain.cgen");
        byte[] bytes = new byte[1 << 20];
        new SplittableRandom(1).nextBytes(bytes);
        Files.write(plain, bytes);
        List<Double> seal = new ArrayList<>();
        long wrapped = 0;
        Path out = work.resolve("sealed.cgen");
        for (int r = 0; r < runs; r++) {
            long s = System.nanoTime();
            wrapped = PrivateGeneration.seal(plain, out, certs);
            seal.add((System.nanoTime() - s) / 1e9);
        }
        List<Double> open = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            Path back = work.resolve("back.cgen");
            long s = System.nanoTime();
            PrivateGeneration.open(out, keys.get(0), "bench", back);
            open.add((System.nanoTime() - s) / 1e9);
            Files.delete(back);
        }
        long total = Files.size(out);
        System.out.printf(Locale.ROOT, "rekey: %d subscribers (made in %.1f s)%n", n, makeS);
        System.out.printf(Locale.ROOT, "rekey: seal a 1 MiB generation for all: median %.2f s of %d runs (%s)%n",
                median(seal), runs, seal);
        System.out.printf(Locale.ROOT, "rekey: wrapped key adds %d bytes (%.1f bytes per subscriber); generation "
                + "file %d bytes for 1 048 576 plain (%.2fx)%n", wrapped, (double) wrapped / n, total,
                (double) total / bytes.length);
        System.out.printf(Locale.ROOT, "rekey: the last subscriber opens it: median %.3f s (%s)%n", median(open), open);
    }

    private static void licensed(Path work, int sizeMib, int runs, boolean licensedPart, boolean privatePart)
            throws IOException {
        Path src = Files.createDirectories(work.resolve("src"));
        // Random bytes: DEFLATE cannot shrink them, so the package is as big as the payload (the worst case).
        try (OutputStream o = Files.newOutputStream(src.resolve("payload.bin"))) {
            SplittableRandom rnd = new SplittableRandom(2);
            byte[] buf = new byte[1 << 20];
            for (int i = 0; i < sizeMib; i++) {
                rnd.nextBytes(buf);
                o.write(buf);
            }
        }
        Path plain = work.resolve("plain.car");
        long b0 = System.nanoTime();
        PackageBuilder.build("org.example.big", "1.0.0", "app", "Big", "", "utilities", "", src, plain);
        double buildS = (System.nanoTime() - b0) / 1e9;
        Files.delete(src.resolve("payload.bin"));
        Path sealed = work.resolve("sealed.car");
        ContentKey appKey = ContentKey.random();
        PrivatePackage.Sealed priv = null;
        if (licensedPart) {
            long s0 = System.nanoTime();
            LicensedPackage.seal(plain, sealed, appKey, Fingerprint.of("E7848A4CA7092C0B95E668162D52AB7F189B849C"));
            double sealS = (System.nanoTime() - s0) / 1e9;
            System.out.printf(Locale.ROOT, "licensed: %d MiB payload, package %d bytes (built in %.1f s), sealed %d "
                    + "bytes (+%d, sealed in %.1f s)%n", sizeMib, Files.size(plain), buildS, Files.size(sealed),
                    Files.size(sealed) - Files.size(plain), sealS);
        }
        if (privatePart) {
            long s0 = System.nanoTime();
            priv = PrivatePackage.seal(plain, Files.createDirectories(work.resolve("served")));
            double sealS = (System.nanoTime() - s0) / 1e9;
            System.out.printf(Locale.ROOT, "private: %d MiB payload, package %d bytes, sealed %d bytes (+%d, sealed "
                    + "in %.1f s)%n", sizeMib, Files.size(plain), priv.size(), priv.size() - Files.size(plain), sealS);
        }
        List<Double> plainT = new ArrayList<>();
        List<Double> sealedT = new ArrayList<>();
        List<Double> privateT = new ArrayList<>();
        List<String> sides = new ArrayList<>(List.of("plain"));
        if (licensedPart) {
            sides.add("licensed");
        }
        if (privatePart) {
            sides.add("private");
        }
        for (int r = 0; r < runs; r++) {
            // Rotate the order so no side always gets the warmer page cache.
            for (int i = 0; i < sides.size(); i++) {
                String side = sides.get((r + i) % sides.size());
                Path dir = work.resolve("run");
                long s = System.nanoTime();
                if (side.equals("private")) {
                    // As the installer does: one pass decrypts and hashes the plain package (the developers'
                    // signatures continue that state), then the extractor decrypts as it reads.
                    PrivatePackage.digest(priv.file(), priv.key(), null, org.caravan.core.catalog.Sha256.digest());
                    Manifest m = PrivatePackage.readManifest(priv.file(), priv.key());
                    PrivatePackage.extract(priv.file(), priv.key(), m, dir.resolve("files"), m.totalSize());
                    privateT.add((System.nanoTime() - s) / 1e9);
                } else if (side.equals("licensed")) {
                    hash(sealed);
                    Manifest m = PackageReader.readManifest(sealed);
                    // As the installer does: the payload is decrypted as it is extracted, in one pass.
                    LicensedPackage.extract(sealed, appKey, m, dir.resolve("files"), m.totalSize());
                    sealedT.add((System.nanoTime() - s) / 1e9);
                } else {
                    hash(plain);
                    Manifest m = PackageReader.readManifest(plain);
                    SafeExtractor.extract(plain, m, dir.resolve("files"), m.totalSize());
                    plainT.add((System.nanoTime() - s) / 1e9);
                }
                deleteTree(dir);
            }
        }
        double p = median(plainT);
        System.out.printf(Locale.ROOT, "plain install work (SHA-256 + extract): median %.2f s %s%n", p, plainT);
        if (licensedPart) {
            double l = median(sealedT);
            System.out.printf(Locale.ROOT, "licensed: licensed install work (SHA-256 + extract while decrypting): "
                    + "median %.2f s %s%n", l, sealedT);
            System.out.printf(Locale.ROOT, "licensed: ratio licensed / plain = %.2fx (goal <= 1.3x)%n", l / p);
        }
        if (privatePart) {
            double v = median(privateT);
            System.out.printf(Locale.ROOT, "private: sealed package install work (decrypt + SHA-256 of the plain "
                    + "package, then extract while decrypting): median %.2f s %s%n", v, privateT);
            System.out.printf(Locale.ROOT, "private: ratio private / plain = %.2fx%n", v / p);
        }
    }

    private static void hash(Path f) throws IOException {
        MessageDigest d = org.caravan.core.catalog.Sha256.digest();
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(f)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
        }
        d.digest();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
