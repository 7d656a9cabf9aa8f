package org.caravan.keyring.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.caravan.keyring.key.Bc;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.trust.Subject;
import org.caravan.keyring.trust.TrustDecision;
import org.caravan.keyring.trust.TrustEngine;
import org.caravan.keyring.trust.TrustWeb;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the gpg and sq commands of docs/trust-encoding.md exactly as the document writes them, with keys
 * both tools make with their default options, and checks that Caravan's trust engine reads what they make
 * as the document says. If the document changes, this test runs the new commands.
 */
class DocumentedCommandsTest {
    static final Path DOC = Path.of("..", "docs", "trust-encoding.md");
    static final Subject EDITOR = new Subject("org.example.editor", "tools", "app");
    static final byte[] DATA = "a package\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    Map<String, String> blocks;

    @BeforeEach
    void tools() throws IOException {
        Assumptions.assumeTrue(GnuPG.available(), "gpg is not on the PATH");
        Assumptions.assumeTrue(Sq.available(), "sq is not on the PATH");
        blocks = blocks(Files.readString(DOC));
        assertEquals(List.of("gpg-certify", "sq-certify", "gpg-revoke-certification", "gpg-revoke-key", "sq-revoke-key"),
                List.copyOf(blocks.keySet()), "the documented commands");
    }

