package org.caravan.core.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.caravan.core.net.StoreMagnet;
import org.caravan.keyring.trust.RootSet;
import org.junit.jupiter.api.Test;

/** The root set a magnet vouches for: its text form, its place in a magnet, and the check on a catalog. */
class RootPinTest {
    static final String A = "A".repeat(40);
    static final String B = "B".repeat(40);
    static final String C = "C".repeat(40);
    static final String CHANNEL = "magnet:?xs=urn:btpk:" + "ab".repeat(32) + "&s=00";
    static final SignedRootSet V1 = new SignedRootSet(1, 1, List.of(A), List.of());
    static final SignedRootSet V2 = new SignedRootSet(2, 2, List.of(B, A), List.of("sig"));

    static Catalog under(List<SignedRootSet> history) {
        SignedRootSet current = history.get(history.size() - 1);
        StorePolicy p = StorePolicy.DEFAULT;
        StorePolicy policy = new StorePolicy(p.levels(), p.catalogLifetimeSeconds(), p.publishLevel(), p.mentorLevel(),
                p.maintainerLevel(), p.promotions(), p.mentorCoSignatures(), current.threshold());
        return new Catalog(1, "ab".repeat(32), "Store", 5, Instant.parse("2026-02-01T00:00:00Z"),
                Instant.parse("2026-02-08T00:00:00Z"), null, current.roots(), "12".repeat(32), policy, List.of(),
                history.size() == 1 ? List.of() : history);
    }

    @Test
    void thePinIsTheHashOfTheSetsCanonicalBytes() {
        RootPin pin = RootPin.of(V2);
        assertEquals(2, pin.version());
        assertEquals(Sha256.hex(("caravan-root-set 1\nversion 2\nthreshold 2\nroot " + A + "\nroot " + B + "\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII)), pin.sha256());
        assertEquals(pin.sha256(), Sha256.hex(RootSet.canonicalBytes(2, 2, List.of(A, B))), "the bytes the roots sign");
        assertEquals(pin, RootPin.parse(pin.toString()));
        assertNotEquals(pin, RootPin.of(new SignedRootSet(2, 1, List.of(A, B), List.of("sig"))), "k is pinned too");
    }

    @Test
    void aMagnetCarriesAtMostOnePinAndStaysAChannelMagnet() {
        String pinned = CHANNEL + RootPin.of(V2).magnetParam();
        assertTrue(pinned.contains("&x.roots=2-"), pinned);
        assertEquals(Optional.of(RootPin.of(V2)), RootPin.inMagnet(pinned));
        assertEquals(StoreMagnet.parse(CHANNEL), StoreMagnet.parse(pinned), "older clients read the channel and skip it");
        assertEquals(Optional.empty(), RootPin.inMagnet(CHANNEL));
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> RootPin.inMagnet(pinned + RootPin.of(V1).magnetParam()));
        assertTrue(twice.getMessage().contains("names two root pins"), twice.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> RootPin.inMagnet(CHANNEL + "&x.roots=2-abc"));
        assertTrue(bad.getMessage().startsWith("store magnet: bad root pin '2-abc': expected VERSION-SHA256"), bad.getMessage());
        assertTrue(bad.getMessage().endsWith(CHANNEL + "&x.roots=2-abc'"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RootPin.parse("0-" + "0".repeat(64)));
    }

    @Test
    void aCatalogMustHoldThePinnedSetAtItsVersion() {
        RootPin pin = RootPin.of(V2);
        pin.check(under(List.of(V1, V2)));
        SignedRootSet v3 = new SignedRootSet(3, 1, List.of(C), List.of("sig"));
        pin.check(under(List.of(V1, V2, v3)));

        IllegalStateException older = assertThrows(IllegalStateException.class, () -> pin.check(under(List.of(V1))));
        assertTrue(older.getMessage().contains("signed under root set version 1, older than version 2 the store's magnet"
                + " names"), older.getMessage());
        SignedRootSet forged = new SignedRootSet(2, 1, List.of(A), List.of("sig"));
        IllegalStateException fork = assertThrows(IllegalStateException.class,
                () -> pin.check(under(List.of(V1, forged))));
        assertTrue(fork.getMessage().contains("the catalog's root set version 2 is not the one the store's magnet names"),
                fork.getMessage());
        assertTrue(fork.getMessage().contains("a forged root history"), fork.getMessage());
        RootPin.of(V1).check(under(List.of(V1)));
    }
}
