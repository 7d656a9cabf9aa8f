package org.caravan.keyring.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.sign.SignatureCheck;
import org.caravan.keyring.trust.Level;
import org.caravan.keyring.trust.Scope;
import org.caravan.keyring.trust.StoreAuthority;
import org.caravan.keyring.trust.Subject;
import org.caravan.keyring.trust.TrustDecision;
import org.caravan.keyring.trust.TrustEngine;
import org.caravan.keyring.trust.TrustWeb;

/**
 * The trust engine benchmark (not a test): a web of KEYS keys and 3 certifications per key (one by a
 * root, two by other keys of the same category), a catalog of RELEASES releases, each evaluated; then the
 * cost of one package's detached signature. Writes the web as an armored keyring plus GnuPG ownertrust
 * into OUT_DIR so bench/trust.sh can time {@code gpg --check-trustdb} on the same web.
 *
 * <p>Usage: {@code TrustBench OUT_DIR [KEYS] [RELEASES] [PACKAGE_MIB]}; run through bench/trust.sh.
 */
public final class TrustBench {
    static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant CERTIFIED = Instant.parse("2026-01-02T00:00:00Z");
    static final Instant SIGNED = Instant.parse("2026-02-01T00:00:00Z");
    static final Instant REF = Instant.parse("2026-03-01T00:00:00Z");
    static final int CATEGORIES = 50;

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target-bench/trust-bench");
        int keys = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int releases = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        int packageMib = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        Files.createDirectories(out);
        System.out.printf(Locale.ROOT, "cores %d, java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));

        long t0 = System.nanoTime();
        SecretKey root = SecretKey.generate("Bench Root <root@bench.test>", CREATED);
        List<SecretKey> secrets = IntStream.range(0, keys).parallel()
                .mapToObj(i -> SecretKey.generate("Dev " + i + " <dev" + i + "@bench.test>", CREATED)).toList();
        long t1 = System.nanoTime();
        Random rnd = new Random(42);
        int[][] peers = new int[keys][2];
        for (int i = 0; i < keys; i++) {
            // Two peers of the same category certify each key, so promotion has real counting to do.
            for (int j = 0; j < 2; j++) {
                int p;
                do {
                    p = (rnd.nextInt(keys / CATEGORIES)) * CATEGORIES + i % CATEGORIES;
                } while (p == i || p >= keys);
                peers[i][j] = p;
            }
        }
        List<Certificate> certs = IntStream.range(0, keys).parallel().mapToObj(i -> {
            Scope scope = Scope.category("cat" + (i % CATEGORIES));
            Certificate c = StoreAuthority.certify(root, secrets.get(i).certificate(), Level.DEVELOPER, scope, CERTIFIED, null);
            for (int p : peers[i]) {
                c = StoreAuthority.certify(secrets.get(p), c, Level.DEVELOPER, scope, CERTIFIED.plusSeconds(60), null);
            }
            return c;
        }).toList();
        long t2 = System.nanoTime();
        System.out.printf(Locale.ROOT, "web: %d keys, %d certifications; key generation %.1f s, certification %.1f s%n",
                keys, keys * 3, secs(t1 - t0), secs(t2 - t1));

        Files.writeString(out.resolve("web.asc"), root.certificate().armored() + Certificate.armoredKeyring(certs),
                StandardCharsets.US_ASCII);
        Files.writeString(out.resolve("ownertrust.txt"), root.fingerprint().hex() + ":6:\n", StandardCharsets.US_ASCII);

        TrustWeb web = new TrustWeb(List.of(root.certificate()), certs);
        List<Subject> subjects = new ArrayList<>(releases);
        List<List<SignatureCheck>> checks = new ArrayList<>(releases);
        for (int r = 0; r < releases; r++) {
            int signer = rnd.nextInt(keys);
            // One release in ten is filed under another category: the engine must refuse those.
            int category = rnd.nextInt(10) == 0 ? (signer + 1) % CATEGORIES : signer % CATEGORIES;
            subjects.add(new Subject("org.bench.app" + (r % 20_000), "cat" + category, "app"));
            checks.add(List.of(new SignatureCheck.Valid(secrets.get(signer).fingerprint(), SIGNED)));
        }

        TrustEngine engine = new TrustEngine();
        long i0 = System.nanoTime();
        engine.decide(web, checks.get(0), subjects.get(0), REF); // verifies every certification once
        long i1 = System.nanoTime();
        System.out.printf(Locale.ROOT, "index (verify %d certifications, parse %d certificates): %.2f s%n", keys * 3,
                keys + 1, secs(i1 - i0));
        long e0 = System.nanoTime();
        engine.decide(web, checks.get(0), subjects.get(0), REF.plusSeconds(1)); // new reference time: promotion pass
        System.out.printf(Locale.ROOT, "standing at a new reference time (promotion pass): %.1f ms%n",
                (System.nanoTime() - e0) / 1e6);
        for (int warm = 0; warm < 3; warm++) {
            evaluate(engine, web, checks, subjects);
        }
        double best = Double.MAX_VALUE;
        int trusted = 0;
        for (int run = 0; run < 5; run++) {
            long s = System.nanoTime();
            trusted = evaluate(engine, web, checks, subjects);
            best = Math.min(best, secs(System.nanoTime() - s));
        }
        System.out.printf(Locale.ROOT, "evaluate %d releases: %.3f s (best of 5 after warm-up), %.2f us/release, "
                + "%d trusted, %d refused%n", releases, best, best * 1e6 / releases, trusted, releases - trusted);
        System.out.printf(Locale.ROOT, "per key (index + one evaluation pass) / %d keys: %.1f us%n", keys,
                (secs(i1 - i0) + best) * 1e6 / keys);

        packageCosts(out, root, packageMib);
    }

