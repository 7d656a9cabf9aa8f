package org.caravan.core.pkg;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks a licence as an SPDX license expression (SPDX specification 2.3, annex D): license ids from the SPDX
 * license list (a copy ships in this jar), {@code LicenseRef-...} for licences not on it, {@code +},
 * {@code WITH exception}, {@code AND}, {@code OR} and parentheses. Ids match case-insensitively, as the
 * specification says; the checked expression is given back with each id spelled as the list spells it.
 */
public final class SpdxExpression {
    private static final Pattern REF = Pattern.compile("(DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+");
    /** Ids the list keeps for old documents (GPL-3.0 is now GPL-3.0-only or -or-later): valid, never suggested. */
    private static final Set<String> DEPRECATED = new java.util.HashSet<>();
    private static final Map<String, String> LICENSES = load("spdx-licenses.txt");
    private static final Map<String, String> EXCEPTIONS = load("spdx-exceptions.txt");

    private SpdxExpression() {}

    /**
     * Returns the expression with ids in their list spelling.
     *
     * @throws IllegalArgumentException naming the token at fault and, for an unknown id, the nearest ids
     */
    public static String check(String expression) {
        return check(expression, true);
    }

    /**
     * Checks only the grammar and the shape of each id, not that the SPDX list names it: what a reader of a
     * signed manifest or catalog does, so that a licence added to the list after this client was built does not
     * make a package unreadable. Builders and stores check against the list ({@link #check(String)}).
     */
    public static String checkSyntax(String expression) {
        return check(expression, false);
    }

    private static final Pattern ID_SHAPE = Pattern.compile("[A-Za-z0-9.-]+\\+?");

    private static String check(String expression, boolean known) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("licence is empty: give an SPDX expression such as MIT or"
                    + " GPL-3.0-or-later (https://spdx.org/licenses/)");
        }
        List<String> tokens = tokens(expression);
        Parser p = new Parser(expression, tokens, known);
        String out = p.or();
        if (p.at < tokens.size()) {
            throw p.error("unexpected '" + tokens.get(p.at) + "'");
        }
        return out;
    }

    private static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == ' ') {
                i++;
            } else if (c == '(' || c == ')') {
                out.add(String.valueOf(c));
                i++;
            } else {
                int j = i;
                while (j < s.length() && s.charAt(j) != ' ' && s.charAt(j) != '(' && s.charAt(j) != ')') {
                    j++;
                }
                out.add(s.substring(i, j));
                i = j;
            }
        }
        return out;
    }

    private static final class Parser {
        final String text;
        final List<String> tokens;
        final boolean known;
        int at;

        Parser(String text, List<String> tokens, boolean known) {
            this.text = text;
            this.tokens = tokens;
            this.known = known;
        }

        String or() {
            String left = and();
            while (at < tokens.size() && tokens.get(at).equalsIgnoreCase("OR")) {
                at++;
                left = left + " OR " + and();
            }
            return left;
        }

        String and() {
            String left = with();
            while (at < tokens.size() && tokens.get(at).equalsIgnoreCase("AND")) {
                at++;
                left = left + " AND " + with();
            }
            return left;
        }

        String with() {
            String simple = simple();
            if (at < tokens.size() && tokens.get(at).equalsIgnoreCase("WITH")) {
                at++;
                if (at >= tokens.size()) {
                    throw error("WITH needs an exception id after it");
                }
                String e = tokens.get(at++);
                if (!this.known) {
                    if (!ID_SHAPE.matcher(e).matches()) {
                        throw error("'" + e + "' is not an exception id");
                    }
                    return simple + " WITH " + e;
                }
                String known = EXCEPTIONS.get(e.toLowerCase(Locale.ROOT));
                if (known == null) {
                    throw error("unknown SPDX exception id '" + e + "'" + nearest(e, EXCEPTIONS));
                }
                return simple + " WITH " + known;
            }
            return simple;
        }

        String simple() {
            if (at >= tokens.size()) {
                throw error("it ends where a licence id was expected");
            }
            String t = tokens.get(at++);
            if (t.equals("(")) {
                String inner = or();
                if (at >= tokens.size() || !tokens.get(at).equals(")")) {
                    throw error("a '(' is not closed");
                }
                at++;
                return "(" + inner + ")";
            }
            if (t.equals(")") || Set.of("and", "or", "with").contains(t.toLowerCase(Locale.ROOT))) {
                throw error("'" + t + "' where a licence id was expected");
            }
            if (REF.matcher(t).matches()) {
                return t;
            }
            if (!known) {
                if (!ID_SHAPE.matcher(t).matches()) {
                    throw error("'" + t + "' is not a licence id (letters, digits, '.' and '-')");
                }
                return t;
            }
            boolean plus = t.endsWith("+") && t.length() > 1;
            String id = plus ? t.substring(0, t.length() - 1) : t;
            String known = LICENSES.get(id.toLowerCase(Locale.ROOT));
            if (known == null) {
                throw error("unknown SPDX license id '" + id + "'" + nearest(id, LICENSES)
                        + "; licences not on the SPDX list are written LicenseRef-NAME");
            }
            return known + (plus ? "+" : "");
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("invalid licence '" + text + "': " + what
                    + " (an SPDX expression such as MIT, GPL-3.0-or-later or Apache-2.0 OR MIT; https://spdx.org/licenses/)");
        }
    }

    /** ", did you mean A or B?" for the closest ids by edit distance, or nothing when none is close. */
    static String nearest(String id, Map<String, String> known) {
        String lower = id.toLowerCase(Locale.ROOT);
        // "gpl3" means GPL-3.0-...: ids that start with what was typed, punctuation aside, come first.
        String bare = lower.replaceAll("[^a-z0-9]", "");
        List<String> prefixed = known.entrySet().stream()
                .filter(e -> !bare.isEmpty() && e.getKey().replaceAll("[^a-z0-9]", "").startsWith(bare))
                .map(Map.Entry::getValue).filter(v -> !DEPRECATED.contains(v))
                .sorted(Comparator.comparing(String::length).thenComparing(Comparator.naturalOrder()))
                .limit(3).toList();
        if (!prefixed.isEmpty()) {
            return ", did you mean " + String.join(" or ", prefixed) + "?";
        }
        List<String> close = known.entrySet().stream()
                .filter(e -> !DEPRECATED.contains(e.getValue()))
                .map(e -> Map.entry(e.getValue(), distance(lower, e.getKey())
                        - (e.getKey().startsWith(lower) ? 2 : 0)))
                .filter(e -> e.getValue() <= Math.max(2, lower.length() / 3))
                .sorted(Comparator.comparing((Map.Entry<String, Integer> e) -> e.getValue()).thenComparing(Map.Entry::getKey))
                .limit(3).map(Map.Entry::getKey).toList();
        return close.isEmpty() ? "" : ", did you mean " + String.join(" or ", close) + "?";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1),
                        prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static Map<String, String> load(String resource) {
        Map<String, String> out = new HashMap<>();
        try (InputStream in = SpdxExpression.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the SPDX list " + resource + " is missing from the class path");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            boolean deprecated = false;
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("# deprecated")) {
                    deprecated = true;
                }
                if (deprecated && !line.startsWith("#")) {
                    DEPRECATED.add(line.trim());
                }
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.put(line.trim().toLowerCase(Locale.ROOT), line.trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the SPDX list " + resource, e);
        }
        return Map.copyOf(out);
    }

    /** Every known license id, sorted (for docs and completion). */
    static Set<String> licenseIds() {
        return new TreeSet<>(LICENSES.values());
    }
}
