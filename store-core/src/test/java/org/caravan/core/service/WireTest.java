package org.caravan.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.caravan.core.catalog.Release;
import org.caravan.core.catalog.SignerClaim;
import org.caravan.core.client.AppEntry;
import org.caravan.core.client.AppPage;
import org.caravan.core.client.ReleaseStanding;
import org.caravan.core.client.TrustState;
import org.caravan.keyring.key.Fingerprint;
import org.caravan.keyring.trust.KeyRef;
import org.caravan.keyring.trust.Level;
import org.caravan.keyring.trust.LocalOverride;
import org.caravan.keyring.trust.Scope;
import org.caravan.keyring.trust.TrustDecision;
import org.junit.jupiter.api.Test;

/**
 * What a window that uses a running service receives is what the embedded client would have given it: an app page
 * whose releases carry their trust decisions (values of a sealed type inside a record), and a release without
 * mirrors or notes (fields a catalog omits when empty).
 */
class WireTest {
    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");
    private static final Fingerprint ROOT = Fingerprint.of("a".repeat(40));
    private static final Fingerprint DEV = Fingerprint.of("b".repeat(40));

    private static ReleaseStanding standing(String version, TrustDecision decision, TrustState state) {
        Release r = new Release(version, "app", "c".repeat(40), "d".repeat(64), 1234, "app-" + version + ".car",
                List.of(new SignerClaim(DEV.hex(), AT)), List.of("-----BEGIN PGP SIGNATURE-----"), List.of(), "");
        return new ReleaseStanding("e".repeat(64), "Demo", "org.example.app", "App", "an app", "tools", r,
                "Dev <dev@example.org>", decision, state);
    }

    @Test
    void anAppPageCrossesWithItsTrustDecisions() throws IOException {
        TrustDecision trusted = new TrustDecision.Trusted(List.of(new KeyRef(ROOT, "Root"), new KeyRef(DEV, "Dev")),
                new Level(2, "developer"), new Scope("app:org.example.app"), List.of(), AT, "certified by Root");
        TrustDecision refused = new TrustDecision.Refused(TrustDecision.Rule.REVOKED, "the signer was revoked", DEV, AT);
        AppEntry entry = new AppEntry("Demo", "org.example.app", "App", "an app", "tools", "2.0", "Dev", DEV.hex(),
                TrustState.TRUSTED, "1.0", trusted.explain());
        AppPage page = new AppPage(entry, null, List.of(standing("2.0", trusted, TrustState.TRUSTED),
                standing("1.0", refused, TrustState.SPURIOUS)), "0.9");

        JsonNode sent = Wire.JSON.readTree(Wire.write(Wire.encode(page)));
        assertEquals(page, Wire.decode(sent, AppPage.class));
    }

    @Test
    void overridesCrossAsTheirOwnShapes() throws IOException {
        List<LocalOverride> overrides = List.of(new LocalOverride.TrustForApp(DEV, "org.example.app"),
                new LocalOverride.Distrust(ROOT));
        for (LocalOverride o : overrides) {
            assertEquals(o, Wire.decode(Wire.JSON.readTree(Wire.write(Wire.encode(o))), LocalOverride.class));
        }
    }

    /** A forwarded install keeps whether a rule refused it or something failed: the CLI's exit code depends on it. */
    @Test
    void outcomesKeepTheirCause() throws IOException {
        List<org.caravan.core.client.InstallOutcome> outcomes = List.of(
                org.caravan.core.client.InstallOutcome.Failed.refused("org.example.app", "refusing to downgrade"),
                new org.caravan.core.client.InstallOutcome.Failed("org.example.app", "no peer holds it"));
        for (var o : outcomes) {
            assertEquals(o, Wire.decode(Wire.JSON.readTree(Wire.write(Wire.encode(o))),
                    org.caravan.core.client.InstallOutcome.class));
        }
        var change = org.caravan.core.client.AppChange.Refused.byRule("org.example.app", "will not roll back");
        assertEquals(change, Wire.decode(Wire.JSON.readTree(Wire.write(Wire.encode(change))),
                org.caravan.core.client.AppChange.class));
    }

    @Test
    void aClassOutsideCaravanIsNotReadFromTheWire() throws IOException {
        JsonNode hostile = Wire.JSON.readTree("{\"app\":null,\"details\":null,\"previousVersion\":null,\"releases\":[{"
                + "\"decision\":{\"@class\":\"java.lang.ProcessBuilder\"}}]}");
        assertThrows(IOException.class, () -> Wire.decode(hostile, AppPage.class));
    }
}
