package org.caravan.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.caravan.core.catalog.RootPin;
import org.caravan.core.net.StoreMagnet;

/**
 * Store magnets as users paste them ({@code client subscribe MAGNET}): {@code magnet:?xs=urn:btpk:KEY&s=SALT}
 * with an optional root pin ({@code &x.roots=VERSION-SHA256}). A magnet is accepted or refused with an
 * {@link IllegalArgumentException} that names it; an accepted one formats to a magnet that parses to itself.
 * (Caravan has no {@code caravan:} link scheme; magnets are the only links it reads.)
 */
class MagnetFuzzTest {
    @FuzzTest
    void storeMagnet(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        StoreMagnet magnet;
        try {
            magnet = StoreMagnet.parse(text);
        } catch (IllegalArgumentException refused) {
            Refusals.check(refused, "magnet");
            return;
        }
        StoreMagnet again = StoreMagnet.parse(magnet.format());
        assertEquals(magnet, again, "magnet round trip");
        assertEquals(magnet.format(), again.format(), "canonical form is stable");
        Optional<RootPin> pin;
        try {
            pin = RootPin.inMagnet(text);
        } catch (IllegalArgumentException refused) {
            Refusals.check(refused, "magnet");
            return;
        }
        pin.ifPresent(p -> {
            assertEquals(p, RootPin.parse(p.toString()), "root pin round trip");
            assertEquals(pin, RootPin.inMagnet(magnet.format() + p.magnetParam()), "a pin survives the canonical magnet");
        });
    }
}
