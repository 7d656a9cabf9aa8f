package org.caravan.keyring.trust;

import static org.caravan.keyring.trust.TrustAssertions.trusted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.bcpg.RSAPublicBCPGKey;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;
import org.caravan.keyring.key.Bc;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.sign.SignatureCheck;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.testing.Signing;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attack: a certificate that shares another key's 64-bit key id. A v4 key id is the low 64 bits of a SHA-1
 * fingerprint (out of reach), but a v3 RSA key's id is the low 64 bits of its modulus, which anyone can choose:
 * Mallory makes one with the mentor's key id and gets it listed in the store's keyring ahead of the mentor's.
 * Signatures and certifications must still be matched to the key that made them (by issuer fingerprint, then by
 * verifying), so the mentor's co-signatures and certifications keep counting and Mallory's key gains nothing.
 */
class KeyIdCollisionTest {
    static Certificate mallory;

    @BeforeAll
    static void forgeACollidingKey() throws Exception {
        mallory = v3KeyWithKeyId(keyId(Personas.certificate("mentor")), "Mallory <mallory@caravan.test>");
    }

    static long keyId(Certificate c) {
        return Bc.of(c).getPrimaryKey().getPGPPublicKey().getKeyID();
    }

    /** The persona keyring with Mallory's certificate first, where a first-match lookup would find it. */
    static TrustWeb malloryFirst() {
        List<Certificate> keys = new ArrayList<>();
        keys.add(mallory);
        keys.addAll(Personas.keyring());
        return new TrustWeb(Personas.roots(), keys);
    }

    @Test
    void theForgedCertificateReallySharesTheMentorsKeyId() {
        assertEquals(keyId(Personas.certificate("mentor")), keyId(mallory));
        assertNotEquals(Personas.MENTOR, mallory.fingerprint());
    }

    @Test
    void aSignatureIsCheckedAgainstTheKeyItNamesNotTheFirstWithItsKeyId() {
        TrustWeb web = malloryFirst();
        List<SignatureCheck> checks = Signing.checks(web, Personas.SIGNED, "mentor");
        assertEquals(Personas.MENTOR, assertInstanceOf(SignatureCheck.Valid.class, checks.get(0), checks.toString())
                .signer());
    }

    @Test
    void theMentorsCoSignatureStillMakesANewcomersPackageInstallable() {
        TrustWeb web = malloryFirst();
        TrustDecision.Trusted t = trusted(TrustAssertions.ENGINE.decide(web,
                Signing.checks(web, Personas.SIGNED, "newcomer", "mentor"), MentoringTest.HELLO_GAME, Personas.SIGNED));
        assertEquals(List.of(Personas.MENTOR), t.coSigners().stream().map(KeyRef::fingerprint).toList());
    }

    @Test
    void aCertificationByTheMentorStillCountsAndMalloryIsNotCertifiedByIt() {
        // The mentor vouches for a newcomer in its category; Mallory's key, sharing the id, is certified by nobody.
        Certificate vouched = TrustWebs.certify("mentor", Personas.certificate("newcomer"), Level.NEWCOMER,
                "category:games", Personas.CERTIFIED);
        List<Certificate> keys = new ArrayList<>();
        keys.add(mallory);
        for (Certificate c : Personas.keyring()) {
            keys.add(c.fingerprint().equals(Personas.NEWCOMER) ? c.mergedWith(vouched) : c);
        }
        TrustWeb web = new TrustWeb(Personas.roots(), keys);
        WebIndex index = new WebIndex(web, CryptoPolicy.DEFAULT);
        assertTrue(index.nodes.get(Personas.NEWCOMER).byIssuer().containsKey(Personas.MENTOR),
                index.nodes.get(Personas.NEWCOMER).byIssuer().toString());
        assertEquals(List.of(), List.copyOf(index.nodes.get(mallory.fingerprint()).byIssuer().keySet()));
    }

    /**
     * An RSA-2048 key in a v3 packet whose modulus ends in {@code keyId}: p random, q chosen with
     * q = keyId / p (mod 2^64) in its low 64 bits and random above, until q is prime.
     */
    static Certificate v3KeyWithKeyId(long keyId, String userId) throws Exception {
        SecureRandom random = new SecureRandom();
        BigInteger e = BigInteger.valueOf(65537);
        BigInteger m = BigInteger.ONE.shiftLeft(64);
        BigInteger target = new BigInteger(Long.toUnsignedString(keyId));
        if (!target.testBit(0)) {
            throw new IllegalArgumentException("an RSA modulus is odd; key id " + Long.toHexString(keyId) + " is even");
        }
        BigInteger p;
        do {
            p = BigInteger.probablePrime(1024, random);
        } while (!p.subtract(BigInteger.ONE).gcd(e).equals(BigInteger.ONE));
        BigInteger low = target.multiply(p.modInverse(m)).mod(m);
        BigInteger q;
        do {
            q = new BigInteger(1024, random).setBit(1023).setBit(1022).shiftRight(64).shiftLeft(64).or(low);
        } while (!q.isProbablePrime(64) || !q.subtract(BigInteger.ONE).gcd(e).equals(BigInteger.ONE));
        BigInteger n = p.multiply(q);
        BigInteger d = e.modInverse(p.subtract(BigInteger.ONE).multiply(q.subtract(BigInteger.ONE)));
        RSAPrivateCrtKeyParameters priv = new RSAPrivateCrtKeyParameters(n, e, d, p, q,
                d.mod(p.subtract(BigInteger.ONE)), d.mod(q.subtract(BigInteger.ONE)), q.modInverse(p));
        Date created = Date.from(Personas.CREATED);
        BcPGPKeyPair v4 = new BcPGPKeyPair(PublicKeyAlgorithmTags.RSA_GENERAL,
                new AsymmetricCipherKeyPair(new RSAKeyParameters(false, n, e), priv), created);
        PublicKeyPacket packet = new PublicKeyPacket(PublicKeyPacket.VERSION_3, PublicKeyAlgorithmTags.RSA_GENERAL,
                created, (RSAPublicBCPGKey) v4.getPublicKey().getPublicKeyPacket().getKey());
        PGPPublicKey pub = new PGPPublicKey(packet, new BcKeyFingerprintCalculator());
        PGPPrivateKey secret = new PGPPrivateKey(pub.getKeyID(), packet, v4.getPrivateKey().getPrivateKeyDataPacket());
        PGPSignature self = FixtureKeys.v3Signature(secret, pub, PGPSignature.POSITIVE_CERTIFICATION, Personas.CREATED,
                FixtureKeys.v3CertificationContent(pub, userId));
        return Certificate.parse(new PGPPublicKeyRing(List.of(PGPPublicKey.addCertification(pub, userId, self)))
                .getEncoded());
    }
}