    /** Each {@code <!-- run: NAME -->} marker's following ```sh block. */
    static Map<String, String> blocks(String doc) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("<!-- run: ([a-z-]+) -->\\s*```sh\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    /** Runs the documented block {@code name} in the test folder with these variables, as a user's shell would. */
    void run(String name, GnuPG gpg, Map<String, String> vars) throws Exception {
        ProcessBuilder b = new ProcessBuilder("bash", "-euo", "pipefail", "-c", blocks.get(name)).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        b.environment().put("GNUPGHOME", gpg.home().toString());
        b.environment().put("HOME", dir.toString());
        b.environment().putAll(vars);
        Process p = b.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), name + " did not finish");
        assertEquals(0, p.exitValue(), name + ": " + Files.readString(dir.resolve(name + ".log")));
    }

    static Instant now() {
        return Instant.ofEpochSecond(Instant.now().getEpochSecond());
    }

    static TrustDecision judge(Certificate root, Certificate developer, SecretKey signer) {
        Instant t = now();
        TrustWeb web = new TrustWeb(List.of(root), List.of(developer));
        return new TrustEngine().decide(web, DetachedSignatures.verify(DATA, DetachedSignatures.sign(signer, DATA, t)
                .getBytes(StandardCharsets.US_ASCII), List.of(developer)), EDITOR, t);
    }

    @Test
    void aGpgRootCertifiesAndRevokesAnSqDeveloperWithTheDocumentedCommands() throws Exception {
        Sq sq = new Sq(dir);
        SecretKey dev = SecretKey.read(sq.generate("developer", "Dev <dev@caravan.test>"));
        try (GnuPG gpg = new GnuPG(Files.createDirectory(dir.resolve("g")))) {
            gpg.ok("--quick-gen-key", "Root <root@caravan.test>"); // gpg's defaults (RSA 3072, expiring)
            String root = gpg.fingerprint("root@caravan.test");
            gpg.ok("--import", dir.resolve("developer.cert").toString());
            Map<String, String> vars = Map.of("ROOT", root, "DEV", dev.fingerprint().hex(), "DEV_UID", dev.userId(),
                    "LEVEL", "1", "SCOPE", "app:org.example.editor", "COMMENT", "left the project");

            run("gpg-certify", gpg, vars);
            Certificate certified = Certificate.read(dir.resolve("developer.certified.asc"));
            TrustDecision.Trusted trusted = assertInstanceOf(TrustDecision.Trusted.class,
                    judge(gpg.certificate(root), certified, dev));
            assertEquals(1, trusted.level().rank());
            assertEquals("app:org.example.editor", trusted.scope().value());

            run("gpg-revoke-certification", gpg, vars);
            TrustDecision.Refused refused = assertInstanceOf(TrustDecision.Refused.class,
                    judge(gpg.certificate(root), Certificate.read(dir.resolve("developer.revoked.asc")), dev));
            assertTrue(refused.spurious(), refused.explain());
        }
    }

    @Test
    void anSqRootCertifiesAGpgDeveloperWhoRevokesTheirKeyWithTheDocumentedCommands() throws Exception {
        Sq sq = new Sq(dir);
        SecretKey root = SecretKey.read(sq.generate("root", "Root <root@caravan.test>"));
        try (GnuPG gpg = new GnuPG(Files.createDirectory(dir.resolve("g")))) {
            gpg.ok("--quick-gen-key", "Dev <dev@caravan.test>"); // gpg's defaults
            String devFpr = gpg.fingerprint("dev@caravan.test");
            SecretKey dev = gpg.secretKey(devFpr);
            gpg.ok("--armor", "--output", dir.resolve("developer.cert").toString(), "--export", devFpr);
            Map<String, String> vars = Map.of("ROOT", root.fingerprint().hex(), "DEV", devFpr, "DEV_UID", dev.userId(),
                    "LEVEL", "2", "SCOPE", "global", "COMMENT", "laptop stolen");

            run("sq-certify", gpg, vars);
            Certificate certified = Certificate.read(dir.resolve("developer.certified.asc"));
            TrustDecision.Trusted trusted = assertInstanceOf(TrustDecision.Trusted.class,
                    judge(root.certificate(), certified, dev));
            assertEquals(2, trusted.level().rank());

            run("gpg-revoke-key", gpg, vars);
            Certificate revoked = Certificate.read(dir.resolve("developer.revoked.asc")).mergedWith(certified);
            TrustDecision.Refused refused = assertInstanceOf(TrustDecision.Refused.class,
                    judge(root.certificate(), revoked, dev));
            assertEquals(TrustDecision.Rule.REVOKED, refused.rule(), refused.explain());
        }
    }

    @Test
    void anSqDeveloperRevokesTheirKeyWithTheDocumentedCommand() throws Exception {
        Sq sq = new Sq(dir);
        SecretKey root = SecretKey.read(sq.generate("root", "Root <root@caravan.test>"));
        SecretKey dev = SecretKey.read(sq.generate("developer", "Dev <dev@caravan.test>"));
        try (GnuPG gpg = new GnuPG(Files.createDirectory(dir.resolve("g")))) {
            Map<String, String> vars = Map.of("ROOT", root.fingerprint().hex(), "DEV", dev.fingerprint().hex(),
                    "DEV_UID", dev.userId(), "LEVEL", "1", "SCOPE", "global", "COMMENT", "key compromised");
            run("sq-certify", gpg, vars);
            Certificate certified = Certificate.read(dir.resolve("developer.certified.asc"));
            assertInstanceOf(TrustDecision.Trusted.class, judge(root.certificate(), certified, dev));
            run("sq-revoke-key", gpg, vars);
            TrustDecision.Refused refused = assertInstanceOf(TrustDecision.Refused.class,
                    judge(root.certificate(), withBareRevocation(certified, dir.resolve("developer.rev")), dev));
            assertEquals(TrustDecision.Rule.REVOKED, refused.rule(), refused.explain());
        }
    }

    /** Attaches a bare key revocation signature (as sq writes it) to its certificate, as store import does. */
    static Certificate withBareRevocation(Certificate c, Path rev) throws Exception {
        PGPSignature sig;
        try (var in = PGPUtil.getDecoderStream(Files.newInputStream(rev))) {
            sig = ((PGPSignatureList) new BcPGPObjectFactory(in).nextObject()).get(0);
        }
        PGPPublicKeyRing ring = Bc.of(c).getPGPPublicKeyRing();
        PGPPublicKey revoked = PGPPublicKey.addCertification(ring.getPublicKey(), sig);
        return Certificate.parse(PGPPublicKeyRing.insertPublicKey(ring, revoked).getEncoded());
    }
}
