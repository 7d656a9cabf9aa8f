package org.caravan.core.pkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionTest {

    /** SemVer 2.0.0 section 11's example chain, extended by patch and a two-digit minor. */
    private static final List<String> ASCENDING = List.of(
            "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
            "1.0.0-rc.1", "1.0.0", "1.0.1", "1.2.0", "1.10.0", "2.0.0");

    @Test
    void precedenceFollowsSemver() {
        for (int i = 0; i + 1 < ASCENDING.size(); i++) {
            Version lower = Version.parse(ASCENDING.get(i));
            Version higher = Version.parse(ASCENDING.get(i + 1));
            assertTrue(lower.compareTo(higher) < 0, lower + " < " + higher);
            assertTrue(higher.compareTo(lower) > 0, higher + " > " + lower);
            assertTrue(higher.isNewerThan(lower));
            assertFalse(lower.isNewerThan(higher));
        }
    }

    @Test
    void sortingShuffledVersionsRestoresTheOrder() {
        List<Version> versions = new ArrayList<>();
        ASCENDING.forEach(v -> versions.add(Version.parse(v)));
        Collections.shuffle(versions, new Random(42));
        Collections.sort(versions);
        assertEquals(ASCENDING, versions.stream().map(Version::toString).toList());
    }

    @Test
    void buildMetadataDoesNotChangePrecedenceButIsKept() {
        Version a = Version.parse("1.0.0+build.1");
        Version b = Version.parse("1.0.0+build.2");
        assertEquals(0, a.compareTo(b));
        assertNotEquals(a, b);
        assertEquals("1.0.0+build.1", a.toString());
        assertEquals(List.of("build", "1"), a.build());
    }

    @Test
    void numericPreReleaseIdentifiersCompareAsNumbersOfAnySize() {
        assertTrue(Version.parse("1.0.0-9").compareTo(Version.parse("1.0.0-10")) < 0);
        assertTrue(Version.parse("1.0.0-99999999999999999999").compareTo(Version.parse("1.0.0-100000000000000000000")) < 0);
        assertTrue(Version.parse("1.0.0-999").compareTo(Version.parse("1.0.0-a")) < 0, "numeric < alphanumeric");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0", "1.2.3", "10.20.30", "1.0.0-rc.1+build.5", "1.0.0-0A.is.legal", "1.0.0+001"})
    void validTextRoundTrips(String text) {
        assertEquals(text, Version.parse(text).toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1.0|expected MAJOR.MINOR.PATCH",
            "1.0.0.0|expected MAJOR.MINOR.PATCH",
            "v1.0.0|major part 'v1'",
            "01.0.0|without leading zeros",
            "1.0.0-|pre-release identifier ''",
            "1.0.0-01|leading zero",
            "1.0.0-a..b|pre-release identifier ''",
            "1.x.0|minor part 'x'",
            "1.0.0+|build metadata identifier ''",
            "1.0.0-beta_1|[0-9A-Za-z-]",
            "99999999999999999999.0.0|too large",
            "1.-1.0|expected MAJOR.MINOR.PATCH"
    })
    void badTextIsRefusedWithTheTextAndTheReason(String text, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Version.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void emptyAndMissingVersionsAreRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Version.parse(""))
                .getMessage().contains("invalid version ''"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Version.parse(null))
                .getMessage().contains("missing"));
    }
}
