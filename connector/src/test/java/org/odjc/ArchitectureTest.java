package org.odjc;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** docs/architecture.md §3: the dependency direction and the pure core. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.odjc");

    private static final String[] CORE = {"org.odjc.failure..", "org.odjc.domain..", "org.odjc.ndr..", "org.odjc.odj..",
        "org.odjc.provisioning..", "org.odjc.diagnostics.."};
    private static final String ADAPTERS = "org.odjc.(ldap|locator|kerberos|cloud|journal|proxy|telemetry|http|config|platform)..";

    @Test
    void dependenciesPointInward() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .layer("entry").definedBy("org.odjc.cli..", "org.odjc.host..")
                .layer("adapters").definedBy("org.odjc.ldap..", "org.odjc.locator..", "org.odjc.kerberos..",
                        "org.odjc.cloud..", "org.odjc.journal..", "org.odjc.proxy..", "org.odjc.telemetry..",
                        "org.odjc.http..", "org.odjc.config..", "org.odjc.platform..")
                .layer("usecases").definedBy("org.odjc.provisioning..", "org.odjc.diagnostics..")
                .layer("odj").definedBy("org.odjc.odj..")
                .layer("ndr").definedBy("org.odjc.ndr..")
                .layer("domain").definedBy("org.odjc.domain..")
                .layer("failure").definedBy("org.odjc.failure..")
                .whereLayer("entry").mayNotBeAccessedByAnyLayer()
                .whereLayer("adapters").mayOnlyBeAccessedByLayers("entry")
                .whereLayer("usecases").mayOnlyBeAccessedByLayers("entry", "adapters")
                .whereLayer("odj").mayOnlyBeAccessedByLayers("entry", "adapters", "usecases")
                .whereLayer("ndr").mayOnlyBeAccessedByLayers("entry", "adapters", "usecases", "odj")
                .whereLayer("domain").mayOnlyBeAccessedByLayers("entry", "adapters", "usecases", "odj", "ndr")
                .check(CLASSES);
    }

    @Test
    void theCoreUsesNoThirdPartyTypes() {
        noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideOutsideOfPackages("org.odjc..", "java..")
                .check(CLASSES);
    }

    @Test
    void theCoreDoesNoIoReadsNoClockAndLogsNothing() {
        noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage("java.nio.file..", "java.nio.channels..", "java.net..",
                        "java.sql..", "java.util.logging..", "java.lang.management..")
                .orShould().dependOnClassesThat().belongToAnyOf(java.io.File.class, java.io.FileInputStream.class,
                        java.io.FileOutputStream.class, java.io.RandomAccessFile.class, java.io.FileReader.class,
                        java.io.FileWriter.class, java.io.Console.class, ProcessBuilder.class, Thread.class)
                .orShould().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(java.time.Clock.class, "systemUTC")
                .orShould().callMethod(java.time.Clock.class, "systemDefaultZone")
                .orShould().callMethod(System.class, "getenv", String.class)
                .check(CLASSES);
    }

    @Test
    void hostOnlyWiresAndOpensNoSockets() {
        // the probes that connect are the adapters' (docs/architecture.md §3): host constructs them
        noClasses().that().resideInAPackage("org.odjc.host..")
                .should().dependOnClassesThat().belongToAnyOf(java.net.Socket.class, java.net.ServerSocket.class,
                        java.net.DatagramSocket.class, java.net.MulticastSocket.class, javax.net.SocketFactory.class,
                        javax.net.ssl.SSLSocket.class, javax.net.ssl.SSLServerSocket.class,
                        javax.net.ssl.SSLSocketFactory.class, java.nio.channels.SocketChannel.class,
                        java.nio.channels.ServerSocketChannel.class, java.nio.channels.DatagramChannel.class)
                .check(CLASSES);
    }

    @Test
    void theCoreDrawsNoRandomnessItselfItIsHandedIn() {
        noClasses().that().resideInAnyPackage(CORE)
                .should().callConstructor(java.util.Random.class)
                .orShould().callConstructor(java.util.Random.class, long.class)
                .orShould().callConstructor(java.security.SecureRandom.class)
                .orShould().callConstructor(java.security.SecureRandom.class, byte[].class)
                .orShould().callMethod(java.security.SecureRandom.class, "getInstance", String.class)
                .orShould().callMethod(java.security.SecureRandom.class, "getInstanceStrong")
                .orShould().callMethod(java.util.UUID.class, "randomUUID")
                .orShould().callMethod(Math.class, "random")
                .orShould().callMethod(java.util.concurrent.ThreadLocalRandom.class, "current")
                .check(CLASSES);
    }

    @Test
    void theConnectorNeverUsesTheDispatcherItMeetsOnlyAtTheProtocol() {
        // (the demo module runs both in one process; the connector has the dispatcher in test scope only)
        noClasses().that().resideOutsideOfPackage("org.odjc.dispatcher..")
                .should().dependOnClassesThat().resideInAPackage("org.odjc.dispatcher..")
                .allowEmptyShould(true).check(CLASSES);
    }

    @Test
    void theSharedFileModuleKnowsNothingOfEitherSide() {
        // odjc-common is shared with the dispatcher: file and TLS mechanics only, no connector (or dispatcher) types
        noClasses().that().resideInAnyPackage("org.odjc.files..", "org.odjc.tls..")
                .should().dependOnClassesThat().resideOutsideOfPackages("org.odjc.files..", "org.odjc.tls..", "java..",
                        "javax.net.ssl..")
                .check(CLASSES);
    }

    @Test
    void adaptersDoNotImportEachOther() {
        slices().matching(ADAPTERS).should().notDependOnEachOther().allowEmptyShould(true).check(CLASSES);
    }
}
