package org.caravan.keyring.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.testing.Personas;
import org.junit.jupiter.api.Test;

/** A new root set needs k of the old roots and k of the new ones; versions cannot be skipped. */
class RootRotationTest {
    static final SecretKey ROOT = Personas.secretKey("root");
    static final SecretKey SECOND = Personas.secretKey("second-root");
    static final SecretKey THIRD = TrustWebs.extra("third-root");
    static final RootSet V1 = new RootSet(1, List.of(ROOT.certificate()), 1);
    static final RootSet V2 = new RootSet(2, List.of(ROOT.certificate(), SECOND.certificate()), 2);
    static final RootSet V3 = new RootSet(3, List.of(SECOND.certificate(), THIRD.certificate()), 1);

    private static RootRotation.Decision verify(RootSet from, RootSet to, SecretKey... signers) {
        List<String> sigs = java.util.Arrays.stream(signers).map(k -> RootRotation.sign(k, to, Personas.SIGNED)).toList();
        return RootRotation.verify(from, to, sigs, Personas.LATER);
    }

    private static String refusal(RootRotation.Decision d) {
        return assertInstanceOf(RootRotation.Decision.Refused.class, d, d.toString()).reason();
    }

    @Test
    void aRotationSignedByTheOldAndTheNewQuorumsIsAccepted() {
        RootRotation.Decision.Accepted a = assertInstanceOf(RootRotation.Decision.Accepted.class,
                verify(V1, V2, ROOT, SECOND));
        assertEquals(List.of(Personas.ROOT), a.oldSigners());
        assertEquals(2, a.newSigners().size());
    }

    @Test
    void theNewRootsAloneCannotTakeOver() {
        assertTrue(refusal(verify(V2, V3, THIRD)).contains("signed by 0 of the 2 current roots, but version 2 requires 2"));
        assertTrue(refusal(verify(V2, V3, SECOND, THIRD)).contains("signed by 1 of the 2 current roots"));
    }

    @Test
    void theNewSetMustReachItsOwnThreshold() {
        assertTrue(refusal(verify(V1, V2, ROOT)).contains("signed by 1 of its own 2 roots, but it requires 2"));
    }

    @Test
    void skippingAVersionIsRefused() {
        assertTrue(refusal(verify(V1, V3, ROOT, SECOND, THIRD)).contains("skips version 2"));
    }

    @Test
    void anOlderOrEqualVersionIsRefused() {
        assertTrue(refusal(verify(V2, V1, ROOT, SECOND)).contains("not newer"));
    }

    @Test
    void aChainIsWalkedOneVersionAtATime() {
        RootRotation.Signed s2 = new RootRotation.Signed(V2, List.of(RootRotation.sign(ROOT, V2, Personas.SIGNED),
                RootRotation.sign(SECOND, V2, Personas.SIGNED)));
        RootRotation.Signed s3 = new RootRotation.Signed(V3, List.of(RootRotation.sign(ROOT, V3, Personas.SIGNED),
                RootRotation.sign(SECOND, V3, Personas.SIGNED)));
        RootRotation.Decision d = RootRotation.verifyChain(V1, List.of(s2, s3), Personas.LATER);
        assertEquals(V3, assertInstanceOf(RootRotation.Decision.Accepted.class, d).roots());
        RootRotation.Signed badS3 = new RootRotation.Signed(V3, List.of(RootRotation.sign(THIRD, V3, Personas.SIGNED)));
        assertTrue(refusal(RootRotation.verifyChain(V1, List.of(s2, badS3), Personas.LATER)).contains("version 3"));
    }

    @Test
    void aSignatureOverADifferentSetDoesNotCount() {
        RootSet forged = new RootSet(2, List.of(ROOT.certificate(), THIRD.certificate()), 1);
        String sigOverV2 = RootRotation.sign(ROOT, V2, Personas.SIGNED);
        assertTrue(refusal(RootRotation.verify(V1, forged, List.of(sigOverV2), Personas.LATER))
                .contains("signed by 0 of the 1 current roots"));
    }

    @Test
    void aSignatureFromTheFutureDoesNotCount() {
        String late = RootRotation.sign(ROOT, V2, Personas.LATER.plusSeconds(60));
        String second = RootRotation.sign(SECOND, V2, Personas.SIGNED);
        assertTrue(refusal(RootRotation.verify(V1, V2, List.of(late, second), Personas.LATER)).contains("0 of the 1"));
        Certificate unused = THIRD.certificate();
        assertEquals(unused.fingerprint(), THIRD.fingerprint());
    }
}
