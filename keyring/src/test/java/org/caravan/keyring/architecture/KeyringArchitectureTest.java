package org.caravan.keyring.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** keyring sits at the bottom of the module graph: it knows nothing of torrents, databases or windows. */
class KeyringArchitectureTest {
    private static final JavaClasses KEYRING = new ClassFileImporter()
            // ArchUnit's own DO_NOT_INCLUDE_TESTS expects target/test-classes; builds here may use another folder.
            .withImportOption(location -> !location.contains("/test-classes/"))
            .importPackages("org.caravan.keyring");

    @Test
    void keyringDependsOnNoTorrentDatabaseOrGuiLibrary() {
        noClasses().that().resideInAPackage("org.caravan.keyring..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.libtorrent4j..", "org.h2..")
                .check(KEYRING);
    }

    @Test
    void keyringDependsOnNoOtherCaravanModule() {
        noClasses().that().resideInAPackage("org.caravan.keyring..")
                .should().dependOnClassesThat().resideInAnyPackage("org.caravan.core..", "org.caravan.tools..",
                        "org.caravan.gui..")
                .check(KEYRING);
    }

    @Test
    void keyPackageDoesNotReachIntoSignOrTrust() {
        noClasses().that().resideInAPackage("org.caravan.keyring.key..")
                .should().dependOnClassesThat().resideInAnyPackage("org.caravan.keyring.sign..", "org.caravan.keyring.trust..")
                .check(KEYRING);
    }
}
