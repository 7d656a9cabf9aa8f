package org.caravan.tools.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How {@link UserGuideIT} reads a guide: which blocks run, what they must print, which are left out. */
class GuideDocumentTest {
    static final String DOC = """
            # Guide
            ## Keys
            ```sh
            caravan key generate --out a.key
            ```
            ```output
            <fingerprint> Alice <alice@example.org> (unprotected)
            ```
            Some text.
            <!-- guide-test: skip it opens a window -->
            ```sh
            caravan demo
            ```
            - a list item:
              ```sh
              caravan store init --dir store
              ```
            ```json
            {"not": "run"}
            ```
            """;

    @Test
    void shellBlocksRunInOrderWithTheirOutputAndSkips() {
        GuideDocument d = GuideDocument.parse("doc", DOC);
        assertEquals(3, d.steps().size());
        assertEquals("caravan key generate --out a.key\n", d.steps().get(0).script());
        assertEquals(Optional.of(List.of("<fingerprint> Alice <alice@example.org> (unprotected)")), d.steps().get(0).expected());
        assertEquals("Keys", d.steps().get(0).section());
        assertEquals(Optional.of("it opens a window"), d.steps().get(1).skipped());
        assertEquals("caravan store init --dir store\n", d.steps().get(2).script(), "the list item's indentation is removed");
        assertTrue(d.steps().get(2).skipped().isEmpty());
    }

    @Test
    void anOutputBlockMustFollowAShellBlock() {
        assertThrows(IllegalArgumentException.class, () -> GuideDocument.parse("doc", "text\n```output\nx\n```\n"));
        assertThrows(IllegalArgumentException.class, () -> GuideDocument.parse("doc", "```sh\nls\n```\nprose\n```output\nx\n```\n"));
    }

    @Test
    void shownLinesAppearInOrderWithPlaceholders() {
        List<String> printed = List.of("7BF2 Alice <alice@example.org> (unprotected)", "noise",
                "published generation 3 (store/generations/generation-3.cgen)");
        assertEquals(Optional.empty(), GuideDocument.missingLine(
                List.of("<fingerprint> Alice <alice@example.org> (unprotected)", "published generation <n> ..."), printed));
        assertEquals(Optional.of("published generation 4 ..."),
                GuideDocument.missingLine(List.of("published generation 4 ..."), printed));
        assertEquals(Optional.of("<fingerprint> Alice <alice@example.org> (unprotected)"), GuideDocument.missingLine(
                List.of("published generation <n> ...", "<fingerprint> Alice <alice@example.org> (unprotected)"), printed),
                "out of order");
        assertEquals(Optional.of("<word> Alice"), GuideDocument.missingLine(List.of("<word> Alice"),
                List.of("two words Alice")), "a placeholder is one word");
    }
}
