package org.caravan.gui.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.caravan.core.client.AppEntry;

/**
 * Search as you type over the apps the window has already read, in memory: at 100 000 apps a keystroke costs a
 * few milliseconds here, where asking the client costs a query plus a trust decision per hit (100-350 ms). It
 * answers as the client's search does: every word of the text must match a word of the app's name (or id) or
 * summary, whole or as its beginning ("pai" finds Paint); name matches rank first, then whole words, then the
 * list's own order (by name). Built off the FX thread; searches are serialised (each remembers what it matched, for the next keystroke).
 */
final class AppFinder {
    /** Score of one typed word, by where it matched: the client's search weighs name matches the same way. */
    private static final int NAME_WHOLE = 6;
    private static final int NAME_START = 4;
    private static final int SUMMARY_WHOLE = 2;
    private static final int SUMMARY_START = 1;

    private final List<AppEntry> apps;
    /** Per app, its words lower-cased and separated by one space, with a space in front: " paint org demo". */
    private final String[] names;
    private final String[] summaries;
    /** The last search's words, category and every app it matched (by index), for the next keystroke. */
    private String[] lastWords;
    private String lastCategory;
    private int[] lastMatched;

    private AppFinder(List<AppEntry> apps, java.util.Map<String, String> keywords) {
        this.apps = List.copyOf(apps);
        this.names = new String[this.apps.size()];
        this.summaries = new String[this.apps.size()];
        // On every core: at 100 000 apps this is what the first key typed after a full read waits for.
        java.util.stream.IntStream.range(0, names.length).parallel().forEach(i -> {
            AppEntry a = this.apps.get(i);
            names[i] = words(nonNull(a.name()) + " " + nonNull(a.appId()));
            // The keywords count as summary words, as in the client's search.
            summaries[i] = words(nonNull(a.summary()) + " " + nonNull(keywords.get(a.appId())));
        });
    }

    /** Indexes {@code apps} (their order is the order of equally good matches). */
    static AppFinder of(List<AppEntry> apps) {
        return of(apps, java.util.Map.of());
    }

    /** As {@link #of(List)}, each app found by its {@code keywords} (by app id, space-separated) too. */
    static AppFinder of(List<AppEntry> apps, java.util.Map<String, String> keywords) {
        return new AppFinder(Objects.requireNonNull(apps, "apps"), Objects.requireNonNull(keywords, "keywords"));
    }

    /** The list it searches. */
    List<AppEntry> apps() {
        return apps;
    }

    /**
     * At most {@code limit} apps matching every word of {@code text}, best first, only in {@code category} when it
     * is not null; a blank text lists the category (or every app) in the list's order.
     */
    synchronized List<AppEntry> find(String text, String category, int limit) {
        String[] typed = words(nonNull(text)).trim().split(" ");
        boolean noWords = typed.length == 1 && typed[0].isEmpty();
        // Typing on narrows the last answer: an app that matches "edi" matched "ed", so only those are looked at.
        int[] candidates = !noWords && refines(typed, category) ? lastMatched : null;
        int[] matched = new int[candidates == null ? names.length : candidates.length];
        int matchedCount = 0;
        int max = noWords ? 1 : typed.length * NAME_WHOLE;
        // One bucket per score: matches come out best first and, within a score, in list order, with no sort.
        List<List<AppEntry>> byScore = new ArrayList<>(max + 1);
        for (int s = 0; s <= max; s++) {
            byScore.add(new ArrayList<>());
        }
        int found = 0;
        int count = candidates == null ? names.length : candidates.length;
        for (int c = 0; c < count; c++) {
            int i = candidates == null ? c : candidates[c];
            AppEntry a = apps.get(i);
            if (category != null && !category.equalsIgnoreCase(a.category())) {
                continue;
            }
            int score = 0;
            if (noWords) {
                score = 1;
            } else {
                for (String w : typed) {
                    int s = Math.max(score(names[i], w, NAME_WHOLE, NAME_START),
                            score(summaries[i], w, SUMMARY_WHOLE, SUMMARY_START));
                    if (s == 0) {
                        score = 0;
                        break;
                    }
                    score += s;
                }
            }
            if (score == 0) {
                continue;
            }
            matched[matchedCount++] = i;
            List<AppEntry> bucket = byScore.get(score);
            // Enough apps scored at least this well already: this one can never be shown.
            if (found >= limit && score <= lowestKept(byScore, limit)) {
                continue;
            }
            bucket.add(a);
            found++;
        }
        lastWords = noWords ? null : typed;
        lastCategory = category;
        lastMatched = java.util.Arrays.copyOf(matched, matchedCount);
        List<AppEntry> out = new ArrayList<>(Math.min(found, limit));
        for (int s = max; s > 0 && out.size() < limit; s--) {
            for (AppEntry a : byScore.get(s)) {
                if (out.size() == limit) {
                    break;
                }
                out.add(a);
            }
        }
        return out;
    }

    /** Whether every app matching {@code typed} in {@code category} is among the last answer's matches. */
    private boolean refines(String[] typed, String category) {
        if (lastWords == null || !Objects.equals(lastCategory, category) || typed.length < lastWords.length) {
            return false;
        }
        for (int i = 0; i < lastWords.length; i++) {
            if (!typed[i].startsWith(lastWords[i])) {
                return false;
            }
        }
        return true;
    }

    /** The lowest score among the best {@code limit} found so far. */
    private static int lowestKept(List<List<AppEntry>> byScore, int limit) {
        int kept = 0;
        for (int s = byScore.size() - 1; s > 0; s--) {
            kept += byScore.get(s).size();
            if (kept >= limit) {
                return s;
            }
        }
        return 0;
    }

    /** How well {@code word} matches {@code words}: {@code whole} as a whole word, {@code start} as a word's beginning. */
    private static int score(String words, String word, int whole, int start) {
        int best = 0;
        int from = 0;
        while (true) {
            int at = words.indexOf(word, from);
            if (at < 0) {
                return best;
            }
            if (words.charAt(at - 1) == ' ') {
                int end = at + word.length();
                if (end == words.length() || words.charAt(end) == ' ') {
                    return whole;
                }
                best = start;
            }
            from = at + 1;
        }
    }

    /** Lower case, every run of characters other than letters and digits one space, a space in front. */
    static String words(String text) {
        StringBuilder b = new StringBuilder(text.length() + 1).append(' ');
        boolean space = true;
        String lower = text.toLowerCase(Locale.ROOT);
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                b.append(c);
                space = false;
            } else if (!space) {
                b.append(' ');
                space = true;
            }
        }
        int end = b.length();
        if (space && end > 1) {
            end--;
        }
        return b.substring(0, end);
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
