package org.caravan.gui.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.caravan.core.client.AppEntry;
import org.caravan.core.client.TrustState;
import org.junit.jupiter.api.Test;

/** Search as you type over the apps the window holds: what a user typing into the search box sees listed. */
class AppFinderTest {

    private static AppEntry app(String id, String name, String summary, String category) {
        return new AppEntry("Demo", id, name, summary, category, "1.0", "dev", "ABCD", TrustState.TRUSTED, null, "ok");
    }

    private static final List<AppEntry> APPS = List.of(
            app("org.demo.chess", "Chess", "Play chess against the computer", "games"),
            app("org.demo.notes", "Notes", "Write notes, paint sketches", "office"),
            app("org.demo.paint", "Paint", "Draw and paint pictures", "graphics"),
            app("org.demo.painter", "Painter Pro", "Edit photos", "graphics"),
            app("org.demo.player", "Fast Player", "Plays music fast", "audio"));

    private static List<String> ids(List<AppEntry> apps) {
        return apps.stream().map(AppEntry::appId).toList();
    }

    @Test
    void aWordsBeginningFindsItAndNameMatchesComeFirst() {
        AppFinder f = AppFinder.of(APPS);
        // "pai" begins Paint and Painter (names) and "paint" in the summary of Notes; names rank first.
        assertEquals(List.of("org.demo.paint", "org.demo.painter", "org.demo.notes"), ids(f.find("pai", null, 10)));
        // The whole word ranks above a word it only begins.
        assertEquals(List.of("org.demo.paint", "org.demo.painter", "org.demo.notes"), ids(f.find("Paint", null, 10)));
        assertEquals(List.of("org.demo.painter"), ids(f.find("painter", null, 10)));
    }

    @Test
    void everyWordMustMatchInNameIdOrSummary() {
        AppFinder f = AppFinder.of(APPS);
        assertEquals(List.of("org.demo.player"), ids(f.find("fast player", null, 10)));
        assertEquals(List.of("org.demo.chess"), ids(f.find("org.demo.chess", null, 10)));
        assertEquals(List.of(), ids(f.find("chess paint", null, 10)));
        assertEquals(List.of(), ids(f.find("ess", null, 10)), "a word's middle is no match");
    }

    @Test
    void categoryAndLimitNarrowTheListAndBlankListsAllInOrder() {
        AppFinder f = AppFinder.of(APPS);
        assertEquals(List.of("org.demo.paint", "org.demo.painter"), ids(f.find("pai", "graphics", 10)));
        assertEquals(List.of("org.demo.paint"), ids(f.find("pai", null, 1)));
        assertEquals(ids(APPS), ids(f.find("  ", null, 10)));
        assertEquals(List.of("org.demo.paint", "org.demo.painter"), ids(f.find("", "Graphics", 10)));
    }

    @Test
    void anAppsKeywordsFindItAsItsSummaryWouldDo() {
        AppFinder f = AppFinder.of(APPS, java.util.Map.of("org.demo.chess", "board strategy"));
        assertEquals(List.of("org.demo.chess"), ids(f.find("strat", null, 10)));
        assertEquals(List.of(), ids(AppFinder.of(APPS).find("strat", null, 10)));
    }

    @Test
    void typingOnNarrowsAndTypingBackWidensAgain() {
        AppFinder f = AppFinder.of(APPS);
        assertEquals(List.of("org.demo.paint", "org.demo.painter", "org.demo.notes"), ids(f.find("pa", null, 10)));
        assertEquals(List.of("org.demo.painter"), ids(f.find("painte", null, 10)));
        // Back to a shorter word, another category, a second word: each answered in full again.
        assertEquals(List.of("org.demo.paint", "org.demo.painter", "org.demo.notes"), ids(f.find("pai", null, 10)));
        assertEquals(List.of("org.demo.notes"), ids(f.find("pai", "office", 10)));
        assertEquals(List.of("org.demo.player"), ids(f.find("p", "audio", 10)));
        assertEquals(List.of("org.demo.player"), ids(f.find("pl fa", null, 10)));
        assertEquals(List.of("org.demo.chess"), ids(f.find("ch", null, 10)));
    }

    @Test
    void theBestMatchesSurviveTheLimitWhereverTheyAreInTheList() {
        List<AppEntry> many = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            many.add(app("org.bulk.a" + i, "Tool " + i, "an editor of sorts", "misc"));
        }
        many.add(app("org.bulk.editor", "Editor", "edits", "misc"));
        List<AppEntry> found = AppFinder.of(many).find("editor", null, 50);
        assertEquals(50, found.size());
        assertEquals("org.bulk.editor", found.get(0).appId());
        assertEquals("org.bulk.a0", found.get(1).appId());
    }
}