    private static int evaluate(TrustEngine engine, TrustWeb web, List<List<SignatureCheck>> checks,
            List<Subject> subjects) {
        int trusted = 0;
        for (int r = 0; r < subjects.size(); r++) {
            if (engine.decide(web, checks.get(r), subjects.get(r), REF) instanceof TrustDecision.Trusted) {
                trusted++;
            }
        }
        return trusted;
    }

    private static void packageCosts(Path out, SecretKey key, int mib) throws IOException {
        byte[] data = new byte[mib << 20];
        new SecureRandom().nextBytes(data);
        Path file = out.resolve("package.bin");
        Files.write(file, data);
        for (int warm = 0; warm < 2; warm++) {
            jdkSha256(data);
            bcSha256(data);
        }
        long a = System.nanoTime();
        jdkSha256(data);
        long b = System.nanoTime();
        bcSha256(data);
        long c = System.nanoTime();
        System.out.printf(Locale.ROOT, "SHA-256 of %d MiB: JDK MessageDigest %.2f GB/s, BC SHA256Digest %.2f GB/s%n", mib,
                data.length / secs(b - a) / 1e9, data.length / secs(c - b) / 1e9);

        byte[] msg = new byte[32];
        Ed25519PrivateKeyParameters priv = new Ed25519PrivateKeyParameters(new SecureRandom());
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, priv);
        signer.update(msg, 0, msg.length);
        byte[] sig = signer.generateSignature();
        int n = 20_000;
        for (int warm = 0; warm < 2; warm++) {
            bcEd25519(priv, msg, sig, n / 4);
            sunEcEd25519(priv, msg, sig, n / 10);
        }
        long d = System.nanoTime();
        bcEd25519(priv, msg, sig, n);
        long e = System.nanoTime();
        sunEcEd25519(priv, msg, sig, n / 10);
        long f = System.nanoTime();
        System.out.printf(Locale.ROOT, "Ed25519 verify: BC %.0f/s, JDK SunEC %.0f/s (one thread)%n", n / secs(e - d),
                (n / 10) / secs(f - e));

        String armored = DetachedSignatures.sign(key, file, SIGNED);
        byte[] sigBytes = armored.getBytes(StandardCharsets.US_ASCII);
        for (int warm = 0; warm < 2; warm++) {
            DetachedSignatures.verify(file, sigBytes, List.of(key.certificate()));
        }
        long g = System.nanoTime();
        List<SignatureCheck> r = DetachedSignatures.verify(file, sigBytes, List.of(key.certificate()));
        long h = System.nanoTime();
        System.out.printf(Locale.ROOT, "detached signature over the %d MiB package verified in %.0f ms (%s)%n", mib,
                (h - g) / 1e6, r.get(0) instanceof SignatureCheck.Valid ? "valid" : r.get(0));
        Files.writeString(out.resolve("package.bin.asc"), armored, StandardCharsets.US_ASCII);
        Files.writeString(out.resolve("signer.asc"), key.certificate().armored(), StandardCharsets.US_ASCII);
    }

    private static byte[] jdkSha256(byte[] data) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (int off = 0; off < data.length; off += 1 << 16) {
                md.update(data, off, Math.min(1 << 16, data.length - off));
            }
            return md.digest();
        } catch (java.security.NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static byte[] bcSha256(byte[] data) {
        SHA256Digest d = new SHA256Digest();
        for (int off = 0; off < data.length; off += 1 << 16) {
            d.update(data, off, Math.min(1 << 16, data.length - off));
        }
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }

    private static void bcEd25519(Ed25519PrivateKeyParameters priv, byte[] msg, byte[] sig, int n) {
        Ed25519Signer v = new Ed25519Signer();
        v.init(false, priv.generatePublicKey());
        for (int i = 0; i < n; i++) {
            v.update(msg, 0, msg.length);
            if (!v.verifySignature(sig)) {
                throw new IllegalStateException("BC Ed25519 rejected a good signature");
            }
        }
    }

    private static void sunEcEd25519(Ed25519PrivateKeyParameters priv, byte[] msg, byte[] sig, int n) {
        try {
            byte[] raw = priv.generatePublicKey().getEncoded();
            // X.509 SubjectPublicKeyInfo for Ed25519: fixed 12-byte prefix, then the raw key.
            byte[] spki = new byte[44];
            byte[] prefix = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
            System.arraycopy(prefix, 0, spki, 0, 12);
            System.arraycopy(raw, 0, spki, 12, 32);
            java.security.PublicKey pub = java.security.KeyFactory.getInstance("Ed25519", "SunEC")
                    .generatePublic(new java.security.spec.X509EncodedKeySpec(spki));
            java.security.Signature v = java.security.Signature.getInstance("Ed25519", "SunEC");
            for (int i = 0; i < n; i++) {
                v.initVerify(pub);
                v.update(msg);
                if (!v.verify(sig)) {
                    throw new IllegalStateException("SunEC Ed25519 rejected a good signature");
                }
            }
        } catch (java.security.GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static double secs(long nanos) {
        return nanos / 1e9;
    }

    static Duration unused() {
        return Duration.ZERO;
    }
}
