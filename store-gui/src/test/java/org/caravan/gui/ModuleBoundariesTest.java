package org.caravan.gui;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import javafx.application.Platform;
import org.caravan.gui.fx.FxBridge;
import org.junit.jupiter.api.Test;

/** The module lines of DESIGN.md, checked on the compiled classes (the jars of keyring and store-core included). */
class ModuleBoundariesTest {

    private static final JavaClasses GUI = new ClassFileImporter().importPackages("org.caravan.gui");
    private static final JavaClasses DOMAIN = new ClassFileImporter().importPackages("org.caravan.keyring", "org.caravan.core");

    @Test
    void guiUsesNeitherLibtorrentNorBouncyCastle() {
        noClasses().that().resideInAPackage("org.caravan.gui..")
                .should().dependOnClassesThat().resideInAnyPackage("org.libtorrent4j..", "org.bouncycastle..")
                .because("the GUI talks to the domain only through CaravanClient")
                .check(GUI);
    }

    @Test
    void keyringAndCoreKnowNothingOfJavaFx() {
        noClasses().that().resideInAnyPackage("org.caravan.keyring..", "org.caravan.core..")
                .should().dependOnClassesThat().resideInAPackage("javafx..")
                .because("domain modules must run without a window")
                .check(DOMAIN);
    }

    @Test
    void onlyTheBridgeHandsWorkToTheFxThread() {
        noClasses().that().resideInAPackage("org.caravan.gui..").and().doNotBelongToAnyOf(FxBridge.class)
                .should().callMethod(Platform.class, "runLater", Runnable.class)
                .because("FxBridge is the one door to the FX thread")
                .check(GUI);
    }
}
