package org.caravan.core.pkg;

import static org.caravan.core.pkg.TestPackages.bytes;
import static org.caravan.core.pkg.TestPackages.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The manifest's plugin section and required client version: canonical, checked, and absent when unused. */
class PluginManifestTest {
    static final PackageMetadata FACTS = new PackageMetadata("org.example.facts", Version.parse("1.0.0"),
            PackageType.PLUGIN, "Facts", "A panel", "utilities", "");
    static final FileEntry JAR = entry("lib/facts.jar", bytes("PK fake jar"));
    static final PluginSpec SPEC = new PluginSpec(PluginSpec.APP_PAGE_PANEL, "org.example.facts.Panel", "lib/facts.jar");

    @Test
    void pluginSectionAndRequiredClientRoundTripInCanonicalOrder() {
        Manifest m = Manifest.of(FACTS, List.of(JAR), Version.parse("0.2.0"), SPEC);
        String json = new String(m.toJson(), StandardCharsets.UTF_8);
        assertTrue(json.contains(",\"name\":\"Facts\",\"plugin\":{\"classPath\":\"lib/facts.jar\",\"extensionPoint\":"
                + "\"app-page-panel\",\"mainClass\":\"org.example.facts.Panel\"},\"requiresClient\":\"0.2.0\",\"summary\""),
                json);
        Manifest back = Manifest.fromJson(m.toJson());
        assertEquals(m, back);
        assertEquals(SPEC, back.plugin());
        assertEquals(Version.parse("0.2.0"), back.requiresClient());
    }

    @Test
    void manifestsWithoutTheNewFieldsKeepTheirBytes() {
        Manifest m = Manifest.of(FACTS, List.of(JAR));
        String json = new String(m.toJson(), StandardCharsets.UTF_8);
        assertFalse(json.contains("plugin\":") || json.contains("requiresClient"), json);
        assertNull(Manifest.fromJson(m.toJson()).plugin());
    }

    @Test
    void badPluginSectionsAreRefusedNamingTheField() {
        PackageMetadata app = new PackageMetadata("org.example.app", Version.parse("1.0.0"), PackageType.APP, "App", "",
                "utilities", "");
        String onApp = assertThrows(IllegalArgumentException.class, () -> Manifest.of(app, List.of(JAR), null, SPEC))
                .getMessage();
        assertTrue(onApp.contains("only plugins have one") && onApp.contains("org.example.app"), onApp);
        String missingJar = assertThrows(IllegalArgumentException.class, () -> Manifest.of(FACTS,
                List.of(entry("README.txt", bytes("x"))), null, SPEC)).getMessage();
        assertTrue(missingJar.contains("'lib/facts.jar'") && missingJar.contains("not one of the package's files"),
                missingJar);
        String point = assertThrows(IllegalArgumentException.class,
                () -> new PluginSpec("toolbar", "a.B", "x.jar")).getMessage();
        assertTrue(point.contains("'toolbar'") && point.contains("app-page-panel"), point);
        String cls = assertThrows(IllegalArgumentException.class,
                () -> new PluginSpec(PluginSpec.APP_PAGE_PANEL, "not a class", "x.jar")).getMessage();
        assertTrue(cls.contains("'not a class'"), cls);
        String escape = assertThrows(IllegalArgumentException.class,
                () -> new PluginSpec(PluginSpec.APP_PAGE_PANEL, "a.B", "../x.jar")).getMessage();
        assertTrue(escape.contains("../x.jar"), escape);

        String good = new String(Manifest.of(FACTS, List.of(JAR), null, SPEC).toJson(), StandardCharsets.UTF_8);
        String unknown = assertThrows(IllegalArgumentException.class, () -> Manifest.fromJson(
                good.replace("\"mainClass\"", "\"agent\":\"x\",\"mainClass\"").getBytes(StandardCharsets.UTF_8))).getMessage();
        assertTrue(unknown.startsWith("field 'plugin.agent': unknown field"), unknown);
        String version = assertThrows(IllegalArgumentException.class, () -> Manifest.fromJson(
                good.replace("\"summary\"", "\"requiresClient\":\"soon\",\"summary\"").getBytes(StandardCharsets.UTF_8)))
                .getMessage();
        assertTrue(version.startsWith("field 'requiresClient'"), version);
    }
}
