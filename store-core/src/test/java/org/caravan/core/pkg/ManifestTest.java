package org.caravan.core.pkg;

import static org.caravan.core.pkg.TestPackages.EDITOR;
import static org.caravan.core.pkg.TestPackages.bytes;
import static org.caravan.core.pkg.TestPackages.entry;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestTest {

    private static final FileEntry EDITOR_BIN = entry("bin/editor", bytes("#!/bin/sh\necho hi\n"));
    private static final FileEntry README = entry("README.txt", bytes("read me"));

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @ParameterizedTest
    @ValueSource(strings = {"editor", "Org.example.editor", "org..editor", "org.-editor", "org.editor-",
            "1org.editor", "org.example.editor.", "org.ex_ample", "org.exämple"})
    void badIdsAreRefusedNamingTheFieldAndValue(String id) {
        String m = message(() -> PackageMetadata.of(id, "1.0.0", "app", "N", "", "Office", ""));
        assertTrue(m.startsWith("invalid id '" + id + "'"), m);
        assertTrue(m.contains("dot-separated labels"), m);
    }

    @ParameterizedTest
    @ValueSource(strings = {"org.example", "org.example.editor", "io.github.some-user.tool2", "com.1password.app"})
    void goodIdsAreAccepted(String id) {
        assertEquals(id, PackageMetadata.requireValidId(id));
    }

    @Test
    void badTypeAndVersionNameTheValue() {
        String t = message(() -> PackageMetadata.of("org.example.editor", "1.0.0", "theme", "N", "", "Office", ""));
        assertTrue(t.contains("invalid package type 'theme'") && t.contains("'app' or 'plugin'"), t);
        String v = message(() -> PackageMetadata.of("org.example.editor", "1.0", "app", "N", "", "Office", ""));
        assertTrue(v.contains("invalid version '1.0'"), v);
        String upper = message(() -> PackageType.parse("App"));
        assertTrue(upper.contains("'App'") && upper.contains("lower case"), upper);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../evil", "bin/../../evil", "/etc/passwd", "a//b", "./a", "a\\b", "C:/x", "con.txt",
            "bin/NUL", "a/b.", "", "tab\there"})
    void unsafeFilePathsAreRefusedNamingThePath(String path) {
        String m = message(() -> new FileEntry(path, 1, "0".repeat(64)));
        assertTrue(m.startsWith("invalid file path '" + path.replace("\t", "\\u0009") + "'"), m);
    }

    @Test
    void shaMustBeLowerCaseHex() {
        String m = message(() -> new FileEntry("a", 1, "A".repeat(64)));
        assertTrue(m.contains("invalid sha256") && m.contains("'a'") && m.contains("upper case"), m);
    }

    @Test
    void launchMustNameOneOfTheFiles() {
        String m = message(() -> Manifest.of(EDITOR, List.of(README)));
        assertTrue(m.contains("invalid launch 'bin/editor --new-window'")
                && m.contains("'bin/editor' is not one of the package's files"), m);
        String abs = message(() -> new PackageMetadata("org.example.editor", TestPackages.VERSION, PackageType.APP,
                "N", "", "Office", "/usr/bin/rm -rf"));
        assertTrue(abs.contains("invalid launch") && abs.contains("is absolute"), abs);
    }

    @Test
    void filesThatCollideOnCaseInsensitiveDisksOrNestInAFileAreRefused() {
        String clash = message(() -> Manifest.of(EDITOR, List.of(EDITOR_BIN, entry("readme.txt", bytes("x")), README)));
        assertTrue(clash.contains("clashes with") && clash.contains("README.txt"), clash);
        String nest = message(() -> Manifest.of(EDITOR, List.of(EDITOR_BIN, entry("bin/editor/x", bytes("x")))));
        assertTrue(nest.contains("'bin/editor' is a file"), nest);
        String twice = message(() -> Manifest.of(EDITOR, List.of(EDITOR_BIN, README, README)));
        assertTrue(twice.contains("'README.txt' is listed twice"), twice);
    }

    @Test
    void canonicalJsonHasSortedKeysAndDoesNotDependOnInputOrder() {
        Manifest a = Manifest.of(EDITOR, List.of(EDITOR_BIN, README));
        Manifest b = Manifest.of(EDITOR, List.of(README, EDITOR_BIN));
        assertArrayEquals(a.toJson(), b.toJson());
        String json = new String(a.toJson(), StandardCharsets.UTF_8);
        assertEquals("{\"category\":\"Office\",\"files\":[{\"executable\":false,\"path\":\"README.txt\",\"sha256\":\""
                + README.sha256() + "\",\"size\":7},{\"executable\":false,\"path\":\"bin/editor\",\"sha256\":\""
                + EDITOR_BIN.sha256() + "\",\"size\":" + EDITOR_BIN.size() + "}],\"formatVersion\":1,"
                + "\"id\":\"org.example.editor\",\"launch\":\"bin/editor --new-window\",\"name\":\"Editor\","
                + "\"summary\":\"A small text editor\",\"type\":\"app\",\"version\":\"1.2.0\"}", json);
        assertEquals(a, Manifest.fromJson(a.toJson()));
    }

    @Test
    void jsonErrorsNameTheField() {
        String good = new String(Manifest.of(EDITOR, List.of(EDITOR_BIN, README)).toJson(), StandardCharsets.UTF_8);
        assertTrue(parseError(good.replace("\"name\":\"Editor\",", "")).contains("field 'name': is missing"));
        assertTrue(parseError(good.replace(README.sha256(), "xyz")).contains("field 'files[0].sha256'"));
        assertTrue(parseError(good.replace("\"size\":7", "\"size\":-7")).contains("field 'files[0].size'"));
        assertTrue(parseError(good.replace("\"path\":\"README.txt\"", "\"path\":\"../README.txt\""))
                .contains("field 'files[0].path'"));
        assertTrue(parseError(good.replace("\"type\":\"app\"", "\"type\":\"game\"")).contains("field 'type'"));
        assertTrue(parseError(good.replace("\"version\":\"1.2.0\"", "\"version\":12")).contains("field 'version': must be a string"));
        assertTrue(parseError(good.replace("{\"category\"", "{\"extra\":1,\"category\"")).contains("field 'extra': unknown field"));
        assertTrue(parseError(good.replace("{\"category\"", "{\"id\":\"org.evil.app\",\"category\"")).contains("Duplicate field 'id'"));
        assertTrue(parseError(good + "{}").contains("not valid JSON"));
        assertTrue(parseError("[]").contains("not a JSON object"));
        Manifest.UnsupportedFormatException e = assertThrows(Manifest.UnsupportedFormatException.class,
                () -> Manifest.fromJson(good.replace("\"formatVersion\":1", "\"formatVersion\":2").getBytes(StandardCharsets.UTF_8)));
        assertEquals(2, e.formatVersion());
    }

    private static String parseError(String json) {
        return message(() -> Manifest.fromJson(json.getBytes(StandardCharsets.UTF_8)));
    }
}
