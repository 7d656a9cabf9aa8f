package org.caravan.tools.guide;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell steps of a Markdown document, in order, as {@link UserGuideIT} runs them.
 *
 * <p>A step is a fenced block whose info string starts with {@code sh}, {@code bash} or {@code shell}. A
 * fenced {@code output} block that follows it (only blank lines between) is what the step must print; a
 * {@code <!-- guide-test: skip REASON -->} comment on the line before a fence leaves that block out (a
 * window, a build inside the build). Fences may be indented (a block inside a list item).
 */
record GuideDocument(String name, List<Step> steps) {
    private static final Pattern FENCE = Pattern.compile("^(\\s*)```\\s*(\\S*).*$");
    private static final Pattern SKIP = Pattern.compile("<!--\\s*guide-test:\\s*skip\\b(.*?)-->");

    /** One runnable block: where it is, its text, and the lines it must print, if the document shows them. */
    record Step(int line, String section, String script, Optional<List<String>> expected, Optional<String> skipped) {
        String where() {
            return "line " + line + " (" + section + ")";
        }
    }

    static GuideDocument parse(String name, String markdown) {
        String[] lines = markdown.split("\n", -1);
        List<Step> steps = new ArrayList<>();
        String section = "(top)";
        String skipReason = null;
        boolean blankSinceLastStep = true;
        boolean proseSinceLastStep = true;
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            Matcher fence = FENCE.matcher(l);
            if (!fence.matches()) {
                if (l.startsWith("#")) {
                    section = l.replaceFirst("^#+\\s*", "");
                }
                Matcher skip = SKIP.matcher(l);
                if (skip.find()) {
                    skipReason = skip.group(1).strip();
                } else if (!l.isBlank()) {
                    skipReason = null;
                    proseSinceLastStep = true;
                }
                continue;
            }
            String indent = fence.group(1);
            String info = fence.group(2);
            int start = i + 1;
            StringBuilder body = new StringBuilder();
            i++;
            while (i < lines.length && !lines[i].strip().equals("```")) {
                String c = lines[i];
                body.append(c.startsWith(indent) ? c.substring(indent.length()) : c.stripLeading()).append('\n');
                i++;
            }
            if (i >= lines.length) {
                throw new IllegalArgumentException(name + ": the block at line " + start + " is not closed");
            }
            if (info.equals("sh") || info.equals("bash") || info.equals("shell")) {
                steps.add(new Step(start, section, body.toString(), Optional.empty(), Optional.ofNullable(skipReason)));
                proseSinceLastStep = false;
            } else if (info.equals("output")) {
                if (steps.isEmpty() || proseSinceLastStep) {
                    throw new IllegalArgumentException(name + ": the output block at line " + start
                            + " does not follow a shell block");
                }
                Step last = steps.remove(steps.size() - 1);
                List<String> expected = body.toString().lines().toList();
                steps.add(new Step(last.line(), last.section(), last.script(), Optional.of(expected), last.skipped()));
                proseSinceLastStep = true;
            }
            skipReason = null;
        }
        return new GuideDocument(name, List.copyOf(steps));
    }

    /**
     * Whether {@code actual} shows every {@code expected} line, in order, other lines allowed between them. In
     * an expected line {@code ...} stands for any text and {@code <WORD>} (a placeholder such as
     * {@code <fingerprint>}) for one or more characters other than a space; trailing spaces do not count.
     * Returns the first expected line not found, or empty when all are.
     */
    static Optional<String> missingLine(List<String> expected, List<String> actual) {
        int at = 0;
        for (String e : expected) {
            Pattern p = linePattern(e);
            while (at < actual.size() && !p.matcher(actual.get(at).stripTrailing()).matches()) {
                at++;
            }
            if (at >= actual.size()) {
                return Optional.of(e);
            }
            at++;
        }
        return Optional.empty();
    }

    static Pattern linePattern(String expected) {
        StringBuilder re = new StringBuilder();
        Matcher m = Pattern.compile("\\.\\.\\.|<[A-Za-z][A-Za-z0-9_-]*>").matcher(expected.stripTrailing());
        int last = 0;
        while (m.find()) {
            re.append(Pattern.quote(expected.substring(last, m.start())));
            re.append(m.group().equals("...") ? ".*" : "\\S+");
            last = m.end();
        }
        re.append(Pattern.quote(expected.stripTrailing().substring(last)));
        return Pattern.compile(re.toString());
    }
}
