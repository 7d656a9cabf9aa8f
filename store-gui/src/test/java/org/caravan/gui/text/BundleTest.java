package org.caravan.gui.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The window's words are ready for translation: every key the code asks for is in the English bundle, no
 * control or status line of the Explore screen is written in the code, and quotes follow MessageFormat's rule.
 */
class BundleTest {
    private static final Path SOURCES = Path.of("src/main/java/org/caravan/gui");
    /** A key asked for in the code: Texts.get("key" ... (keys chosen at run time are checked where they are made). */
    private static final Pattern KEY = Pattern.compile("Texts\\.get\\(\\s*\"([a-zA-Z0-9._-]+)\"\\s*[,)]");
    /** English words handed straight to a control, a model property or the status line. */
    private static final Pattern HARD_CODED = Pattern.compile("(new (Label|Button|Tooltip|MenuItem|MenuButton|"
            + "javafx\\.scene\\.control\\.\\w+)\\(|set(Text|AccessibleText|PromptText)\\(|report\\(StatusKind\\.\\w+, "
            + "|new Said\\(StatusKind\\.\\w+, |SimpleStringProperty\\(this, \"\\w+\", )\"[A-Za-z][^\"]*\"");

    private static Properties bundle() throws IOException {
        Properties p = new Properties();
        try (InputStream in = Texts.class.getResourceAsStream("messages.properties")) {
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    private static List<Path> sources(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }

    @Test
    void everyKeyTheWindowAsksForIsInTheBundle() throws IOException {
        Properties bundle = bundle();
        List<String> missing = new ArrayList<>();
        int used = 0;
        for (Path f : sources(SOURCES)) {
            Matcher m = KEY.matcher(Files.readString(f));
            while (m.find()) {
                used++;
                if (!bundle.containsKey(m.group(1))) {
                    missing.add(f.getFileName() + ": " + m.group(1));
                }
            }
        }
        assertTrue(used > 100, "the scan found the window's keys (" + used + ")");
        assertEquals(List.of(), missing, "keys the window asks for that the bundle lacks");
    }

    @Test
    void theExploreScreenWritesNoWordsInTheCode() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path f : sources(SOURCES.resolve("catalog"))) {
            List<String> lines = Files.readAllLines(f);
            for (int i = 0; i < lines.size(); i++) {
                if (HARD_CODED.matcher(lines.get(i)).find()) {
                    found.add(f.getFileName() + ":" + (i + 1) + ": " + lines.get(i).trim());
                }
            }
        }
        assertEquals(List.of(), found, "user-visible English in the code: move it to messages.properties");
    }

    @Test
    void quotesFollowMessageFormatsRule() throws IOException {
        // Texts formats a line only when it has arguments: there '' is one quote; without, a quote is itself.
        List<String> wrong = new ArrayList<>();
        bundle().forEach((k, v) -> {
            String text = (String) v;
            boolean formatted = text.matches("(?s).*\\{\\d.*");
            if (formatted ? text.replace("''", "").contains("'") : text.contains("''")) {
                wrong.add(k + "=" + text);
            }
        });
        assertEquals(List.of(), wrong);
    }
}
