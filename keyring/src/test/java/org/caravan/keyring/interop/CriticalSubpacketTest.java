package org.caravan.keyring.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.bcpg.SignatureSubpacket;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.sign.SignatureCheck;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.testing.RawSignatures;
import org.caravan.keyring.trust.Subject;
import org.caravan.keyring.trust.TrustDecision;
import org.caravan.keyring.trust.TrustEngine;
import org.caravan.keyring.trust.TrustWeb;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 9580 5.2.3.7: a signature with a critical subpacket or notation the reader does not know is invalid.
 * Bouncy Castle parses and verifies such signatures silently; Caravan refuses them, as gpg does, in package
 * signatures and in certifications, while its own scope notation stays valid when marked critical. A trust
 * signature restricted by a Regular Expression (gpg tsign with a domain, sq certify --regex) is refused with
 * that reason: Caravan limits a certification by its scope, and ignoring the regex would widen it.
 */
class CriticalSubpacketTest {
    static final Subject EDITOR = new Subject("org.example.editor", "tools", "app");
    static final byte[] DATA = "a package\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    Path data;

    @BeforeEach
    void files() throws Exception {
        data = dir.resolve("app.car");
        Files.write(data, DATA);
    }

    static Instant now() {
        return Instant.ofEpochSecond(Instant.now().getEpochSecond());
    }

    static SignatureCheck check(String armored, Certificate signer) {
        return DetachedSignatures.verify(DATA, armored.getBytes(StandardCharsets.US_ASCII), List.of(signer)).get(0);
    }

    @Test
    void anUnknownCriticalSubpacketMakesADataSignatureInvalidAndANonCriticalOneDoesNot() {
        SecretKey dev = Personas.secretKey("developer");
        byte[] body = {1, 2, 3};
        assertInstanceOf(SignatureCheck.Valid.class, check(RawSignatures.data(dev, DATA, Personas.SIGNED,
                g -> g.addCustomSubpacket(new SignatureSubpacket(105, false, false, body) {})), dev.certificate()));
        SignatureCheck.Invalid invalid = assertInstanceOf(SignatureCheck.Invalid.class, check(RawSignatures.data(dev, DATA,
                Personas.SIGNED, g -> g.addCustomSubpacket(new SignatureSubpacket(105, true, false, body) {})),
                dev.certificate()));
        assertEquals("signature by " + dev.fingerprint() + " carries a critical subpacket of unknown type 105, which makes "
                + "it invalid (RFC 9580 5.2.3.7); it must be made again without it", invalid.reason());
    }

    @Test
    void aCriticalNotationGpgWritesIsInvalidUnlessItIsCaravansScope() throws Exception {
        Assumptions.assumeTrue(GnuPG.available(), "gpg is not on the PATH");
        try (GnuPG gpg = new GnuPG(Files.createDirectory(dir.resolve("g")))) {
            gpg.ok("--quick-gen-key", "Dev <dev@caravan.test>", "ed25519");
            Certificate cert = gpg.certificate("dev@caravan.test");
            Path sig = dir.resolve("app.car.asc");
            gpg.ok("--armor", "--sig-notation", "release@example.org=1", "--detach-sign", "-o", sig.toString(),
                    data.toString());
            assertInstanceOf(SignatureCheck.Valid.class, check(Files.readString(sig), cert));
            Files.delete(sig);
            gpg.ok("--armor", "--sig-notation", "!release@example.org=1", "--detach-sign", "-o", sig.toString(),
                    data.toString());
            SignatureCheck.Invalid invalid = assertInstanceOf(SignatureCheck.Invalid.class,
                    check(Files.readString(sig), cert));
            assertTrue(invalid.reason().contains("carries the critical notation 'release@example.org', unknown to Caravan"),
                    invalid.reason());
            assertTrue(gpg.run("--verify", sig.toString(), data.toString()).exit() != 0, "gpg refuses it too");
            Files.delete(sig);
            gpg.ok("--armor", "--sig-notation", "!scope@caravan.org=global", "--detach-sign", "-o", sig.toString(),
                    data.toString());
            assertInstanceOf(SignatureCheck.Valid.class, check(Files.readString(sig), cert));
        }
    }

    /** The store root, a gpg key, certifies the developer persona with gpg tsign; the engine judges a package. */
    TrustDecision gpgCertified(String regexDomain, String... notations) throws Exception {
        Assumptions.assumeTrue(GnuPG.available(), "gpg is not on the PATH");
        try (GnuPG gpg = new GnuPG(Files.createDirectory(dir.resolve("g")))) {
            gpg.ok("--quick-gen-key", "Root <root@caravan.test>", "ed25519");
            String root = gpg.fingerprint("root@caravan.test");
            Path dev = dir.resolve("developer.asc");
            Files.writeString(dev, Personas.certificate("developer").armored());
            gpg.ok("--import", dev.toString());
            List<String> args = new java.util.ArrayList<>(List.of("--command-fd", "0", "-u", root));
            for (String n : notations) {
                args.addAll(List.of("--cert-notation", n));
            }
            args.addAll(List.of("--edit-key", Personas.DEVELOPER.hex(), "tsign", "save"));
            GnuPG.Result r = gpg.runWithInput("2\n1\n" + regexDomain + "\ny\n", args.toArray(String[]::new));
            assertEquals(0, r.exit(), r.err());
            TrustWeb web = new TrustWeb(List.of(gpg.certificate(root)), List.of(gpg.certificate(Personas.DEVELOPER.hex())));
            Instant t = now();
            return new TrustEngine().decide(web, List.of(check(DetachedSignatures.sign(Personas.secretKey("developer"),
                    DATA, t), web.keys().get(0))), EDITOR, t);
        }
    }

    @Test
    void aGpgTrustSignatureWithTheScopeNotationCertifies() throws Exception {
        assertInstanceOf(TrustDecision.Trusted.class, gpgCertified("", "scope@caravan.org=global"));
    }

    @Test
    void aCriticalScopeNotationIsKnown() throws Exception {
        assertInstanceOf(TrustDecision.Trusted.class, gpgCertified("", "!scope@caravan.org=global"));
    }

    @Test
    void aCertificationWithAnUnknownCriticalNotationDoesNotCount() throws Exception {
        TrustDecision.Refused refused = assertInstanceOf(TrustDecision.Refused.class,
                gpgCertified("", "scope@caravan.org=global", "!policy@example.org=strict"));
        assertTrue(refused.explain().contains("carries the critical notation 'policy@example.org', unknown to Caravan"),
                refused.explain());
    }

    @Test
    void aTrustSignatureRestrictedByARegularExpressionIsRefusedWithThatReason() throws Exception {
        TrustDecision.Refused refused = assertInstanceOf(TrustDecision.Refused.class,
                gpgCertified("caravan.test", "scope@caravan.org=global"));
        assertTrue(refused.explain().contains("carries a Regular Expression")
                && refused.explain().contains("caravan\\.test"), refused.explain());
    }
}
